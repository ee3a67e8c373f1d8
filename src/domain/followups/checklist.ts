import { type FactKind, readFactValue } from '../borrower-facts.js';

/**
 * The checklist of a follow-up, by channel, and how one answer is judged. Each answer keeps what
 * the file says, what was heard, and a verdict, so a reviewer sees the three side by side and a
 * later correction can say which one was wrong.
 */
export const CHANNELS = ['phone', 'message', 'field'] as const;
export type Channel = (typeof CHANNELS)[number];

export const ITEMS = [
  'reached',
  'identity',
  'mobile',
  'phone',
  'home_address',
  'employer',
  'position',
  'monthly_income',
  'vehicle_location',
  'vehicle_condition',
  'vehicle_usage',
  'loan_use',
  'willingness',
  'ability',
  'anything_changed',
] as const;
export type Item = (typeof ITEMS)[number];

/** Items whose value is one of a few words rather than free text. */
export const CHOICES: Partial<Record<Item, readonly string[]>> = {
  reached: ['yes', 'no'],
  identity: ['confirmed', 'not_confirmed'],
  vehicle_location: ['with_borrower', 'not_with_borrower', 'unknown'],
  vehicle_condition: ['good', 'damaged', 'not_seen'],
  vehicle_usage: ['personal', 'commercial', 'rented_out', 'pledged', 'unknown'],
  loan_use: ['as_declared', 'other'],
  willingness: ['willing', 'reluctant', 'refuses'],
  ability: ['able', 'strained', 'unable'],
  anything_changed: ['no', 'yes'],
};

const PHONE_ITEMS: readonly Item[] = ['reached', 'identity', 'mobile', 'home_address', 'employer', 'position', 'monthly_income', 'vehicle_location', 'vehicle_usage', 'loan_use', 'willingness', 'ability', 'anything_changed'];
export const CHECKLISTS: Record<Channel, readonly Item[]> = {
  phone: PHONE_ITEMS,
  // an SMS or email confirmation can only confirm what the borrower replies to
  message: ['reached', 'identity', 'mobile', 'home_address', 'anything_changed'],
  // a visit sees everything, the landline and the car's condition included
  field: ITEMS,
};

/** Field visits must bring evidence for these. */
export const NEEDS_PHOTO_AND_PLACE: readonly Item[] = ['vehicle_location', 'vehicle_condition'];

export type Verdict = 'matches' | 'differs' | 'could_not_verify';

export interface Answer {
  item: Item;
  /** what the file said when the follow-up was made (null when the file has nothing) */
  fileValue: string | null;
  /** what was heard or seen; null when it could not be asked or checked */
  heard: string | null;
  verdict: Verdict;
  evidence?: { photos: string[]; lat: number; lng: number };
}

/** The items that are borrower facts, with the fact kind they update. */
export const FACT_ITEMS: Partial<Record<Item, FactKind>> = {
  mobile: 'mobile',
  phone: 'phone',
  home_address: 'home_address',
  employer: 'employer',
  position: 'position',
  monthly_income: 'monthly_income',
};

/** Income within this share of the file still matches: people round their pay. */
export const INCOME_MATCH_TOLERANCE = 0.1;

function normalise(item: Item, value: string): string {
  const kind = FACT_ITEMS[item];
  if (kind !== undefined) {
    const read = readFactValue(kind, value);
    if (read.ok) return read.value;
  }
  return value.trim().replace(/\s+/g, '').toLowerCase();
}

/** The verdict the form suggests from the two values; the agent may still choose another. */
export function suggestVerdict(item: Item, fileValue: string | null, heard: string | null): Verdict {
  if (heard === null || heard.trim() === '') return 'could_not_verify';
  if (fileValue === null) return CHOICES[item] === undefined ? 'differs' : 'matches';
  if (item === 'monthly_income') {
    const a = Number(normalise(item, fileValue));
    const b = Number(normalise(item, heard));
    if (Number.isFinite(a) && Number.isFinite(b) && a > 0) return Math.abs(b - a) / a <= INCOME_MATCH_TOLERANCE ? 'matches' : 'differs';
  }
  return normalise(item, fileValue) === normalise(item, heard) ? 'matches' : 'differs';
}

export interface AnswerIssue {
  item: Item;
  zh: string;
  en: string;
}

/** Checks a completed checklist: every item of the channel answered once, choices valid, evidence on field visits. */
export function checkAnswers(channel: Channel, answers: readonly Answer[]): AnswerIssue[] {
  const issues: AnswerIssue[] = [];
  const seen = new Set<Item>();
  for (const a of answers) {
    if (seen.has(a.item)) issues.push({ item: a.item, zh: '同一项回答了两次', en: 'answered twice' });
    seen.add(a.item);
    if (!CHECKLISTS[channel].includes(a.item)) issues.push({ item: a.item, zh: `${channel} 回访没有此项`, en: `not on the ${channel} checklist` });
    const choices = CHOICES[a.item];
    if (choices !== undefined && a.heard !== null && !choices.includes(a.heard)) issues.push({ item: a.item, zh: `须为 ${choices.join('、')} 之一`, en: `must be one of ${choices.join(', ')}` });
    const kind = FACT_ITEMS[a.item];
    if (kind !== undefined && a.heard !== null && a.verdict === 'differs') {
      const read = readFactValue(kind, a.heard);
      if (!read.ok) issues.push({ item: a.item, zh: read.reason['zh-CN'], en: read.reason['en-US'] });
    }
    if (channel === 'field' && NEEDS_PHOTO_AND_PLACE.includes(a.item) && a.verdict !== 'could_not_verify' && (a.evidence === undefined || a.evidence.photos.length === 0)) {
      issues.push({ item: a.item, zh: '外访须附照片和定位', en: 'a field visit needs photos and a location' });
    }
  }
  const reached = answers.find((a) => a.item === 'reached')?.heard;
  for (const item of CHECKLISTS[channel]) {
    // an unreached borrower answers nothing else; a reached one answers everything
    if (!seen.has(item) && reached !== 'no') issues.push({ item, zh: '未回答', en: 'not answered' });
  }
  return issues;
}
