import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { addDays, type BusinessDate } from '../../domain/business-date.js';
import type { CollectionFacts } from '../../domain/collections/evaluate.js';
import { factsOn, type StandingFacts } from '../../domain/collections/standing.js';
import type { PromiseState, Strategy, Tag } from '../../domain/collections/strategy.js';
import { instantToIso } from '../../domain/compliance/index.js';
import { loanColumn, stagingTableAs } from './sql-rows.js';
import { endOfBusinessDay } from './time.js';

/**
 * What a strategy looks at, for a batch of loans, in one query: status from close of business,
 * the next unpaid due date within the lead time (only for loans not overdue, whose anchor it is),
 * tags, and the open case's promise state. Tags come from what the system already knows: a 停催
 * hold in force (its kind), an evasion flag (malicious), a hardship claim logged in the case.
 */
export interface LoanFacts {
  facts: CollectionFacts;
  /** the facts apart from the date, which the facts on `date` follow from (factsOn) */
  standing: StandingFacts;
  /** a digest of the standing facts and the strategies in force (factsOf) */
  digest: string;
  branchId: number;
  branchPath: string;
  openCase: {
    id: number;
    strategyCode: string | null;
    strategyVersion: number | null;
    strategyGroup: string | null;
    segment: string | null;
    lastTaskKey: string | null;
    /** what the last run that evaluated it saw (migration 0022) */
    evaluatedOn: string | null;
    digest: string | null;
    evaluateAgainOn: string | null;
  } | null;
}

const HOLD_TAGS: Record<string, Tag> = { dispute: 'dispute', complaint: 'dispute', deceased: 'deceased', legal: 'legal', hardship_review: 'hardship' };

interface FactRow {
  loan_id: number;
  product_code: string;
  branch_id: number;
  branch_code: string;
  branch_path: string;
  overdue_since: string | null;
  bucket: string | null;
  overdue_fen: number | null;
  next_unpaid: string | null;
  next_after: string | null;
  malicious: boolean;
  hold_kinds: string[] | null;
  hardship: boolean;
  case_id: number | null;
  strategy_code: string | null;
  strategy_version: number | null;
  strategy_group: string | null;
  segment: string | null;
  last_task_key: string | null;
  evaluated_on: string | null;
  case_digest: string | null;
  evaluate_again_on: string | null;
  digest: string;
  promise: string | null;
  grade: string | null;
  plan_kept_since: string | null;
  plan_broken_on: string | null;
}

/**
 * A loan to evaluate, with its first unpaid due dates within the strategies' lead time (today's
 * included; the next after today): read in one pass over the installments due in that window
 * (evaluable). A due date further off cannot anchor a step (strategyDay puts the loan before
 * every step), so the facts leave it out rather than probe each loan's whole schedule for it.
 */
export interface Evaluable {
  loanId: number;
  nextUnpaid: BusinessDate | null;
  nextAfter: BusinessDate | null;
}

/**
 * The facts of the loans `source` names (a relation of loan_id, next_unpaid, next_after), one row
 * each. The tags, the promise and the plans come from each table's rows in force, gathered once and
 * hash-joined: asked loan by loan they were three sub-queries per loan (about 9 µs a loan at
 * 1,000,000 loans, on tables that hold a few rows for a few loans).
 */
