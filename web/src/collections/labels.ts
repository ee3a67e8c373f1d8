import type { I18n } from '../i18n/context.js';
import { hasMessage } from '../i18n/translate.js';

type T = I18n['t'];

/** Names of the collections API's codes, from the locale files; a code they do not name yet shows as itself. */
function label(t: T, prefix: string, code: string | null | undefined): string {
  if (code === null || code === undefined) return '—';
  const key = `${prefix}.${code}`;
  return hasMessage(key) ? t(key) : code;
}

export const CONTACT_CHANNELS = ['call', 'sms', 'visit', 'im', 'email', 'letter'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export const PARTIES = ['borrower', 'guarantor', 'emergency_contact', 'third_party'] as const;
export type ContactParty = (typeof PARTIES)[number];
/** What a collector can hear on a call or visit (delivered / undelivered are for messages). */
export const OUTCOMES = ['right_party', 'promise', 'refused', 'wrong_number', 'no_answer', 'disputed', 'hardship', 'deceased', 'third_party_refused', 'delivered', 'undelivered'] as const;
export type ContactOutcome = (typeof OUTCOMES)[number];

export const actionLabel = (t: T, code: string | null | undefined) => label(t, 'coll.action', code);
export const channelLabel = (t: T, code: string | null | undefined) => label(t, 'coll.channel', code);
export const partyLabel = (t: T, code: string | null | undefined) => label(t, 'coll.party', code);
export const outcomeLabel = (t: T, code: string | null | undefined) => label(t, 'coll.outcome', code);
export const taskStatusLabel = (t: T, code: string | null | undefined) => label(t, 'coll.taskStatus', code);
export const promiseStateLabel = (t: T, code: string | null | undefined) => label(t, 'coll.promiseState', code);
export const segmentLabel = (t: T, code: string | null | undefined) => label(t, 'coll.segment', code);
export const ownerKindLabel = (t: T, code: string | null | undefined) => label(t, 'coll.ownerKind', code);
export const tagLabel = (t: T, code: string | null | undefined) => label(t, 'coll.tag', code);
export const holdKindLabel = (t: T, code: string | null | undefined) => label(t, 'coll.holdKind', code);
export const ownerWhyLabel = (t: T, code: string | null | undefined) => label(t, 'coll.ownerWhy', code);

export const TASK_STATUS_COLOR: Record<string, string> = { open: 'blue', held: 'orange', done: 'green', cancelled: 'default' };
export const PROMISE_STATE_COLOR: Record<string, string> = { active: 'blue', kept: 'green', broken: 'red', superseded: 'default' };
