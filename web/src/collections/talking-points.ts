import type { MessageKey } from '../i18n/translate.js';

/**
 * What to say on this case, derived from where the strategy put it: its segment, the current
 * step's action, the tags and promise state the strategy saw, and the amount owed. The words live
 * in the locale files (coll.tp.*); this only chooses them, in the order a call runs: who you are
 * talking to, what is owed, what this segment calls for, what to avoid.
 */
export interface TalkingPoint {
  key: MessageKey;
  vars?: Record<string, string | number>;
}

export interface TalkingInput {
  segment: string | null;
  action: string | null;
  dpd: number | null;
  overdue: string;
  tags: readonly string[];
  promise: string | null;
}

const SEGMENT_POINTS: Record<string, MessageKey> = {
  'pre-due': 'coll.tp.segment.preDue',
  early: 'coll.tp.segment.early',
  mid: 'coll.tp.segment.mid',
  late: 'coll.tp.segment.late',
  hardship: 'coll.tp.segment.hardship',
  promised: 'coll.tp.segment.promised',
  malicious: 'coll.tp.segment.malicious',
  held: 'coll.tp.segment.held',
};

const TAG_POINTS: Record<string, MessageKey> = {
  dispute: 'coll.tp.tag.dispute',
  hardship: 'coll.tp.tag.hardship',
  deceased: 'coll.tp.tag.deceased',
  legal: 'coll.tp.tag.legal',
  fraud: 'coll.tp.tag.fraud',
  malicious: 'coll.tp.tag.malicious',
};

export function talkingPoints(input: TalkingInput): TalkingPoint[] {
  const points: TalkingPoint[] = [];
  const speaking = input.action === null || input.action === 'call' || input.action === 'field_visit';
  if (speaking) points.push({ key: 'coll.tp.verify' });
  if (input.dpd !== null && input.dpd > 0) points.push({ key: 'coll.tp.owed', vars: { dpd: input.dpd, amount: input.overdue } });
  const segment = input.segment === null ? undefined : SEGMENT_POINTS[input.segment];
  points.push({ key: segment ?? 'coll.tp.segment.other' });
  if (input.promise === 'broken') points.push({ key: 'coll.tp.promiseBroken' });
  for (const tag of input.tags) {
    const point = TAG_POINTS[tag];
    // the hardship segment already says it
    if (point && !(tag === 'hardship' && input.segment === 'hardship')) points.push({ key: point });
  }
  if (input.action === 'field_visit') points.push({ key: 'coll.tp.visit' });
  if (speaking) points.push({ key: 'coll.tp.promise' });
  points.push({ key: 'coll.tp.conduct' });
  return points;
}