function factsOf(date: BusinessDate, source: RawBuilder<unknown>, strategies: string) {
  const end = instantToIso(endOfBusinessDay(date));
  const nextUnpaid = sql`CASE WHEN s.overdue_since IS NULL THEN u.next_unpaid END`;
  return sql`
    SELECT u.loan_id, lp.product_code, lp.branch_id, b.code AS branch_code, b.path AS branch_path,
           s.overdue_since, s.bucket, s.overdue_fen,
           -- a loan not overdue is anchored on its next due date (today's included); overdue ones on overdue_since
           ${nextUnpaid} AS next_unpaid, CASE WHEN s.overdue_since IS NULL THEN u.next_after END AS next_after,
           fl.loan_id IS NOT NULL AS malicious, hk.kinds AS hold_kinds, hs.case_id IS NOT NULL AS hardship,
           c.id AS case_id, c.strategy_code, c.strategy_version, c.strategy_group, c.segment, c.last_task_key,
           c.evaluated_on, c.facts_digest AS case_digest, c.evaluate_again_on,
           pr.state AS promise, g.grade, pl.kept_since AS plan_kept_since, pl.broken_on AS plan_broken_on,
           -- every standing fact the strategy can decide on, and the strategies: the next due date after
           -- today is left out, as it never anchors a step (factsOn: a loan due today is anchored today)
           md5(ROW(lp.product_code, lp.branch_id, b.code, s.overdue_since, s.bucket, s.overdue_fen, ${nextUnpaid}, fl.loan_id IS NOT NULL,
                   hk.kinds, hs.case_id IS NOT NULL, pr.state, g.grade, pl.kept_since, pl.broken_on, ${strategies}::text)::text)::uuid AS digest
      FROM ${source} u
      LEFT JOIN loan_status s ON s.loan_id = u.loan_id
      CROSS JOIN LATERAL (SELECT ${loanColumn('branch_id', sql`u.loan_id`)} AS branch_id, ${loanColumn('product_code', sql`u.loan_id`)} AS product_code) lp
      JOIN branch b ON b.id = lp.branch_id
      LEFT JOIN collection_case c ON c.loan_id = u.loan_id AND c.closed_on IS NULL
      -- the behaviour score's grade A–E (close of business, the approved champion); NULL until scored
      LEFT JOIN loan_score g ON g.loan_id = u.loan_id
      LEFT JOIN (SELECT DISTINCT f.loan_id FROM loan_flag f
                  WHERE f.flag = 'evasion' AND f.set_on <= ${date} AND (f.cleared_on IS NULL OR f.cleared_on > ${date})) fl ON fl.loan_id = u.loan_id
      LEFT JOIN (SELECT h.loan_id, array_agg(DISTINCT h.kind) AS kinds FROM collection_hold h
                  WHERE h.from_at < ${end}::timestamptz AND (h.until_at IS NULL OR h.until_at >= ${end}::timestamptz)
                    AND (h.released_at IS NULL OR h.released_at >= ${end}::timestamptz)
                  GROUP BY h.loan_id) hk ON hk.loan_id = u.loan_id
      -- a hardship claim logged in the case and not corrected since
      LEFT JOIN (SELECT DISTINCT k.case_id FROM collection_contact k
                  WHERE k.outcome = 'hardship' AND NOT EXISTS (SELECT 1 FROM collection_contact x WHERE x.corrects_id = k.id)) hs ON hs.case_id = c.id
      -- the open case's latest promise
      LEFT JOIN (SELECT DISTINCT ON (p.case_id) p.case_id, p.state FROM collection_promise p
                  WHERE p.state <> 'superseded' ORDER BY p.case_id, p.id DESC) pr ON pr.case_id = c.id
      -- restructuring plans on any of the loan's cases (a plan outlives the case that was open when it was approved)
      LEFT JOIN (SELECT pc.loan_id,
                        min(p.in_force_from) FILTER (WHERE p.in_force_from <= ${date} AND (p.broken_on IS NULL OR p.broken_on > ${date}) AND (p.ended_on IS NULL OR p.ended_on > ${date}))::text AS kept_since,
                        max(p.broken_on) FILTER (WHERE p.broken_on <= ${date})::text AS broken_on
                   FROM collection_case_plan p JOIN collection_case pc ON pc.id = p.case_id
                  GROUP BY pc.loan_id) pl ON pl.loan_id = u.loan_id`;
}

/** The facts of the loans given, with their due dates in the lead-time window (as evaluable finds them). */
export async function loadFacts(db: Kysely<DB>, date: BusinessDate, loans: readonly Evaluable[]): Promise<LoanFacts[]> {
  if (loans.length === 0) return [];
  const dates = (pick: (l: Evaluable) => string | null) => `{${loans.map((l) => pick(l) ?? 'NULL').join(',')}}`;
  const source = sql`unnest(${`{${loans.map((l) => l.loanId).join(',')}}`}::bigint[], ${dates((l) => l.nextUnpaid)}::date[], ${dates((l) => l.nextAfter)}::date[]) AS u(loan_id, next_unpaid, next_after)`;
  const { rows } = await sql<FactRow>`${factsOf(date, sql`(SELECT * FROM ${source})`, '')} ORDER BY u.loan_id`.execute(db);
  return rows.map((r) => toFacts(r, date));
}

export interface FactsOptions {
  /** the strategies in force, by code and version: part of each loan's digest */
  strategies: string;
  /**
   * Leave out the loans whose open case was evaluated on these same standing facts and strategies
   * (the digest) on an earlier day, before the day the strategy could decide otherwise: evaluated
   * again they give the evaluation they gave then (nextEvaluationOn). A run skips them; a preview
   * evaluates everything.
   */
  skipSettled: boolean;
}

/**
 * The facts of every loan to evaluate (evaluable), gathered in one statement into a
 * temporary table `collection_facts` (in the caller's transaction) and handed out in loan order,
 * `size` at a time. In one statement the book's tables are joined by hash, once, rather than probed
 * loan by loan for each batch.
 */
