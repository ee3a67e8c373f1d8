import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { decideStrategy, decidingStrategy } from '../../domain/collections/evaluate.js';
import { packFacts } from '../../domain/collections/packed-facts.js';
import { nextEvaluationOn } from '../../domain/collections/standing.js';
import { copyInto, copyLine } from '../../db/bulk.js';
import { factsToEvaluate, type LoanFacts, leadDays } from './facts.js';
import { stagingTable } from './sql-rows.js';
import type { StrategiesInForce } from './strategies.js';
import { dueBy } from './time.js';

/** Milliseconds since the last lap, rounded: where a step's time went, in its detail. */
function stopwatch() {
  let last = performance.now();
  return {
    lap(): number {
      const now = performance.now();
      const ms = now - last;
      last = now;
      return Math.round(ms);
    },
  };
}

const BATCH = 50_000;

/**
 * Evaluates the strategy for every loan with an open case and every current loan falling due
 * within the strategy's lead time (their facts gathered in one statement, then read and decided by
 * the pure function batch by batch), leaving out the cases that cannot have moved since they were
 * last evaluated (the same standing facts, before their next step's day: migration 0022), and
 * stages what changed through COPY as it decides (the database takes one chunk while the next is
 * decided); then writes it all in a few statements: a step not yet tasked
 * becomes a task (its decision key is unique, so a rerun adds nothing), keeping the facts it was
 * decided on, packed (its explanation is rendered from them: task-explanations.ts), and supersedes the
 * case's older open step; a case records where its strategy, group and segment are now and what
 * the evaluation saw. Written once at the end, the tasks join tables whose statistics the run
 * refreshes once (run.ts), and no batch's writes wait on the next batch's reads.
 */
export async function evaluateAndTask(
  trx: Kysely<DB>,
  date: BusinessDate,
  strategies: StrategiesInForce,
  /** how many cases are open (the facts hold each of them): those not evaluated were settled */
  openCases: number,
  /** facts read, decided and staged at a time */
  batch = BATCH,
): Promise<{ evaluated: number; settled: number; tasks: number; casesOpened: number; factsMs: number; decideMs: number; writeMs: number }> {
  const { champion, challenger } = strategies;
  // a published version never changes (collection_strategy_publish_only): its code and version name it
  const inForce = [champion, challenger].map((s) => (s === null ? '-' : `${s.code}@${s.version}`)).join('+');
  const clock = stopwatch();
  await stagingTable(
    trx,
    'collection_eval',
    sql`
      -- case_id: the loan's open case as the facts saw it (one this run opens: collection_eval_opened)
      loan_id bigint NOT NULL, branch_id bigint NOT NULL, case_id bigint,
      code text NOT NULL, version integer NOT NULL, grp text NOT NULL, segment text,
      -- what the case is to remember of this evaluation (migration 0022)
      digest uuid NOT NULL, again_on date,
      -- the rest only for a new step: a task to write
      key text, anchor date, step text, action text, priority integer, template text, due_by timestamptz, facts jsonb`,
  );
  let evaluated = 0;
  let evaluatedCases = 0;
  let factsMs = 0;
  let decideMs = 0;
  let writeMs = clock.lap();
  const deadline = new Map<number, string>();
  // A loan's line for collection_eval, or null when it has nothing to record.
  const lineOf = (lf: LoanFacts): string | null => {
    const by = decidingStrategy(champion, challenger, lf.facts.loanId);
    const e = decideStrategy(by.strategy, lf.facts, by.group);
    const c = lf.openCase;
    const moved = c === null || c.strategyCode !== e.strategy.code || c.strategyVersion !== e.strategy.version || c.strategyGroup !== e.group || c.segment !== e.segment;
    const d = e.decision;
    const fresh = d !== null && c?.lastTaskKey !== d.key;
    const againOn = nextEvaluationOn(by.strategy, lf.standing, date);
    // the case already remembers this (a rerun of the date)
    const remembered = c !== null && c.digest === lf.digest && c.evaluatedOn === date && c.evaluateAgainOn === againOn;
    // a loan without a case and without a new step has nothing to record
    if (!fresh && (c === null || (!moved && remembered))) return null;
    const head = [lf.facts.loanId, lf.branchId, c?.id ?? null, e.strategy.code, e.strategy.version, e.group, e.segment, lf.digest, againOn];
    if (!fresh) return copyLine([...head, null, null, null, null, null, null, null, null]);
    let due = deadline.get(d.slaHours);
    if (due === undefined) deadline.set(d.slaHours, (due = dueBy(date, d.slaHours)));
    return copyLine([...head, d.key, d.anchor, d.step, d.action, d.priority, d.template ?? null, due, JSON.stringify(packFacts(lf.facts))]);
  };
  for await (const facts of factsToEvaluate(trx, date, leadDays([champion, challenger]), { openCases: true }, batch, { strategies: inForce, skipSettled: true })) {
    factsMs += clock.lap();
    evaluated += facts.length;
    for (const lf of facts) if (lf.openCase !== null) evaluatedCases += 1;
    // decided as the COPY takes the lines: the database stages one chunk while the next is decided
    const lines = function* (): Generator<string> {
      for (const lf of facts) {
        const line = lineOf(lf);
        if (line !== null) yield line;
      }
    };
    await copyInto(trx, 'collection_eval', EVAL_COLUMNS, lines());
    decideMs += clock.lap();
  }
  // the columns the writes below join and filter on
  await sql`ANALYZE collection_eval (loan_id, case_id, key)`.execute(trx);
  const casesOpened = await openStrategyCases(trx, date);
  await recordStrategyOnCases(trx, date);
  const tasks = await insertTasks(trx, date);
  writeMs += clock.lap();
  return { evaluated, settled: openCases - evaluatedCases, tasks, casesOpened, factsMs, decideMs, writeMs };
}

