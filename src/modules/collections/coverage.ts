import { type Kysely, sql } from 'kysely';
import { copyInto, copyLine } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import { type BusinessDate, daysBetween } from '../../domain/business-date.js';
import {
  addToTally,
  checkCoverage,
  type CoverageReason,
  type CoverageResult,
  type CoverageSla,
  type CoverageSummary,
  type CoverageTally,
  DEFAULT_COVERAGE_SLAS,
  emptyTally,
  summaryOfTally,
} from '../../domain/collections/coverage.js';
import { rowsOf, slices, throughCursor } from './sql-rows.js';
import { dueBy, LENDER_TIME_ZONE } from './time.js';

/**
 * The coverage watchdog (逾期不催收) after each close: every overdue loan is checked against its
 * bucket's service levels (src/domain/collections/coverage.ts) from facts read in one query: the
 * case's owner and since when, the days it had real or refused attempts (SMS left out: a robot's
 * text is not collection work), the holds (a restructuring plan kept counts as one). The loans not
 * covered are stored with their reasons, the counts per branch, team and collector beside them,
 * and each uncovered loan without an open escalation gets one: a task for its branch's managers.
 */
export const COVERAGE_SLAS: readonly CoverageSla[] = DEFAULT_COVERAGE_SLAS;

const REASON_TEXT: Record<CoverageReason, { zh: string; en: string }> = {
  no_owner: { zh: '无人负责', en: 'no owner' },
  no_attempt: { zh: '逾期后未曾联系', en: 'no contact attempt' },
  only_blocked_attempts: { zh: '仅有被合规拒绝的联系', en: 'only attempts the compliance guard refused' },
  no_recent_attempt: { zh: '近期未联系', en: 'no recent attempt' },
  hold_expired: { zh: '停催到期后未恢复联系', en: 'no attempt since a hold ended' },
};

interface Row {
  loan_id: number;
  overdue_since: BusinessDate;
  bucket: string;
  branch_id: number;
  case_id: number | null;
  owner_kind: string | null;
  owner_id: number | null;
  owner_since: BusinessDate | null;
  collector_branch_id: number | null;
  collector_branch_kind: string | null;
  /** the case has an escalation not yet dealt with: it gets no other */
  escalated: boolean;
  attempts: string[] | null;
  holds: { kind: string; reason: string; from: BusinessDate; until: BusinessDate | null }[] | null;
}

/** An uncovered loan whose case is to be escalated to its branch's managers. */
interface Escalation {
  caseId: number;
  loanId: number;
  branchId: number;
  bucket: string;
  overdueSince: BusinessDate;
  reasons: readonly CoverageReason[];
}

const BATCH = 20_000;
/** Rows read at a time: each batch is checked, counted and copied, then dropped. */
const FETCH = 10_000;

export async function computeCoverage(
  trx: Kysely<DB>,
  date: BusinessDate,
  /** overdue loans read and checked at a time */
  fetch = FETCH,
): Promise<{ overdue: number; uncovered: number; escalated: number; rate: number }> {
  await sql`DELETE FROM collection_coverage WHERE business_date = ${date}`.execute(trx);
  await sql`DELETE FROM collection_coverage_summary WHERE business_date = ${date}`.execute(trx);
  const overall = emptyTally();
  const units = new Map<string, { level: UnitLevel; unitId: number; tally: CoverageTally }>();
  const count = (level: UnitLevel, unitId: number | null, result: CoverageResult) => {
    if (unitId === null) return;
    const k = `${level}:${unitId}`;
    let u = units.get(k);
    if (u === undefined) units.set(k, (u = { level, unitId, tally: emptyTally() }));
    addToTally(u.tally, result);
  };
  const toEscalate: Escalation[] = [];
  // Checked, counted and copied as they are read, a batch at a time: the step holds one batch of
  // rows, not every overdue loan's with its result (97,143 on the bench's day at 1,000,000 loans,
  // whose survival made much of the step's garbage collection).
  for await (const rows of coverageFacts(trx, date, fetch)) {
    const lines: string[] = [];
    for (const row of rows) {
      const dpd = daysBetween(row.overdue_since, date);
      const result = checkCoverage(COVERAGE_SLAS, {
        loanId: row.loan_id,
        asOf: date,
        dpd,
        bucket: row.bucket,
        oldestUnpaidDue: row.overdue_since,
        ownerSince: row.owner_since,
        attempts: (row.attempts ?? []).map((a) => ({ on: a.slice(0, 10) as BusinessDate, blocked: a.endsWith('!') })),
        holds: row.holds ?? [],
      });
      const collectorId = row.owner_kind === 'collector' ? row.owner_id : null;
      const teamId = row.owner_kind === 'team' ? row.owner_id : row.collector_branch_kind === 'team' ? row.collector_branch_id : null;
      addToTally(overall, result);
      count('branch', row.branch_id, result);
      count('team', teamId, result);
      count('collector', collectorId, result);
      if (result.status !== 'uncovered') continue;
      // a reason is a bare word, so `{a,b}` is its array's text as it stands
      lines.push(copyLine([date, row.loan_id, row.case_id, row.branch_id, teamId, collectorId, row.bucket, dpd, `{${result.reasons.join(',')}}`]));
      if (row.case_id !== null && !row.escalated) {
        toEscalate.push({ caseId: row.case_id, loanId: row.loan_id, branchId: row.branch_id, bucket: row.bucket, overdueSince: row.overdue_since, reasons: result.reasons });
      }
    }
    // the snapshot, copied in one COPY a batch: it has no row checks (migration 0018)
    if (lines.length > 0) await copyInto(trx, 'collection_coverage', COVERAGE_COLUMNS, lines);
  }
  let escalated = 0;
  for (const batch of slices(toEscalate, BATCH)) escalated += await escalate(trx, date, batch);
  await storeSummaries(trx, date, [...units.values()].map((u) => ({ level: u.level, unitId: u.unitId, s: summaryOfTally(u.tally) })));
  const summary = summaryOfTally(overall);
  return { overdue: summary.overdue, uncovered: summary.uncovered, escalated, rate: summary.rate };
}

