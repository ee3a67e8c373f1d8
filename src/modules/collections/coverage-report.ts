import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { COVERAGE_REASONS } from '../../domain/collections/coverage.js';

/**
 * Coverage as the last collections run stored it, for a branch subtree: the counts per branch,
 * team and collector in it, their total, and the uncovered loans with their reasons, worst first.
 */
export async function coverageReport(db: Kysely<DB>, scopePath: string, date: string | undefined, limit: number) {
  const like = `${scopePath.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const run = date ?? (await db.selectFrom('collection_run').select((eb) => eb.fn.max('business_date').as('d')).executeTakeFirst())?.d ?? null;
  const zero = { overdue: 0, covered: 0, pending: 0, held: 0, uncovered: 0, rate: 1, byReason: Object.fromEntries(COVERAGE_REASONS.map((r) => [r, 0])) };
  if (run === null) return { businessDate: null, total: zero, summaries: [], uncovered: [], more: false };
  const { rows: summaries } = await sql<{ level: 'branch' | 'team' | 'collector'; unit_id: number; unit: string | null; overdue: number; covered: number; pending: number; held: number; uncovered: number; by_reason: Record<string, number> }>`
    SELECT s.level, s.unit_id, CASE WHEN s.level = 'collector' THEN u.display_name ELSE ub.code END AS unit,
           s.overdue, s.covered, s.pending, s.held, s.uncovered, s.by_reason
      FROM collection_coverage_summary s
      JOIN branch b ON b.id = s.branch_id
      LEFT JOIN app_user u ON s.level = 'collector' AND u.id = s.unit_id
      LEFT JOIN branch ub ON s.level <> 'collector' AND ub.id = s.unit_id
     WHERE s.business_date = ${run} AND b.path LIKE ${like}
     ORDER BY s.level, s.uncovered DESC, s.unit_id`.execute(db);
  const { rows: uncovered } = await sql<{ loan_id: number; external_id: string; branch_code: string; case_id: number | null; bucket: string; dpd: number; reasons: string[]; team_id: number | null; collector_id: number | null }>`
    SELECT c.loan_id, l.external_id, b.code AS branch_code, c.case_id, c.bucket, c.dpd, c.reasons, c.team_id, c.collector_id
      FROM collection_coverage c
      JOIN loan l ON l.id = c.loan_id
      JOIN branch b ON b.id = c.branch_id
     WHERE c.business_date = ${run} AND b.path LIKE ${like}
     ORDER BY c.dpd DESC, c.loan_id
     LIMIT ${limit + 1}`.execute(db);
  const branchRows = summaries.filter((s) => s.level === 'branch');
  const total = { ...zero, byReason: { ...zero.byReason } };
  for (const s of branchRows) {
    total.overdue += s.overdue;
    total.covered += s.covered;
    total.pending += s.pending;
    total.held += s.held;
    total.uncovered += s.uncovered;
    for (const [k, v] of Object.entries(s.by_reason)) total.byReason[k] = (total.byReason[k] ?? 0) + v;
  }
  total.rate = total.overdue === 0 ? 1 : (total.overdue - total.uncovered) / total.overdue;
  return {
    businessDate: run,
    total,
    summaries: summaries.map((s) => ({
      level: s.level,
      unitId: s.unit_id,
      unit: s.unit,
      overdue: s.overdue,
      covered: s.covered,
      pending: s.pending,
      held: s.held,
      uncovered: s.uncovered,
      rate: s.overdue === 0 ? 1 : (s.overdue - s.uncovered) / s.overdue,
      byReason: s.by_reason,
    })),
    uncovered: uncovered.slice(0, limit).map((u) => ({
      loanId: u.loan_id,
      loanExternalId: u.external_id,
      branchCode: u.branch_code,
      caseId: u.case_id,
      bucket: u.bucket,
      dpd: u.dpd,
      reasons: u.reasons,
      teamId: u.team_id,
      collectorId: u.collector_id,
    })),
    more: uncovered.length > limit,
  };
}
