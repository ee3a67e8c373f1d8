import type { Answer, Item, Verdict } from './checklist.js';
import { deriveFromAnswers, type Derived, reconcile, type Reconciliation } from './derive.js';

/**
 * A completed follow-up is never edited. A correction is an amendment: the changed answers, a
 * reason and who filed it, pointing at the follow-up (or at the amendment) it corrects. Whether it
 * needs a supervisor follows from what it would change, not from a list someone must keep up to
 * date: an amendment that changes any derived fact, flag or task is risk-relevant.
 */
export interface AnswerChange {
  item: Item;
  heard: string | null;
  verdict: Verdict;
}

export class InvalidAmendment extends Error {
  constructor(readonly item: Item | null, message: string) {
    super(message);
  }
}

export function amendAnswers(current: readonly Answer[], changes: readonly AnswerChange[]): Answer[] {
  if (changes.length === 0) throw new InvalidAmendment(null, 'an amendment must change at least one answer');
  const items = new Set<Item>();
  for (const c of changes) {
    if (items.has(c.item)) throw new InvalidAmendment(c.item, 'the same item is changed twice');
    items.add(c.item);
    if (!current.some((a) => a.item === c.item)) throw new InvalidAmendment(c.item, 'the follow-up has no such answer');
  }
  const next = current.map((a) => {
    const c = changes.find((x) => x.item === a.item);
    return c === undefined ? a : { ...a, heard: c.heard, verdict: c.verdict };
  });
  if (next.every((a, i) => a.heard === current[i]!.heard && a.verdict === current[i]!.verdict)) throw new InvalidAmendment(null, 'the amendment changes nothing');
  return next;
}

export interface AmendmentEffect {
  answers: Answer[];
  before: Derived;
  after: Derived;
  changes: Reconciliation;
  needsApproval: boolean;
}

export function amendmentEffect(current: readonly Answer[], changes: readonly AnswerChange[]): AmendmentEffect {
  const answers = amendAnswers(current, changes);
  const before = deriveFromAnswers(current);
  const after = deriveFromAnswers(answers);
  const diff = reconcile(before, after);
  const touches = (d: Derived) => d.facts.length + d.flags.length + d.tasks.length + d.verified.length > 0;
  return { answers, before, after, changes: diff, needsApproval: touches(diff.retract) || touches(diff.add) };
}