export async function* factsToEvaluate(
  trx: Kysely<DB>,
  date: BusinessDate,
  lead: number,
  scope: EvaluationScope,
  size: number,
  options: FactsOptions,
): AsyncGenerator<LoanFacts[]> {
  await stagingTableAs(trx, 'collection_facts', factsOf(date, sql`(${evaluable(date, lead, scope)})`, options.strategies));
  await sql`ALTER TABLE collection_facts ADD PRIMARY KEY (loan_id)`.execute(trx);
  const settled = options.skipSettled
    ? sql`coalesce(case_digest = digest AND evaluated_on <= ${date} AND (evaluate_again_on IS NULL OR evaluate_again_on > ${date}), false)`
    : sql`false`;
  let after = 0;
  for (;;) {
    const { rows } = await sql<FactRow>`SELECT * FROM collection_facts WHERE loan_id > ${after} AND NOT ${settled} ORDER BY loan_id LIMIT ${size}`.execute(trx);
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.loan_id;
    yield rows.map((r) => toFacts(r, date));
  }
}

function toFacts(r: FactRow, date: BusinessDate): LoanFacts {
  const tags = new Set<Tag>();
  for (const kind of r.hold_kinds ?? []) {
    const tag = HOLD_TAGS[kind];
    if (tag) tags.add(tag);
  }
  if (r.malicious) tags.add('malicious');
  if (r.hardship) tags.add('hardship');
  const standing: StandingFacts = {
    loanId: r.loan_id,
    bucket: r.bucket ?? 'M0',
    overdueFen: r.overdue_fen ?? 0,
    product: r.product_code,
    branchCode: r.branch_code,
    riskGrade: r.grade,
    tags: [...tags].sort(),
    promise: (r.promise ?? 'none') as PromiseState,
    overdueSince: r.overdue_since as BusinessDate | null,
    nextUnpaid: r.next_unpaid as BusinessDate | null,
    nextAfter: r.next_after as BusinessDate | null,
    planKeptSince: r.plan_kept_since as BusinessDate | null,
    // a plan kept now outweighs an older one that broke
    planBrokenOn: r.plan_kept_since === null ? (r.plan_broken_on as BusinessDate | null) : null,
  };
  return {
    branchId: r.branch_id,
    branchPath: r.branch_path,
    standing,
    digest: r.digest,
    facts: factsOn(standing, date),
    openCase:
      r.case_id === null
        ? null
        : {
            id: r.case_id,
            strategyCode: r.strategy_code,
            strategyVersion: r.strategy_version,
            strategyGroup: r.strategy_group,
            segment: r.segment,
            lastTaskKey: r.last_task_key,
            evaluatedOn: r.evaluated_on,
            digest: r.case_digest,
            evaluateAgainOn: r.evaluate_again_on,
          },
  };
}

/** How many days before a due date the earliest step of these strategies starts (0: none before). */
export function leadDays(strategies: readonly (Strategy | null)[]): number {
  let lead = 0;
  for (const s of strategies) for (const seg of s?.segments ?? []) for (const t of seg.treatments) lead = Math.max(lead, -t.day);
  return lead;
}

export type EvaluationScope = { openCases: true } | { branchPath: string };

/**
 * The loans a run or a preview evaluates: every loan with an open case (or, for a preview, every
 * overdue loan in scope), and current loans falling due within the strategies' lead time, each
 * with its first unpaid due dates in that window; as a relation of loan_id, next_unpaid, next_after.
 */
function evaluable(date: BusinessDate, lead: number, scope: EvaluationScope) {
  const upTo = addDays(date, lead);
  const like = 'branchPath' in scope ? `${scope.branchPath.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` : null;
  const first =
    like === null
      ? sql`SELECT loan_id FROM collection_case WHERE closed_on IS NULL`
      : sql`SELECT s.loan_id FROM loan_status s JOIN loan l ON l.id = s.loan_id JOIN branch b ON b.id = l.branch_id WHERE s.dpd > 0 AND NOT s.closed AND b.path LIKE ${like}`;
  return sql`
    SELECT coalesce(f.loan_id, w.loan_id) AS loan_id, w.next_unpaid, w.next_after
      FROM (${first}) f
      FULL JOIN (
        SELECT i.loan_id, min(i.due_date) AS next_unpaid, min(i.due_date) FILTER (WHERE i.due_date > ${date}) AS next_after
          FROM installment i
          JOIN loan l ON l.id = i.loan_id AND i.version = l.schedule_version AND l.status = 'active'
          JOIN branch b ON b.id = l.branch_id
         WHERE i.settled_on IS NULL AND i.due_date BETWEEN ${date} AND ${upTo} AND (${like}::text IS NULL OR b.path LIKE ${like})
         GROUP BY i.loan_id
      ) w ON w.loan_id = f.loan_id`;
}