const EVAL_COLUMNS = ['loan_id', 'branch_id', 'case_id', 'code', 'version', 'grp', 'segment', 'digest', 'again_on', 'key', 'anchor', 'step', 'action', 'priority', 'template', 'due_by', 'facts'];

/**
 * A case for each current loan a strategy step asks a task for, unless one is open. The new
 * cases' ids go to a narrow table of their own (`collection_eval_opened`) for the writes below:
 * filled into the staged steps instead, the update rewrote each one with its explanation (117,143
 * rows of 2 KB, when tasks still kept their explanation, in the first run at 1,000,000 loans). Only this run opens cases, under its lock, so
 * a loan the facts saw without a case has none when this inserts one.
 */
async function openStrategyCases(trx: Kysely<DB>, date: BusinessDate): Promise<number> {
  await stagingTable(trx, 'collection_eval_opened', sql`loan_id bigint PRIMARY KEY, case_id bigint NOT NULL`);
  const { rows } = await sql<{ n: number }>`
    WITH opened AS (
      INSERT INTO collection_case (loan_id, opened_on, reason, anchor_due)
      SELECT e.loan_id, ${date}, 'strategy', e.anchor FROM collection_eval e WHERE e.case_id IS NULL AND e.key IS NOT NULL ORDER BY e.loan_id
      ON CONFLICT (loan_id) WHERE closed_on IS NULL DO NOTHING
      RETURNING id, loan_id, anchor_due
    ), staged AS (
      INSERT INTO collection_eval_opened (loan_id, case_id) SELECT loan_id, id FROM opened
      RETURNING 1
    ), events AS (
      INSERT INTO collection_case_event (case_id, loan_id, business_date, kind, detail)
      SELECT id, loan_id, ${date}, 'opened', jsonb_build_object('reason', 'strategy', 'anchorDue', anchor_due) FROM opened
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM events`.execute(trx);
  const opened = rows[0]?.n ?? 0;
  if (opened > 0) await sql`ANALYZE collection_eval_opened`.execute(trx);
  return opened;
}

/**
 * Cases evaluated without a new step record where they are now (their strategy, group or segment
 * may have moved) and what the evaluation saw, so that the next runs skip them until it matters.
 */
async function recordStrategyOnCases(trx: Kysely<DB>, date: BusinessDate): Promise<void> {
  await sql`
    UPDATE collection_case c SET strategy_code = e.code, strategy_version = e.version, strategy_group = e.grp, segment = e.segment,
                                 evaluated_on = ${date}, facts_digest = e.digest, evaluate_again_on = e.again_on
      FROM collection_eval e WHERE e.key IS NULL AND c.id = e.case_id`.execute(trx);
}

async function insertTasks(trx: Kysely<DB>, date: BusinessDate): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    WITH ins AS (
      INSERT INTO collection_task (case_id, loan_id, decision_key, kind, for_role, branch_id, strategy_code, strategy_version, strategy_group,
                                   segment, step, action, priority, template, created_on, due_by, facts)
      SELECT coalesce(e.case_id, o.case_id), e.loan_id, e.key, 'strategy', 'collector', e.branch_id, e.code, e.version, e.grp,
             e.segment, e.step, e.action, e.priority, e.template, ${date}, e.due_by, e.facts
        FROM collection_eval e LEFT JOIN collection_eval_opened o ON o.loan_id = e.loan_id
       WHERE e.key IS NOT NULL AND coalesce(e.case_id, o.case_id) IS NOT NULL
      ON CONFLICT (loan_id, decision_key) DO NOTHING
      RETURNING id, case_id
    ), superseded AS (
      -- the statement's snapshot does not hold the rows just inserted: only older steps are cancelled
      UPDATE collection_task t SET status = 'cancelled', cancelled_reason = 'superseded', held_by = NULL, held_until = NULL
        FROM ins WHERE t.case_id = ins.case_id AND t.kind = 'strategy' AND t.status IN ('open', 'held')
      RETURNING t.id
    ), keys AS (
      -- a new task records the strategy on its case itself
      UPDATE collection_case c SET last_task_key = e.key, strategy_code = e.code, strategy_version = e.version, strategy_group = e.grp, segment = e.segment,
                                   evaluated_on = ${date}, facts_digest = e.digest, evaluate_again_on = e.again_on
        FROM collection_eval e LEFT JOIN collection_eval_opened o ON o.loan_id = e.loan_id
       WHERE e.key IS NOT NULL AND c.id = coalesce(e.case_id, o.case_id)
      RETURNING c.id
    )
    SELECT count(*)::int AS n FROM ins`.execute(trx);
  return rows[0]?.n ?? 0;
}
