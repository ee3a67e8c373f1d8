import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { addDays } from '../../domain/business-date.js';
import { type CollectionFacts, type Evaluation, evaluateWithChallenger } from '../../domain/collections/evaluate.js';
import { summarisePreview } from '../../domain/collections/preview.js';
import { currentBusinessDate } from '../system/business-date.js';
import { factsToEvaluate, leadDays } from './facts.js';
import { parseDocument, strategiesInForce } from './strategies.js';

/**
 * "Which loans would this draft pick today, and what would it do": the draft evaluated, before it
 * is published, over the loans of a branch subtree as the last close of business left them: the
 * overdue ones and those falling due within the draft's lead time (no other loan can be at a step).
 * The challenger it names is the published one in force, if any.
 */
export async function previewStrategy(db: Kysely<DB>, document: unknown, branch: { path: string; code: string }) {
  const draft = await parseDocument(db, document, 'document.');
  const asOf = addDays(await currentBusinessDate(db), -1);
  const named = draft.challenger?.code;
  const inForce = named === undefined ? null : await strategiesInForce(db, asOf);
  const challenger = inForce && named !== undefined ? ((inForce.champion.code === named ? inForce.champion : inForce.challenger?.code === named ? inForce.challenger : null) ?? null) : null;
  const evaluations: Evaluation[] = [];
  const seen = new Map<number, { e: Evaluation; f: CollectionFacts }>();
  // the facts are gathered in a temporary table of the transaction, which only reads
  await db.transaction().execute(async (trx) => {
    for await (const batch of factsToEvaluate(trx, asOf, leadDays([draft, challenger]), { branchPath: branch.path }, 20_000, { strategies: '', skipSettled: false })) {
      for (const lf of batch) {
        const e = evaluateWithChallenger(draft, challenger, lf.facts);
        evaluations.push(e);
        seen.set(lf.facts.loanId, { e, f: lf.facts });
      }
    }
  });
  const order = [...draft.segments.map((s) => s.code), ...(challenger?.segments.map((s) => s.code) ?? [])];
  const rows = summarisePreview(evaluations, (id) => seen.get(id)?.f.overdueFen ?? 0, order);
  // each sample loan with the evaluation's own words: why this segment (the segments passed over) and why this step
  const explain = (loanId: number) => {
    const { e, f } = seen.get(loanId)!;
    return { loanId, dpd: f.dpd, bucket: f.bucket, overdueFen: f.overdueFen, skipped: e.explanation.skipped.map((x) => ({ segment: x.segment, zh: x.reason.zh, en: x.reason.en })), matched: e.explanation.matched.map((m) => ({ zh: m.zh, en: m.en })), why: e.explanation.step };
  };
  return { asOf, branchCode: branch.code, evaluated: evaluations.length, rows: rows.map((r) => ({ ...r, samples: r.sample.map(explain) })) };
}