type UnitLevel = 'branch' | 'team' | 'collector';

const COVERAGE_COLUMNS = ['business_date', 'loan_id', 'case_id', 'branch_id', 'team_id', 'collector_id', 'bucket', 'dpd', 'reasons'];

/**
 * Every overdue loan with its case, owner, attempts and holds, in one statement read through a
 * cursor, `size` rows at a time, in loan order: the attempts and the holds are gathered for the
 * overdue loans at once and hash-joined. Asked loan by loan, in batches, they were two sub-queries
 * per loan and a batch's worth of probes of the book's tables. Whether a case has an escalation
 * not yet dealt with is read here too, before this run adds any (a NOT EXISTS against tasks the
 * transaction is adding was planned as if there were none).
 */
function coverageFacts(trx: Kysely<DB>, date: BusinessDate, size: number): AsyncGenerator<Row[]> {
  const zone = LENDER_TIME_ZONE;
  const query = sql`
    WITH overdue AS MATERIALIZED (
      -- the branch as close of business copied it beside the status: joining the loan table (284 MB
      -- at 1,000,000 loans) for that one column cost a pass over all of it
      SELECT loan_id, overdue_since, bucket, branch_id FROM loan_status WHERE dpd > 0 AND NOT closed AND overdue_since IS NOT NULL
    )
    SELECT s.loan_id, s.overdue_since, s.bucket, s.branch_id,
           c.id AS case_id, c.owner_kind, c.owner_id, c.owner_since, ub.id AS collector_branch_id, ub.kind AS collector_branch_kind,
           e.case_id IS NOT NULL AS escalated, ka.attempts, hq.holds
      FROM overdue s
      LEFT JOIN collection_case c ON c.loan_id = s.loan_id AND c.closed_on IS NULL
      LEFT JOIN app_user cu ON c.owner_kind = 'collector' AND cu.id = c.owner_id
      LEFT JOIN branch ub ON ub.id = cu.branch_id
      LEFT JOIN (SELECT DISTINCT t.case_id FROM collection_task t WHERE t.kind = 'escalation' AND t.status IN ('open', 'held')) e ON e.case_id = c.id
      -- the days with a real or refused attempt since the loan fell overdue (SMS left out)
      LEFT JOIN (
        SELECT k.loan_id, array_agg(DISTINCT k.on_date::text || CASE WHEN k.status = 'refused' THEN '!' ELSE '' END) AS attempts
          FROM collection_contact k JOIN overdue o ON o.loan_id = k.loan_id
         WHERE k.on_date BETWEEN o.overdue_since AND ${date} AND k.channel <> 'sms'
         GROUP BY k.loan_id
      ) ka ON ka.loan_id = s.loan_id
      LEFT JOIN (
        SELECT q.loan_id, json_agg(q.x) AS holds FROM (
          SELECT h.loan_id, json_build_object(
                   'kind', h.kind, 'reason', h.reason, 'from', (h.from_at AT TIME ZONE ${zone})::date,
                   'until', ((least(h.until_at, h.released_at) - interval '1 microsecond') AT TIME ZONE ${zone})::date) AS x
            FROM collection_hold h JOIN overdue o ON o.loan_id = h.loan_id
           WHERE (h.from_at AT TIME ZONE ${zone})::date <= ${date}
             AND (least(h.until_at, h.released_at) IS NULL OR ((least(h.until_at, h.released_at) - interval '1 microsecond') AT TIME ZONE ${zone})::date >= o.overdue_since)
          UNION ALL
          -- a restructuring plan kept pauses collection like a hold, until the day before it breaks or ends (plans.ts)
          SELECT pc.loan_id, json_build_object('kind', 'restructuring_plan', 'reason', 'restructuring #' || p.restructuring_id, 'from', p.in_force_from,
                                               'until', least(p.broken_on, p.ended_on) - 1)
            FROM collection_case_plan p JOIN collection_case pc ON pc.id = p.case_id JOIN overdue o ON o.loan_id = pc.loan_id
           WHERE p.in_force_from <= ${date}
             AND (least(p.broken_on, p.ended_on) IS NULL OR least(p.broken_on, p.ended_on) - 1 >= o.overdue_since)
        ) q GROUP BY q.loan_id
      ) hq ON hq.loan_id = s.loan_id
     ORDER BY s.loan_id`;
  return throughCursor<Row>(trx, 'collection_coverage_facts', query, size);
}

