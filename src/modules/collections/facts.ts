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
 * included; the next after today), as close of business published them (dueWithin). A due date
 * further off cannot anchor a step (strategyDay puts the loan before every step).
 */
export interface Evaluable {
  loanId: number;
  nextUnpaid: BusinessDate | null;
  nextAfter: BusinessDate | null;
}

/**
 * A loan's first unpaid due dates in [date, upTo] (the first, and the first after date), from the
 * two close of business keeps beside its status (s: loan_status; migration 0025), and whether it
 * has one. On a date the close has reached, next_due is the loan's first unpaid due date from
 * that date on and following_due the one after it: the two the window needs are among them, and it
 * is read from the status, with no scan of the installments due in it.
 */
function dueWithin(date: BusinessDate, upTo: BusinessDate) {
  const inWindow = (d: RawBuilder<unknown>, from: 'on' | 'after') => sql`(${d} ${sql.raw(from === 'on' ? '>=' : '>')} ${date}::date AND ${d} <= ${upTo}::date)`;
  const pick = (from: 'on' | 'after') =>
    sql`CASE WHEN NOT s.closed AND ${inWindow(sql`s.next_due`, from)} THEN s.next_due WHEN NOT s.closed AND ${inWindow(sql`s.following_due`, from)} THEN s.following_due END`;
  return {
    nextUnpaid: pick('on'),
    nextAfter: pick('after'),
    any: sql`(NOT s.closed AND (${inWindow(sql`s.next_due`, 'on')} OR ${inWindow(sql`s.following_due`, 'on')}))`,
  };
}

/**
 * What the facts take from a loan's status (s) and its open case (c), the loan being `loanId`:
 * the branch and product from the status, or from the loan when it has none yet.
 */
function statusAndCase(loanId: RawBuilder<unknown>) {
  return sql`s.overdue_since, s.bucket, s.overdue_fen,
             ${loanColumn('branch_id', loanId)} AS branch_id, ${loanColumn('product_code', loanId)} AS product_code,
             c.id AS case_id, c.strategy_code, c.strategy_version, c.strategy_group, c.segment, c.last_task_key,
             c.evaluated_on, c.facts_digest AS case_digest, c.evaluate_again_on`;
}

/**
 * The facts of the loans `source` gives (a relation u of loan_id, next_unpaid, next_after and
 * statusAndCase's columns), one row each. The tags, the promise and the plans come from each
 * table's rows in force, gathered once and hash-joined: asked loan by loan they were three
 * sub-queries per loan (about 9 µs a loan at 1,000,000 loans, on tables that hold a few rows for
 * a few loans).
 */
