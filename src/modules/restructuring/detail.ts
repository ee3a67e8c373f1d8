import type { Kysely } from 'kysely';
import type { Actor } from '../../api/context.js';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { checkQuota } from '../../domain/restructuring/authority.js';
import type { RestructureTerms } from '../../domain/restructuring/options.js';
import { currentBusinessDate } from '../system/business-date.js';
import { approverView } from './inbox.js';
import { loadAuthority, quotaStanding } from './limits.js';
import { planRestructuring } from './plan.js';
import { loadPosition } from './position.js';
import { listRestructurings } from './report.js';

export interface ScheduleRow {
  seq: number;
  dueDate: string;
  principalFen: number;
  interestFen: number;
  paymentFen: number;
  balanceAfterFen: number;
}

/** A stored schedule version as the preview shows schedules: one row per installment. */
export async function scheduleVersion(db: Kysely<DB>, loanId: number, version: number): Promise<ScheduleRow[]> {
  const rows = await db.selectFrom('installment').select(['seq', 'due_date', 'principal_fen', 'interest_fen', 'balance_after_fen']).where('loan_id', '=', loanId).where('version', '=', version).orderBy('seq').execute();
  return rows.map((i) => ({ seq: i.seq, dueDate: i.due_date, principalFen: i.principal_fen, interestFen: i.interest_fen, paymentFen: i.principal_fen + i.interest_fen, balanceAfterFen: i.balance_after_fen }));
}

/**
 * The schedules a checker compares: for a pending request, the preview recomputed on its change
 * date (stale when the loan moved since: approval would refuse it); for an approved one, the two
 * stored versions it went from and to.
 */
async function schedulesOf(db: Kysely<DB>, r: { status: string; loanId: number; effectiveOn: string; terms: unknown; fromVersion: number | null; toVersion: number | null }, positionHash: string) {
  if (r.status === 'approved' && r.fromVersion !== null && r.toVersion !== null) {
    return { stale: false, oldSchedule: await scheduleVersion(db, r.loanId, r.fromVersion), newSchedule: r.toVersion === r.fromVersion ? null : await scheduleVersion(db, r.loanId, r.toVersion) };
  }
  if (r.status !== 'pending') return { stale: false, oldSchedule: null, newSchedule: null };
  try {
    const p = await loadPosition(db, r.loanId, r.effectiveOn as BusinessDate);
    const plan = planRestructuring(p, r.terms as RestructureTerms);
    const row = (i: ScheduleRow) => ({ seq: i.seq, dueDate: i.dueDate, principalFen: i.principalFen, interestFen: i.interestFen, paymentFen: i.paymentFen, balanceAfterFen: i.balanceAfterFen });
    return { stale: p.hash !== positionHash, oldSchedule: p.ledger.terms.installments.map(row), newSchedule: plan.installments?.map(row) ?? null };
  } catch (error) {
    if (error instanceof AppError) return { stale: true, oldSchedule: null, newSchedule: null };
    throw error;
  }
}

/** One request with its hardship assessment, old and new schedule, and (while pending) what the caller's authority and the branch quota say. */
export async function restructuringDetail(db: Kysely<DB>, actor: Actor, id: number) {
  const head = await db.selectFrom('restructuring').select(['loan_id', 'hardship_assessment_id', 'position_hash', 'requested_by_user_id', 'branch_id']).where('id', '=', id).executeTakeFirst();
  if (!head) throw new AppError('not-found');
  const view = (await listRestructurings(db, actor, { loanId: head.loan_id })).items.find((x) => x.id === id);
  if (!view) throw new AppError('not-found');
  const assessment = head.hardship_assessment_id === null ? null : await db.selectFrom('hardship_assessment').selectAll().where('id', '=', head.hardship_assessment_id).executeTakeFirst();
  const schedules = await schedulesOf(db, view, head.position_hash);
  let pending = null;
  if (view.status === 'pending') {
    const today = await currentBusinessDate(db);
    const size = { waivedFen: view.waivedFen, extraMonths: view.extraMonths };
    const s = await quotaStanding(db, head.branch_id, today);
    pending = {
      approver: approverView(await loadAuthority(db, today), actor, head.requested_by_user_id, size),
      quota: { month: s.month, maxCount: s.quota?.maxCount ?? null, maxWaivedFen: s.quota?.maxWaivedFen ?? null, usedCount: s.used.count, usedWaivedFen: s.used.waivedFen, ok: s.quota ? checkQuota(s.quota, s.used, size, s.month).ok : true },
    };
  }
  return {
    ...view,
    assessment: assessment ? assessmentView(assessment) : null,
    ...schedules,
    pending,
  };
}

export function assessmentView(a: { id: number; cause: string; evidence: unknown; income_now_fen: number; income_at_application_fen: number | null; willingness: string; new_borrowing_declared: boolean; eligibility: unknown; assessed_on: string; recorded_by: string }) {
  const e = (a.eligibility ?? {}) as { eligible?: boolean; suggested?: string[]; flags?: { code: string; zh: string; en: string }[] };
  return {
    id: a.id,
    cause: a.cause,
    evidence: (Array.isArray(a.evidence) ? a.evidence : []) as string[],
    incomeNowFen: a.income_now_fen,
    incomeAtApplicationFen: a.income_at_application_fen,
    willingness: a.willingness,
    newBorrowingDeclared: a.new_borrowing_declared,
    eligible: e.eligible ?? false,
    suggested: e.suggested ?? [],
    flags: e.flags ?? [],
    assessedOn: a.assessed_on,
    recordedBy: a.recorded_by,
  };
}

/** A loan's restructuring history: its assessments, its requests and every schedule version (the old ones stay readable). */
export async function loanRestructuringHistory(db: Kysely<DB>, actor: Actor, loanId: number) {
  const loan = await db.selectFrom('loan').select('schedule_version').where('id', '=', loanId).executeTakeFirst();
  if (!loan) throw new AppError('not-found');
  const assessments = await db.selectFrom('hardship_assessment').selectAll().where('loan_id', '=', loanId).orderBy('id', 'desc').execute();
  const revisions = await db.selectFrom('schedule_revision').selectAll().where('loan_id', '=', loanId).orderBy('version').execute();
  const versions = await db.selectFrom('installment').select('version').distinct().where('loan_id', '=', loanId).orderBy('version').execute();
  return {
    currentVersion: loan.schedule_version,
    assessments: assessments.map(assessmentView),
    restructurings: (await listRestructurings(db, actor, { loanId })).items,
    versions: await Promise.all(
      versions.map(async ({ version }) => {
        const rev = revisions.find((x) => x.version === version);
        return {
          version,
          previousVersion: rev?.previous_version ?? null,
          cause: rev?.cause ?? 'origination',
          option: rev?.option ?? null,
          createdAt: rev?.created_at ?? null,
          withdrawn: rev?.withdrawn_at != null,
          current: version === loan.schedule_version,
          installments: await scheduleVersion(db, loanId, version),
        };
      }),
    ),
  };
}
