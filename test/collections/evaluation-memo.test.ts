import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import type { DB } from '../../src/db/schema.js';
import { addDays, type BusinessDate, parseBusinessDate } from '../../src/domain/business-date.js';
import { decideStrategy, decidingStrategy } from '../../src/domain/collections/evaluate.js';
import { closeThrough } from '../../src/jobs/close-of-business.js';
import { factsToEvaluate, leadDays } from '../../src/modules/collections/facts.js';
import { type CollectionStep, runCollectionsForDate } from '../../src/modules/collections/run.js';
import { strategiesInForce } from '../../src/modules/collections/strategies.js';
import { postRepayment } from '../../src/modules/loans/repayments.js';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld } from '../support/world.js';

const d = parseBusinessDate;
const who = { userId: null, name: 'test' };

/**
 * What every open case holds after a run must be what evaluating all of them afresh gives: the
 * strategy, group and segment, and the key of the step the loan is at. A run skips the cases
 * whose standing facts are the ones it saw before and whose next step is not due (migration
 * 0022); this recomputes everything and compares.
 */
async function differencesFromAFullEvaluation(db: Kysely<DB>, date: BusinessDate): Promise<unknown[]> {
  const strategies = (await strategiesInForce(db, date))!;
  const cases = new Map(
    (await db.selectFrom('collection_case').select(['loan_id', 'strategy_code', 'strategy_version', 'strategy_group', 'segment', 'last_task_key']).where('closed_on', 'is', null).execute()).map((c) => [c.loan_id, c]),
  );
  const differences: unknown[] = [];
  await db.transaction().execute(async (trx) => {
    for await (const batch of factsToEvaluate(trx, date, leadDays([strategies.champion, strategies.challenger]), { openCases: true }, 1_000, { strategies: '', skipSettled: false })) {
      for (const lf of batch) {
        const c = cases.get(lf.facts.loanId);
        if (c === undefined) continue;
        const by = decidingStrategy(strategies.champion, strategies.challenger, lf.facts.loanId);
        const e = decideStrategy(by.strategy, lf.facts, by.group);
        const held = { code: c.strategy_code, version: c.strategy_version, group: c.strategy_group, segment: c.segment, key: e.decision === null ? null : c.last_task_key };
        const fresh = { code: e.strategy.code, version: e.strategy.version, group: e.group, segment: e.segment, key: e.decision?.key ?? null };
        if (JSON.stringify(held) !== JSON.stringify(fresh)) differences.push({ date, loanId: lf.facts.loanId, held, fresh });
      }
    }
  });
  return differences;
}

describeEachDatabase('a run evaluates again only the cases that can have moved', (ctx) => {
  it('leaves every open case where a full evaluation puts it, day after day, while skipping most of them', async () => {
    const w = await buildWorld(ctx.database);
    const { db } = w;
    const branch = w.branches.BJ.id;
    // unpaid from the first due date on; due a month later; paid late; held for a week; flagged as evading
    const never = await makeLoan(ctx.database, branch);
    const later = await makeLoan(ctx.database, branch, { firstDueDate: d('2026-02-28') });
    const late = await makeLoan(ctx.database, branch);
    const held = await makeLoan(ctx.database, branch);
    const evading = await makeLoan(ctx.database, branch);
    await setBusinessDate(ctx.database, '2026-01-27');

    const runs: CollectionStep[][] = [];
    const differences: unknown[] = [];
    const notEvaluatedToday: number[] = [];
    for (let date = d('2026-01-27'); date <= d('2026-03-20'); date = addDays(date, 1)) {
      if (date === d('2026-02-06')) await postRepayment(db, who, late, { externalId: `late-${late}`, valueDate: date, amountFen: 400_000, channel: 'counter' });
      if (date === d('2026-02-05')) {
        await db.insertInto('collection_hold').values({ loan_id: held, kind: 'dispute', reason: '对扣款有异议', from_at: '2026-02-05T02:00:00Z', until_at: '2026-02-12T02:00:00Z', placed_by: 'test' }).execute();
      }
      if (date === d('2026-02-12')) await db.insertInto('loan_flag').values({ loan_id: evading, flag: 'evasion', set_on: date, reason: '失联且转移车辆', set_by: 'test' }).execute();
      await closeThrough(db, date);
      runs.push(await runCollectionsForDate(db, date));
      differences.push(...(await differencesFromAFullEvaluation(db, date)));
      // a case evaluated on its date records it; the open cases that do not record it were settled
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM collection_case WHERE closed_on IS NULL AND evaluated_on IS DISTINCT FROM ${date}::date`.execute(db);
      notEvaluatedToday.push(rows[0]!.n);
    }
    expect(differences).toEqual([]);

    const evaluate = runs.map((steps) => steps.find((s) => s.step === 'evaluate')!.detail as { evaluated: number; settled: number });
    expect(evaluate.map((e) => e.settled)).toEqual(notEvaluatedToday);
    const settled = evaluate.reduce((n, e) => n + e.settled, 0);
    const evaluated = evaluate.reduce((n, e) => n + e.evaluated, 0);
    // most case-days are skipped: a loan moves a step every few days at most
    expect(settled).toBeGreaterThan(evaluated);

    // what those cases went through: each loan was worked, and the late payer's case closed on cure
    const cases = await db.selectFrom('collection_case').select(['loan_id', 'segment', 'close_reason']).orderBy('id').execute();
    expect(new Set(cases.map((c) => c.loan_id))).toEqual(new Set([never, later, late, held, evading]));
    expect(cases.filter((c) => c.loan_id === late).map((c) => c.close_reason)).toContain('cure');
    const segments = await sql<{ loan_id: number; segments: string[] }>`
      SELECT loan_id, array_agg(DISTINCT segment ORDER BY segment) AS segments FROM collection_task WHERE kind = 'strategy' GROUP BY loan_id`.execute(db);
    const by = new Map(segments.rows.map((r) => [r.loan_id, r.segments]));
    expect(by.get(never)).toEqual(expect.arrayContaining(['early', 'mid', 'pre-due']));
    expect(by.get(evading)).toContain('malicious');
  }, 300_000);
});