/** One escalation per case at a time: a new one only once the last is done or cancelled. */
async function escalate(trx: Kysely<DB>, date: BusinessDate, withCase: readonly Escalation[]): Promise<number> {
  if (withCase.length === 0) return 0;
  const u = rowsOf<Escalation>(
    [
      ['case_id', 'bigint', (c) => c.caseId],
      ['loan_id', 'bigint', (c) => c.loanId],
      ['branch_id', 'bigint', (c) => c.branchId],
      [
        'explanation',
        'jsonb',
        (c) =>
          JSON.stringify({
            coverage: { reasons: c.reasons, bucket: c.bucket, overdueSince: c.overdueSince },
            why: {
              zh: `逾期不催收：${c.reasons.map((r) => REASON_TEXT[r].zh).join('、')}`,
              en: `overdue and not collected: ${c.reasons.map((r) => REASON_TEXT[r].en).join(', ')}`,
            },
          }),
      ],
    ],
    withCase,
  );
  const { rows } = await sql<{ n: number }>`
    WITH ins AS (
      INSERT INTO collection_task (case_id, loan_id, decision_key, kind, for_role, branch_id, action, priority, created_on, due_by, explanation)
      SELECT u.case_id, u.loan_id, 'coverage/' || u.case_id || '/' || ${date}, 'escalation', 'branch_manager', u.branch_id, 'escalation', 1, ${date},
             ${dueBy(date, 24)}::timestamptz, u.explanation::jsonb
        FROM ${u} u
      ON CONFLICT (loan_id, decision_key) DO NOTHING
      RETURNING case_id, loan_id, explanation
    ), events AS (
      INSERT INTO collection_case_event (case_id, loan_id, business_date, kind, detail)
      SELECT case_id, loan_id, ${date}, 'uncovered', explanation -> 'coverage' FROM ins
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM ins`.execute(trx);
  return rows[0]?.n ?? 0;
}

async function storeSummaries(trx: Kysely<DB>, date: BusinessDate, rows: readonly { level: UnitLevel; unitId: number; s: CoverageSummary }[]): Promise<void> {
  for (const part of slices(rows, BATCH)) {
    const u = rowsOf<(typeof rows)[number]>(
      [
        ['level', 'text', (r) => r.level],
        ['unit_id', 'bigint', (r) => r.unitId],
        ['overdue', 'integer', (r) => r.s.overdue],
        ['covered', 'integer', (r) => r.s.covered],
        ['pending', 'integer', (r) => r.s.pending],
        ['held', 'integer', (r) => r.s.held],
        ['uncovered', 'integer', (r) => r.s.uncovered],
        ['by_reason', 'jsonb', (r) => JSON.stringify(r.s.byReason)],
      ],
      part,
    );
    // a team's and a branch's rows are scoped by that unit; a collector's by their own branch
    await sql`
      INSERT INTO collection_coverage_summary (business_date, level, unit_id, branch_id, overdue, covered, pending, held, uncovered, by_reason)
      SELECT ${date}, u.level, u.unit_id, CASE WHEN u.level = 'collector' THEN cu.branch_id ELSE u.unit_id END,
             u.overdue, u.covered, u.pending, u.held, u.uncovered, u.by_reason::jsonb
        FROM ${u} u LEFT JOIN app_user cu ON u.level = 'collector' AND cu.id = u.unit_id`.execute(trx);
  }
}
