import { type Kysely, sql } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import {
  type Channel,
  type Collector,
  type ContactContext,
  DAY_MS,
  type Hold,
  type HoldKind,
  type Instant,
  instantFromMs,
  type Outcome,
  packInForce,
  type Party,
  type PastAttempt,
  type RulePack,
  SHIPPED_PACKS,
} from '../../domain/compliance/index.js';
import type { Action } from '../../domain/collections/strategy.js';
import { JURISDICTION, lenderDate } from './time.js';

/**
 * What the compliance guard (src/domain/compliance) needs about a loan, read from the contact log
 * and the holds: the guard looks nothing up itself. The log's outcomes are the collector's words;
 * the guard counts conversations, unanswered calls and refusals, so each maps to one of its kinds.
 */
export const CONTACT_OUTCOMES = ['right_party', 'promise', 'refused', 'wrong_number', 'no_answer', 'disputed', 'hardship', 'deceased', 'third_party_refused', 'delivered', 'undelivered'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export const GUARD_OUTCOME: Record<ContactOutcome, Outcome> = {
  right_party: 'right_party_conversation',
  promise: 'right_party_conversation',
  refused: 'refused',
  wrong_number: 'wrong_number',
  no_answer: 'no_answer',
  disputed: 'right_party_conversation',
  hardship: 'right_party_conversation',
  // someone else told us: the debtor was not reached
  deceased: 'other_party_conversation',
  third_party_refused: 'refused',
  delivered: 'delivered',
  undelivered: 'undelivered',
};

/** The channel a strategy action is carried out on; null: no contact (a referral, a review). */
export const ACTION_CHANNEL: Record<Action | 'escalation', Channel | null> = {
  sms: 'sms',
  email: 'email',
  call: 'call',
  field_visit: 'visit',
  letter: 'letter',
  agency: null,
  legal_referral: null,
  repossession_review: null,
  escalation: null,
};

/** Per-day caps look back a day, Regulation F's frequency rules seven: eight days covers both. */
const LOOK_BACK_MS = 8 * DAY_MS;

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

export function packAt(at: Instant): RulePack {
  const choice = packInForce(SHIPPED_PACKS, JURISDICTION, lenderDate(at));
  if (!choice.ok) throw new AppError('conflict', choice.problem.message);
  return choice.pack;
}

/** An attempt (what: its channel) or a hold (what: its kind, ref: its reason), for one loan. */
interface ContextRow {
  loan_id: number;
  kind: 'attempt' | 'hold';
  at: string;
  until_at: string | null;
  what: string;
  party: Party | null;
  ref: string;
  outcome: ContactOutcome | null;
  number: string | null;
}

export async function contexts(db: Kysely<DB>, loanIds: readonly number[], now: Instant): Promise<Map<number, ContactContext>> {
  const map = new Map<number, ContactContext>();
  for (const id of loanIds) map.set(id, { history: [], holds: [] });
  if (loanIds.length === 0) return map;
  const ids = `{${loanIds.join(',')}}`;
  const since = new Date(now - LOOK_BACK_MS).toISOString();
  // attempts and holds in one round trip: a claim from the queue asks this for its candidates
  const { rows } = await sql<ContextRow>`
    SELECT k.loan_id, 'attempt' AS kind, k.at, NULL::timestamptz AS until_at, k.channel AS what, k.party, k.party_ref AS ref, k.outcome, k.number
      FROM collection_contact k
     WHERE k.loan_id = ANY (${ids}::bigint[]) AND k.status = 'made' AND k.at >= ${since}::timestamptz
       AND NOT EXISTS (SELECT 1 FROM collection_contact x WHERE x.corrects_id = k.id)
    UNION ALL
    SELECT h.loan_id, 'hold', h.from_at, least(h.until_at, h.released_at), h.kind, NULL, h.reason, NULL, NULL
      FROM collection_hold h WHERE h.loan_id = ANY (${ids}::bigint[])
     ORDER BY 3`.execute(db);
  for (const r of rows) {
    const ctx = map.get(r.loan_id)!;
    const at = instantFromMs(Date.parse(r.at));
    if (r.kind === 'attempt') {
      (ctx.history as PastAttempt[]).push({ at, channel: r.what as Channel, party: r.party!, partyId: r.ref, outcome: GUARD_OUTCOME[r.outcome!], ...(r.number ? { number: r.number } : {}) });
    } else {
      (ctx.holds as Hold[]).push({ kind: r.what as HoldKind, reason: r.ref, from: at, until: r.until_at === null ? null : instantFromMs(Date.parse(r.until_at)) });
    }
  }
  return map;
}

export async function collectorOf(db: Kysely<DB>, userId: number): Promise<Collector> {
  const p = await db.selectFrom('collector_profile').select('training_valid_until').where('user_id', '=', userId).executeTakeFirst();
  return { id: String(userId), trainingValidUntil: (p?.training_valid_until ?? null) as Collector['trainingValidUntil'] };
}

/** The borrower's mobile as of now: the latest effective fact. */
export async function borrowerMobile(db: Kysely<DB>, borrowerId: number): Promise<string | null> {
  const row = await db
    .selectFrom('borrower_fact')
    .select('value')
    .where('borrower_id', '=', borrowerId)
    .where('fact', '=', 'mobile')
    .orderBy('effective_from', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row?.value ?? null;
}

export interface PartyRef {
  party: Party;
  partyId: string;
  number: string | undefined;
}

/** Who is contacted: the borrower, one of their guarantors or emergency contacts, or a named third party. */
export async function resolveParty(
  db: Kysely<DB>,
  borrowerId: number,
  input: { party: Party; contactId?: number | undefined; thirdParty?: string | undefined; number?: string | undefined },
): Promise<PartyRef> {
  if (input.party === 'borrower') return { party: 'borrower', partyId: `borrower:${borrowerId}`, number: input.number ?? (await borrowerMobile(db, borrowerId)) ?? undefined };
  if (input.party === 'third_party') {
    if (!input.thirdParty) throw new AppError('validation', t('请写明第三方是谁', 'Say who the third party is'), [{ field: 'thirdParty', message: 'required for a third party' }]);
    return { party: 'third_party', partyId: `third:${input.thirdParty}`, number: input.number };
  }
  if (input.contactId === undefined) throw new AppError('validation', t('请选择担保人或紧急联系人', 'Choose the guarantor or emergency contact'), [{ field: 'contactId', message: `required for a ${input.party}` }]);
  const contact = await db.selectFrom('borrower_contact').select(['id', 'mobile']).where('id', '=', input.contactId).where('borrower_id', '=', borrowerId).where('role', '=', input.party).executeTakeFirst();
  if (!contact) throw new AppError('validation', t(`该借款人没有这个${input.party === 'guarantor' ? '担保人' : '紧急联系人'}`, `the borrower has no such ${input.party}`), [{ field: 'contactId', message: 'not found' }]);
  return { party: input.party, partyId: `contact:${contact.id}`, number: input.number ?? contact.mobile ?? undefined };
}
