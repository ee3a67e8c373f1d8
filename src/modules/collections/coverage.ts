import { type Kysely, sql } from 'kysely';
import { copyInto, copyLine } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import { type BusinessDate, daysBetween } from '../../domain/business-date.js';
import { checkCoverage, type CoverageReason, type CoverageResult, type CoverageSla, DEFAULT_COVERAGE_SLAS, summariseCoverage } from '../../domain/collections/coverage.js';
import { rowsOf, slices } from './sql-rows.js';
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
  attempts: string[] | null;
  holds: { kind: string; reason: string; from: BusinessDate; until: BusinessDate | null }[] | null;
}

interface Counted {
  row: Row;
  result: CoverageResult;
  teamId: number | null;
  collectorId: number | null;
}

const BATCH = 20_000;

export async function computeCoverage(trx: Kysely<DB>, date: BusinessDate): Promise<{ overdue: number; uncovered: number; escalated: number; rate: number }> {
  await sql`DELETE FROM collection_coverage WHERE business_date = ${date}`.execute(trx);
  await sql`DELETE FROM collection_coverage_summary WHERE business_date = ${date}`.execute(trx);
  // cases already escalated and not yet dealt with: read once, so the inserts below join nothing
  // (a NOT EXISTS against tasks this transaction is adding was planned as if there were none)
  const { rows: pending } = await sql<{ case_id: number }>`SELECT DISTINCT case_id FROM collection_task WHERE kind = 'escalation' AND status IN ('open', 'held')`.execute(trx);
  const escalatedCases = new Set(pending.map((r) => r.case_id));
  const all: Counted[] = (await loadCoverageFacts(trx, date)).map((row) => {
    const result = checkCoverage(COVERAGE_SLAS, {
      loanId: row.loan_id,
      asOf: date,
      dpd: daysBetween(row.overdue_since, date),
      bucket: row.bucket,
      oldestUnpaidDue: row.overdue_since,
      ownerSince: row.owner_since,
      attempts: (row.attempts ?? []).map((a) => ({ on: a.slice(0, 10) as BusinessDate, blocked: a.endsWith('!') })),
      holds: row.holds ?? [],
    });
    const collectorId = row.owner_kind === 'collector' ? row.owner_id : null;
    const teamId = row.owner_kind === 'team' ? row.owner_id : row.collector_branch_kind === 'team' ? row.collector_branch_id : null;
    return { row, result, teamId, collectorId };
  });
  const uncovered = all.filter((c) => c.result.status === 'uncovered');
  await storeUncovered(trx, date, uncovered);
  let escalated = 0;
  for (const batch of slices(uncovered, BATCH)) {
    escalated += await escalate(trx, date, batch.filter((c) => c.row.case_id !== null && !escalatedCases.has(c.row.case_id)));
  }
  await storeSummaries(trx, date, all);
  const summary = summariseCoverage(all.map((c) => c.result));
  return { overdue: summary.overdue, uncovered: summary.uncovered, escalated, rate: summary.rate };
}

/**
 * Every overdue loan with its case, owner, attempts and holds, in one statement: the attempts and
 * the holds are gathered for the overdue loans at once and hash-joined. Asked loan by loan, in
 * batches, they were two sub-queries per loan and a batch's worth of probes of the book's tables.
 */
async function loadCoverageFacts(trx: Kysely<DB>, date: BusinessDate): Promise<Row[]> {
  const zone = LENDER_TIME_ZONE;
  const { rows } = await sql<Row>`
    WITH overdue AS MATERIALIZED (
      -- the branch as close of business copied it beside the status: joining the loan table (284 MB
      -- at 1,000,000 loans) for that one column cost a pass over all of it
      SELECT loan_id, overdue_since, bucket, branch_id FROM loan_status WHERE dpd > 0 AND NOT closed AND overdue_since IS NOT NULL
    )
    SELECT s.loan_id, s.overdue_since, s.bucket, s.branch_id,
           c.id AS case_id, c.owner_kind, c.owner_id, c.owner_since, ub.id AS collector_branch_id, ub.kind AS collector_branch_kind,
           ka.attempts, hq.holds
      FROM overdue s
      LEFT JOIN collection_case c ON c.loan_id = s.loan_id AND c.closed_on IS NULL
      LEFT JOIN app_user cu ON c.owner_kind = 'collector' AND cu.id = c.owner_id
      LEFT JOIN branch ub ON ub.id = cu.branch_id
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
     ORDER BY s.loan_id`.execute(trx);
  return rows;
}

/**
 * The uncovered loans, copied into the snapshot in one COPY: it has no row checks (migration 0018),
 * and inserted from arrays 20,000 at a time they took five statements of about 50 ms each at
 * 1,000,000 loans. A reason is a bare word, so `{a,b}` is its array's text as it stands.
 */
async function storeUncovered(trx: Kysely<DB>, date: BusinessDate, uncovered: readonly Counted[]): Promise<void> {
  if (uncovered.length === 0) return;
  await copyInto(
    trx,
    'collection_coverage',
    ['business_date', 'loan_id', 'case_id', 'branch_id', 'team_id', 'collector_id', 'bucket', 'dpd', 'reasons'],
    uncovered.map((c) =>
      copyLine([date, c.row.loan_id, c.row.case_id, c.row.branch_id, c.teamId, c.collectorId, c.row.bucket, daysBetween(c.row.overdue_since, date), `{${c.result.reasons.join(',')}}`]),
    ),
  );
}

/** One escalation per case at a time: a new one only once the last is done or cancelled. */
async function escalate(trx: Kysely<DB>, date: BusinessDate, withCase: readonly Counted[]): Promise<number> {
  if (withCase.length === 0) return 0;
  const u = rowsOf<Counted>(
    [
      ['case_id', 'bigint', (c) => c.row.case_id],
      ['loan_id', 'bigint', (c) => c.row.loan_id],
      ['branch_id', 'bigint', (c) => c.row.branch_id],
      [
        'explanation',
        'jsonb',
        (c) =>
          JSON.stringify({
            coverage: { reasons: c.result.reasons, bucket: c.row.bucket, overdueSince: c.row.overdue_since },
            why: {
              zh: `逾期不催收：${c.result.reasons.map((r) => REASON_TEXT[r].zh).join('、')}`,
              en: `overdue and not collected: ${c.result.reasons.map((r) => REASON_TEXT[r].en).join(', ')}`,
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

async function storeSummaries(trx: Kysely<DB>, date: BusinessDate, all: readonly Counted[]): Promise<void> {
  type Key = { level: 'branch' | 'team' | 'collector'; unitId: number };
  const groups = new Map<string, { key: Key; results: CoverageResult[] }>();
  const add = (level: Key['level'], unitId: number | null, result: CoverageResult) => {
    if (unitId === null) return;
    const k = `${level}:${unitId}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { key: { level, unitId }, results: [] }));
    g.results.push(result);
  };
  for (const c of all) {
    add('branch', c.row.branch_id, c.result);
    add('team', c.teamId, c.result);
    add('collector', c.collectorId, c.result);
  }
  const rows = [...groups.values()].map((g) => ({ ...g.key, s: summariseCoverage(g.results) }));
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
