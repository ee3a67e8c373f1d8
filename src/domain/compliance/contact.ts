import type { BusinessDate } from '../business-date.js';
import type { Instant } from './instant.js';

/**
 * What the compliance guard is asked about: one contact attempt about to be made, and what is
 * known around it. Everything arrives as data; the guard never looks anything up.
 */

export const CHANNELS = ['call', 'sms', 'email', 'im', 'visit', 'letter'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Guarantors are debt-related; emergency contacts and anyone else are third parties (无关第三人). */
export const PARTIES = ['borrower', 'guarantor', 'emergency_contact', 'third_party'] as const;
export type Party = (typeof PARTIES)[number];

/** `locate` and `pass_message` are the only purposes a third party may be contacted for. */
export const PURPOSES = ['reminder', 'collection', 'negotiation', 'verification', 'locate', 'pass_message'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const OUTCOMES = [
  /** an effective conversation with the person called (有效通话) */
  'right_party_conversation',
  /** someone else answered */
  'other_party_conversation',
  'no_answer',
  'busy',
  'voicemail',
  'wrong_number',
  /** number not in service, address unknown (空号) */
  'invalid_number',
  /** the person reached refused further contact */
  'refused',
  'delivered',
  'undelivered',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** 停催 reasons. */
export const HOLD_KINDS = ['dispute', 'complaint', 'deceased', 'legal', 'hardship_review'] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];

export interface Collector {
  id: string;
  /** last day the collector's collection training is valid; null: never trained */
  trainingValidUntil: BusinessDate | null;
}

export interface ContactAttempt {
  at: Instant;
  channel: Channel;
  party: Party;
  /** the person contacted */
  partyId: string;
  /** the phone number (or address, handle) used; caps per number need it */
  number?: string;
  collector: Collector;
  disclosesDebt: boolean;
  purpose: Purpose;
}

/** An attempt already made, by the lender or any of its agencies. */
export interface PastAttempt {
  at: Instant;
  channel: Channel;
  party: Party;
  partyId: string;
  number?: string;
  outcome: Outcome;
}

export interface Hold {
  kind: HoldKind;
  reason: string;
  from: Instant;
  /** exclusive; null: until lifted */
  until: Instant | null;
}

/** A logged agreement by a person to be contacted at local hours the pack would otherwise forbid. */
export interface ConsentWindow {
  partyId: string;
  /** HH:MM local; a window may run past midnight (21:00–23:00, 22:00–01:00) */
  start: string;
  end: string;
}

export interface ContactContext {
  /** IANA zone of the person contacted; the pack's default zone when absent */
  timeZone?: string;
  /** attempts about this debt, every party, every channel; those at or after the attempt are ignored */
  history: readonly PastAttempt[];
  holds: readonly Hold[];
  consents?: readonly ConsentWindow[];
  /** the debtor is 失联 for a reason the history does not show (number invalid, deceased, no capacity) */
  debtorUnreachable?: boolean;
}

export type Text = { 'zh-CN': string; 'en-US': string };

export const text = (zh: string, en: string): Text => ({ 'zh-CN': zh, 'en-US': en });
