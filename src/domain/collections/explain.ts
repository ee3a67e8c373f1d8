import { type CollectionFacts, type Evaluation, evaluateStrategy } from './evaluate.js';
import type { Strategy } from './strategy.js';

/** What a strategy task shows of its evaluation, so anyone can see why it exists. */
export function explainEvaluation(e: Evaluation, f: CollectionFacts) {
  return {
    strategy: e.strategy,
    group: e.group,
    segment: e.segment,
    step: e.decision === null ? null : { code: e.decision.step, day: e.decision.day, anchor: e.decision.anchor, occurrence: e.decision.occurrence },
    facts: { dpd: f.dpd, bucket: f.bucket, overdueFen: f.overdueFen, tags: f.tags, promise: f.promise, oldestUnpaidDue: f.oldestUnpaidDue, nextDue: f.nextDue },
    skipped: e.explanation.skipped,
    matched: e.explanation.matched,
    why: e.explanation.step,
  };
}
export type TaskExplanation = ReturnType<typeof explainEvaluation>;

/**
 * A strategy task's explanation from what the task keeps: the facts its step was decided on and
 * the strategy version (and group) that decided it. Evaluation is a pure function and a published
 * version never changes, so this is the explanation the run saw, rebuilt in full; keeping it in
 * the row instead made each task about 2 KB, which every scan and update of the tasks paid for.
 */
export function explainFromFacts(strategy: Strategy, group: 'champion' | 'challenger', f: CollectionFacts): TaskExplanation {
  return explainEvaluation(evaluateStrategy(strategy, f, group), f);
}
