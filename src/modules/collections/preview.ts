import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { addDays } from '../../domain/business-date.js';
import { type Evaluation, evaluateWithChallenger } from '../../domain/collections/evaluate.js';
import { summarisePreview } from '../../domain/collections/preview.js';
import { currentBusinessDate } from '../system/business-date.js';
import { leadDays, loadFacts, loansToEvaluate } from './facts.js';
import { slices } from './sql-rows.js';
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
  const ids = await loansToEvaluate(db, asOf, leadDays([draft, challenger]), { branchPath: branch.path });
  const evaluations: Evaluation[] = [];
  const overdue = new Map<number, number>();
  for (const batch of slices(ids, 20_000)) {
    for (const lf of await loadFacts(db, asOf, batch)) {
      evaluations.push(evaluateWithChallenger(draft, challenger, lf.facts));
      overdue.set(lf.facts.loanId, lf.facts.overdueFen);
    }
  }
  const order = [...draft.segments.map((s) => s.code), ...(challenger?.segments.map((s) => s.code) ?? [])];
  return { asOf, branchCode: branch.code, evaluated: ids.length, rows: summarisePreview(evaluations, (id) => overdue.get(id) ?? 0, order) };
}
