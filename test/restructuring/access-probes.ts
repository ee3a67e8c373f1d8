import type { Fixtures } from '../support/access-check.js';
import { requestRestructuring } from '../../src/modules/restructuring/requests.js';
import { makeLoan } from '../support/loans.js';
import type { World } from '../support/world.js';

/** Access probes for the restructuring routes, aimed at branch SH (see test/access-fixtures.ts). */
async function shAssessment(w: World) {
  const loanId = await makeLoan({ db: w.db } as never, w.branches.SH.id);
  const a = await w.db
    .insertInto('hardship_assessment')
    .values({ loan_id: loanId, cause: 'illness', income_now_fen: 0, willingness: 'strong', eligibility: '{}', assessed_on: '2026-03-01', recorded_by: 'probe' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { loanId, assessmentId: a.id };
}

async function shPending(w: World) {
  const { loanId, assessmentId } = await shAssessment(w);
  const made = await requestRestructuring(w.db, { userId: null, name: 'probe' }, loanId, { terms: { extensionMonths: 3 }, hardshipAssessmentId: assessmentId, reason: 'probe' });
  return made.id;
}

/** An approved restructuring of SH (the decision written directly: the probe is about reading it). */
async function shApproved(w: World) {
  const id = await shPending(w);
  await w.db.updateTable('restructuring').set({ status: 'approved', decided_by: 'probe', decided_on: '2026-03-01', decision_reason: 'probe' }).where('id', '=', id).execute();
  return id;
}

// the access check asks a fixture twice for one call (path, then body): both must name one loan
const assessments = new WeakMap<World, Promise<{ loanId: number; assessmentId: number }>>();
const sameAssessment = (w: World) => {
  const found = assessments.get(w) ?? shAssessment(w);
  assessments.set(w, found);
  return found;
};

export const restructuringFixtures: Fixtures = {
  'POST /api/v1/loans/{id}/hardship-assessments': async (w) => ({ path: `/api/v1/loans/${await makeLoan({ db: w.db } as never, w.branches.SH.id)}/hardship-assessments`, body: { cause: 'illness', incomeNowFen: 0, willingness: 'strong' } }),
  'POST /api/v1/loans/{id}/restructurings/preview': async (w) => ({ path: `/api/v1/loans/${await makeLoan({ db: w.db } as never, w.branches.SH.id)}/restructurings/preview`, body: { terms: { extensionMonths: 3 } } }),
  'POST /api/v1/loans/{id}/restructurings': async (w) => {
    const { loanId, assessmentId } = await sameAssessment(w);
    return { path: `/api/v1/loans/${loanId}/restructurings`, body: { terms: { extensionMonths: 3 }, hardshipAssessmentId: assessmentId, reason: 'probe reason' } };
  },
  'POST /api/v1/restructurings/{id}/approve': async (w) => ({ path: `/api/v1/restructurings/${await shPending(w)}/approve`, body: { reason: 'probe reason' } }),
  'POST /api/v1/restructurings/{id}/reject': async (w) => ({ path: `/api/v1/restructurings/${await shPending(w)}/reject`, body: { reason: 'probe reason' } }),
  'GET /api/v1/restructurings/inbox': async (w) => {
    await shPending(w);
    return { path: '/api/v1/restructurings/inbox', leaks: (b) => b.items.some((x: { branchCode: string }) => x.branchCode === 'SH') };
  },
  'GET /api/v1/restructurings/{id}': async (w) => ({ path: `/api/v1/restructurings/${await shPending(w)}` }),
  'GET /api/v1/loans/{id}/restructurings': async (w) => ({ path: `/api/v1/loans/${(await shAssessment(w)).loanId}/restructurings` }),
  'GET /api/v1/restructured-loans': async (w) => {
    await shApproved(w);
    return { path: '/api/v1/restructured-loans', leaks: (b) => b.items.some((x: { branchCode: string }) => x.branchCode === 'SH') };
  },
  'GET /api/v1/restructured-loans/export': async (w) => {
    await shApproved(w);
    return { path: '/api/v1/restructured-loans/export', leaks: (b) => String(b).includes(',SH,') };
  },
  'GET /api/v1/restructuring-limits': async (w) => {
    await w.db.insertInto('restructuring_quota_version').values({ branch_id: w.branches.SH.id, max_count: 1_000, max_waived_fen: 1_000_000_000, effective_from: '2026-01-01', reason: 'probe', set_by: 'probe' }).execute();
    return { path: '/api/v1/restructuring-limits', leaks: (b) => [...b.quotaVersions, ...b.branches].some((x: { branchCode: string }) => x.branchCode === 'SH') };
  },
  // the control call (head office) stores these: generous, so the other probes' requests still pass
  'PUT /api/v1/restructuring-limits/authority/{role}': async () => ({ path: '/api/v1/restructuring-limits/authority/branch_manager', body: { maxWaivedFen: 5_000_000, maxExtraMonths: 6, reason: 'probe reason' } }),
  'PUT /api/v1/restructuring-limits/quotas/{branchId}': async (w) => ({ path: `/api/v1/restructuring-limits/quotas/${w.branches.SH.id}`, body: { maxCount: 1_000, maxWaivedFen: 1_000_000_000, reason: 'probe reason' } }),
  'GET /api/v1/restructurings': async (w) => {
    await shPending(w);
    return { path: '/api/v1/restructurings', leaks: (b) => b.items.some((x: { branchCode: string }) => x.branchCode === 'SH') };
  },
};