function factsOf(date: BusinessDate, source: RawBuilder<unknown>, strategies: string) {
  const end = instantToIso(endOfBusinessDay(date));
  const nextUnpaid = sql`CASE WHEN u.overdue_since IS NULL THEN u.next_unpaid END`;
  return sql`
    SELECT u.loan_id, u.product_code, u.branch_id, b.code AS branch_code,
           u.overdue_since, u.bucket, u.overdue_fen,
           -- a loan not overdue is anchored on its next due date (today's included); overdue ones on overdue_since
           ${nextUnpaid} AS next_unpaid, CASE WHEN u.overdue_since IS NULL THEN u.next_after END AS next_after,
           fl.loan_id IS NOT NULL AS malicious, hk.kinds AS hold_kinds, hs.case_id IS NOT NULL AS hardship,
           u.case_id, u.strategy_code, u.strategy_version, u.strategy_group, u.segment, u.last_task_key,
           u.evaluated_on, u.case_digest, u.evaluate_again_on,
           pr.state AS promise, g.grade, pl.kept_since AS plan_kept_since, pl.broken_on AS plan_broken_on,
           -- every standing fact the strategy can decide on, and the strategies: the next due date after
           -- today is left out, as it never anchors a step (factsOn: a loan due today is anchored today).
           -- A 64-bit hash of the row's values, kept in a uuid column (migration 0022): the md5 of the
           -- row's text cost about 0.4 s for the 214,286 rows of the bench's day at 1,000,000 loans
           -- (every value printed, then hashed), this about 0.1 s; a change is missed only when two
           -- different rows of facts hash alike, about one in 2^64
           lpad(to_hex(hash_record_extended(ROW(u.product_code, u.branch_id, b.code, u.overdue_since, u.bucket, u.overdue_fen, ${nextUnpaid}, fl.loan_id IS NOT NULL,
                   hk.kinds, hs.case_id IS NOT NULL, pr.state, g.grade, pl.kept_since, pl.broken_on, ${strategies}::text), 0)), 32, '0')::uuid AS digest
      FROM ${source} u
      JOIN branch b ON b.id = u.branch_id
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
                  WHERE k.outcome = 'hardship' AND NOT EXISTS (SELECT 1 FROM collection_contact x WHERE x.corrects_id = k.id)) hs ON hs.case_id = u.case_id
      -- the open case's latest promise
      LEFT JOIN (SELECT DISTINCT ON (p.case_id) p.case_id, p.state FROM collection_promise p
                  WHERE p.state <> 'superseded' ORDER BY p.case_id, p.id DESC) pr ON pr.case_id = u.case_id
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
  const given = sql`unnest(${`{${loans.map((l) => l.loanId).join(',')}}`}::bigint[], ${dates((l) => l.nextUnpaid)}::date[], ${dates((l) => l.nextAfter)}::date[]) AS g(loan_id, next_unpaid, next_after)`;
  const source = sql`(SELECT g.loan_id, g.next_unpaid, g.next_after, ${statusAndCase(sql`g.loan_id`)}
                        FROM ${given}
                        LEFT JOIN loan_status s ON s.loan_id = g.loan_id
                        LEFT JOIN collection_case c ON c.loan_id = g.loan_id AND c.closed_on IS NULL)`;
  const { rows } = await sql<FactRow>`${factsOf(date, source, '')} ORDER BY u.loan_id`.execute(db);
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
 * temporary table `collection_facts` (in the caller's transaction), the settled left out when
 * asked, and handed out in loan order, `size` at a time. In one statement the book's tables are
 * joined by hash, once, rather than probed loan by loan for each batch.
 */
export async function* factsToEvaluate(
  trx: Kysely<DB>,
  date: BusinessDate,
  lead: number,
  scope: EvaluationScope,
  size: number,
  options: FactsOptions,
): AsyncGenerator<LoanFacts[]> {
  const facts = factsOf(date, evaluable(date, lead, scope), options.strategies);
  // the settled are left out as the statement gathers them: kept, they were 151,428 of the 214,286
  // rows written, indexed and stepped over on the bench's day at 1,000,000 loans (0.3–0.4 s)
  const settled = sql`coalesce(f.case_digest = f.digest AND f.evaluated_on <= ${date} AND (f.evaluate_again_on IS NULL OR f.evaluate_again_on > ${date}), false)`;
  await stagingTableAs(trx, 'collection_facts', options.skipSettled ? sql`SELECT * FROM (${facts}) f WHERE NOT ${settled}` : facts);
  await sql`ALTER TABLE collection_facts ADD PRIMARY KEY (loan_id)`.execute(trx);
  let after = 0;
  for (;;) {
    const { rows } = await sql<FactRow>`SELECT * FROM collection_facts WHERE loan_id > ${after} ORDER BY loan_id LIMIT ${size}`.execute(trx);
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
 * The loans a run or a preview evaluates, with their status and open case: every loan with an
 * open case (or, for a preview, every overdue loan in scope), and current loans falling due within
 * the strategies' lead time, each with its first unpaid due dates in that window (dueWithin). One
 * pass over the statuses, joined to the open cases by hash (the statuses of the whole book were
 * hashed before, to be probed by the loans the window had found in the installments).
 */
function evaluable(date: BusinessDate, lead: number, scope: EvaluationScope) {
  const due = dueWithin(date, addDays(date, lead));
  if ('branchPath' in scope) {
    const like = `${scope.branchPath.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    return sql`(
      SELECT s.loan_id, ${due.nextUnpaid} AS next_unpaid, ${due.nextAfter} AS next_after, ${statusAndCase(sql`s.loan_id`)}
        FROM loan_status s
        JOIN branch sb ON sb.id = s.branch_id
        LEFT JOIN collection_case c ON c.loan_id = s.loan_id AND c.closed_on IS NULL
       WHERE sb.path LIKE ${like} AND ((s.dpd > 0 AND NOT s.closed) OR ${due.any}))`;
  }
  // a case's loan without a status yet (none closed since it was made) is evaluated all the same
  return sql`(
    SELECT coalesce(c.loan_id, s.loan_id) AS loan_id, ${due.nextUnpaid} AS next_unpaid, ${due.nextAfter} AS next_after,
           ${statusAndCase(sql`coalesce(c.loan_id, s.loan_id)`)}
      FROM (SELECT * FROM collection_case WHERE closed_on IS NULL) c
      FULL JOIN loan_status s ON s.loan_id = c.loan_id
     WHERE c.id IS NOT NULL OR ${due.any})`;
}
