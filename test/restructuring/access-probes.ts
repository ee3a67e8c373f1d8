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
  'GET /api/v1/restructurings': async (w) => {
    await shPending(w);
    return { path: '/api/v1/restructurings', leaks: (b) => b.items.some((x: { branchCode: string }) => x.branchCode === 'SH') };
  },
};
