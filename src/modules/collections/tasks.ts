import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { type Evaluation, evaluateWithChallenger } from '../../domain/collections/evaluate.js';
import { openStrategyCases } from './cases.js';
import { type LoanFacts, leadDays, loadFacts, loansToEvaluate } from './facts.js';
import { rowsOf, slices } from './sql-rows.js';
import type { StrategiesInForce } from './strategies.js';
import { dueBy } from './time.js';

const BATCH = 50_000;

/** What a task keeps of its evaluation, so anyone can see why it exists. */
export function explain(e: Evaluation, lf: LoanFacts) {
  const f = lf.facts;
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

interface NewTask {
  loanId: number;
  branchId: number;
  e: Evaluation;
  lf: LoanFacts;
}

/**
 * Evaluates the strategy for every loan with an open case and every current loan falling due
 * within the strategy's lead time, batch by batch (one query of facts, one pass of the pure
 * evaluation, a handful of statements to write): a step not yet tasked becomes a task (its
 * decision key is unique, so a rerun adds nothing), and supersedes the case's older open step.
 */
export async function evaluateAndTask(trx: Kysely<DB>, date: BusinessDate, strategies: StrategiesInForce): Promise<{ evaluated: number; tasks: number; casesOpened: number }> {
  const { champion, challenger } = strategies;
  const ids = await loansToEvaluate(trx, date, leadDays([champion, challenger]), { openCases: true });
  let tasks = 0;
  let casesOpened = 0;
  for (const batch of slices(ids, BATCH)) {
    const loans = await loadFacts(trx, date, batch);
    const changed: { loanId: number; e: Evaluation }[] = [];
    const wanted: NewTask[] = [];
    for (const lf of loans) {
      const e = evaluateWithChallenger(champion, challenger, lf.facts);
      const c = lf.openCase;
      const moved = c === null || c.strategyCode !== e.strategy.code || c.strategyVersion !== e.strategy.version || c.strategyGroup !== e.group || c.segment !== e.segment;
      if (e.decision === null) {
        if (c !== null && moved) changed.push({ loanId: lf.facts.loanId, e });
        continue;
      }
      // a new task records the strategy on its case itself (insertTasks)
      if (c?.lastTaskKey !== e.decision.key) wanted.push({ loanId: lf.facts.loanId, branchId: lf.branchId, e, lf });
      else if (moved) changed.push({ loanId: lf.facts.loanId, e });
    }
    casesOpened += await openStrategyCases(
      trx,
      date,
      wanted.filter((w) => w.lf.openCase === null).map((w) => ({ loanId: w.loanId, anchor: w.e.decision!.anchor })),
    );
    await recordStrategyOnCases(trx, changed);
    const inserted = await insertTasks(trx, date, wanted);
    tasks += inserted;
    // the next batch joins these tables: plan it with their new size (see run.ts)
    if (inserted >= 5_000) await sql`ANALYZE collection_case, collection_task`.execute(trx);
  }
  return { evaluated: ids.length, tasks, casesOpened };
}

async function recordStrategyOnCases(trx: Kysely<DB>, changed: readonly { loanId: number; e: Evaluation }[]): Promise<void> {
  for (const part of slices(changed, BATCH)) {
    const rows = rowsOf<{ loanId: number; e: Evaluation }>(
      [
        ['loan_id', 'bigint', (r) => r.loanId],
        ['code', 'text', (r) => r.e.strategy.code],
        ['version', 'integer', (r) => r.e.strategy.version],
        ['grp', 'text', (r) => r.e.group],
        ['segment', 'text', (r) => r.e.segment],
      ],
      part,
    );
    await sql`
      UPDATE collection_case c SET strategy_code = u.code, strategy_version = u.version, strategy_group = u.grp, segment = u.segment
        FROM ${rows} u WHERE c.loan_id = u.loan_id AND c.closed_on IS NULL`.execute(trx);
  }
}

async function insertTasks(trx: Kysely<DB>, date: BusinessDate, wanted: readonly NewTask[]): Promise<number> {
  let inserted = 0;
  for (const part of slices(wanted, BATCH)) {
    const rows = rowsOf<NewTask>(
      [
        ['loan_id', 'bigint', (r) => r.loanId],
        ['branch_id', 'bigint', (r) => r.branchId],
        ['key', 'text', (r) => r.e.decision!.key],
        ['code', 'text', (r) => r.e.strategy.code],
        ['version', 'integer', (r) => r.e.strategy.version],
        ['grp', 'text', (r) => r.e.group],
        ['segment', 'text', (r) => r.e.segment],
        ['step', 'text', (r) => r.e.decision!.step],
        ['action', 'text', (r) => r.e.decision!.action],
        ['priority', 'integer', (r) => r.e.decision!.priority],
        ['template', 'text', (r) => r.e.decision!.template ?? null],
        ['due_by', 'timestamptz', (r) => dueBy(date, r.e.decision!.slaHours)],
        ['explanation', 'jsonb', (r) => JSON.stringify(explain(r.e, r.lf))],
      ],
      part,
    );
    const { rows: result } = await sql<{ n: number }>`
      WITH ins AS (
        INSERT INTO collection_task (case_id, loan_id, decision_key, kind, for_role, branch_id, strategy_code, strategy_version, strategy_group,
                                     segment, step, action, priority, template, created_on, due_by, explanation)
        SELECT c.id, u.loan_id, u.key, 'strategy', 'collector', u.branch_id, u.code, u.version, u.grp,
               u.segment, u.step, u.action, u.priority, u.template, ${date}, u.due_by::timestamptz, u.explanation::jsonb
          FROM ${rows} u JOIN collection_case c ON c.loan_id = u.loan_id AND c.closed_on IS NULL
        ON CONFLICT (loan_id, decision_key) DO NOTHING
        RETURNING id, case_id
      ), superseded AS (
        -- the statement's snapshot does not hold the rows just inserted: only older steps are cancelled
        UPDATE collection_task t SET status = 'cancelled', cancelled_reason = 'superseded', held_by = NULL, held_until = NULL
          FROM ins WHERE t.case_id = ins.case_id AND t.kind = 'strategy' AND t.status IN ('open', 'held')
        RETURNING t.id
      ), keys AS (
        UPDATE collection_case c SET last_task_key = u.key, strategy_code = u.code, strategy_version = u.version, strategy_group = u.grp, segment = u.segment
          FROM ${rows} u WHERE c.loan_id = u.loan_id AND c.closed_on IS NULL
        RETURNING c.id
      )
      SELECT count(*)::int AS n FROM ins`.execute(trx);
    inserted += result[0]?.n ?? 0;
  }
  return inserted;
}
