import type { Fixtures } from './support/access-check.js';
import { collectionFixtures } from './collections/access-probes.js';
import { riskFixtures } from './collateral/access-probes.js';
import { restructuringFixtures } from './restructuring/access-probes.js';
import { unique, type World } from './support/world.js';
import { issueApiToken } from '../src/modules/auth/api-tokens.js';
import { makeLoan, setBusinessDate } from './support/loans.js';
import { postRepayment } from '../src/modules/loans/repayments.js';
import { addDays, parseBusinessDate } from '../src/domain/business-date.js';
import { closeBusinessDate } from '../src/jobs/close-of-business.js';
import { HEAD_OFFICE_POLICY } from '../src/domain/followups/policy.js';
import { followupFixtures } from './followups/access-probes.js';
import { shFollowUp, shPendingAmendment, shQaItem, shTask } from './followups/fixtures.js';

/**
 * One probe per route, aimed at data of branch SH. A new route without an entry here fails the
 * access test: that is the point.
 */
const shUser = async (w: World) => (await w.user('SH', ['collector'], { phone: '13812345678' })).id;
const shBorrower = async (w: World) => {
  const loanId = await makeLoan({ db: w.db } as never, w.branches.SH.id);
  return (await w.db.selectFrom('loan').select('borrower_id').where('id', '=', loanId).executeTakeFirstOrThrow()).borrower_id;
};
const shOverride = async (w: World) => {
  const loanId = await makeLoan({ db: w.db } as never, w.branches.SH.id);
  const row = await w.db.insertInto('loan_class_override').values({ loan_id: loanId, risk_class: 'substandard', reason: 'probe', role: 'risk_officer', set_by_user_id: null, set_on: '2026-03-01' }).returning('id').executeTakeFirstOrThrow();
  return { loanId, overrideId: row.id };
};

// An SH loan in the figures of a close (of the day before the business date, which stays), once per world.
const closed = new WeakMap<World, Promise<unknown>>();
const shClosed = (w: World) => {
  const done =
    closed.get(w) ??
    (async () => {
      await makeLoan({ db: w.db } as never, w.branches.SH.id);
      const { business_date } = await w.db.selectFrom('business_date').select('business_date').executeTakeFirstOrThrow();
      await closeBusinessDate(w.db, addDays(parseBusinessDate(business_date), -1));
    })();
  closed.set(w, done);
  return done;
};

export const fixtures: Fixtures = {
  'POST /api/v1/auth/logout': async () => ({ path: '/api/v1/auth/logout' }),
  'GET /api/v1/auth/me': async () => ({ path: '/api/v1/auth/me' }),
  'POST /api/v1/auth/password': async () => ({ path: '/api/v1/auth/password', body: { currentPassword: 'x', newPassword: 'y' } }),
  'GET /api/v1/business-date': async () => ({ path: '/api/v1/business-date' }),

  'GET /api/v1/branches': async () => ({ path: '/api/v1/branches', leaks: (b) => b.items.some((x: { code: string }) => x.code === 'SH') }),
  'GET /api/v1/branches/{id}': async (w) => ({ path: `/api/v1/branches/${w.branches.SH.id}` }),
  'POST /api/v1/branches': async (w) => ({ path: '/api/v1/branches', body: { code: unique('T'), nameZh: '新组', nameEn: 'New team', kind: 'team', parentId: w.branches.SH.id } }),
  'PATCH /api/v1/branches/{id}': async (w) => ({ path: `/api/v1/branches/${w.branches.SH.id}`, body: { nameEn: 'Shanghai', reason: 'rename' } }),

  'GET /api/v1/users': async (w) => {
    await shUser(w);
    return { path: '/api/v1/users?limit=500', leaks: (b) => b.items.some((x: { branchCode: string }) => x.branchCode === 'SH') };
  },
  'GET /api/v1/users/{id}': async (w) => ({ path: `/api/v1/users/${await shUser(w)}` }),
  'POST /api/v1/users': async (w) => ({ path: '/api/v1/users', body: { username: unique('n'), displayName: '新人', branchId: w.branches.SH.id, roles: ['collector'], password: 'long-enough-pw' } }),
  'PATCH /api/v1/users/{id}': async (w) => ({ path: `/api/v1/users/${await shUser(w)}`, body: { displayName: '改名', reason: 'typo' } }),
  'POST /api/v1/users/{id}/password': async (w) => ({ path: `/api/v1/users/${await shUser(w)}/password`, body: { password: 'another-long-pw', reason: 'forgot' } }),
  'GET /api/v1/users/{id}/tokens': async (w) => ({ path: `/api/v1/users/${await shUser(w)}/tokens` }),
  'POST /api/v1/users/{id}/tokens': async (w) => ({ path: `/api/v1/users/${await shUser(w)}/tokens`, body: { name: 'dialer' } }),
  'POST /api/v1/tokens/{id}/revoke': async (w) => {
    const token = await issueApiToken(w.db, { userId: null, name: 'test' }, await shUser(w), 'gps vendor');
    return { path: `/api/v1/tokens/${token.id}/revoke`, body: { reason: 'rotated' } };
  },

  'GET /api/v1/loans': async (w) => {
    await makeLoan({ db: w.db } as never, w.branches.SH.id);
    return { path: '/api/v1/loans?limit=500', leaks: (b) => b.items.some((x: { branchCode: string }) => x.branchCode === 'SH') };
  },
  'GET /api/v1/loans/export': async (w) => {
    await makeLoan({ db: w.db } as never, w.branches.SH.id);
    // CSV: the second column is the branch code
    return { path: '/api/v1/loans/export?format=csv', leaks: (b) => typeof b === 'string' && b.split('\r\n').some((line) => line.split(',')[1] === 'SH') };
  },
  'GET /api/v1/loans/{id}': async (w) => ({ path: `/api/v1/loans/${await makeLoan({ db: w.db } as never, w.branches.SH.id)}` }),
  'GET /api/v1/loans/{id}/events': async (w) => ({ path: `/api/v1/loans/${await makeLoan({ db: w.db } as never, w.branches.SH.id)}/events` }),
  'GET /api/v1/loans/{id}/history': async (w) => ({ path: `/api/v1/loans/${await makeLoan({ db: w.db } as never, w.branches.SH.id)}/history` }),
  'GET /api/v1/loans/{id}/payoff-quote': async (w) => ({ path: `/api/v1/loans/${await makeLoan({ db: w.db } as never, w.branches.SH.id)}/payoff-quote?on=2026-03-01` }),
  'POST /api/v1/loans/{id}/repayments': async (w) => {
    await setBusinessDate({ db: w.db } as never, '2026-03-01');
    return { path: `/api/v1/loans/${await makeLoan({ db: w.db } as never, w.branches.SH.id)}/repayments`, body: { externalId: unique('P'), valueDate: '2026-01-31', amountFen: 304219, channel: 'bank_transfer' } };
  },
  'POST /api/v1/repayments/{id}/reverse': async (w) => {
    await setBusinessDate({ db: w.db } as never, '2026-03-01');
    const loanId = await makeLoan({ db: w.db } as never, w.branches.SH.id);
    const posted = await postRepayment(w.db, { userId: null, name: 'test' }, loanId, { externalId: unique('P'), valueDate: parseBusinessDate('2026-01-31'), amountFen: 304219, channel: 'counter' });
    return { path: `/api/v1/repayments/${posted.repaymentId}/reverse`, body: { reason: 'wrong account' } };
  },
  'POST /api/v1/loans/{id}/class-override': async (w) => ({ path: `/api/v1/loans/${await makeLoan({ db: w.db } as never, w.branches.SH.id)}/class-override`, body: { riskClass: 'doubtful', reason: '逃废债 evasion' } }),
  'GET /api/v1/loans/{id}/class-overrides': async (w) => ({ path: `/api/v1/loans/${(await shOverride(w)).loanId}/class-overrides` }),
  'POST /api/v1/loans/{id}/class-overrides/{overrideId}/withdraw': async (w) => {
    const { loanId, overrideId } = await shOverride(w);
    return { path: `/api/v1/loans/${loanId}/class-overrides/${overrideId}/withdraw`, body: { reason: '已核实 verified' } };
  },
  'GET /api/v1/borrowers/{id}/facts': async (w) => ({ path: `/api/v1/borrowers/${await shBorrower(w)}/facts` }),
  'POST /api/v1/borrowers/{id}/facts': async (w) => ({
    path: `/api/v1/borrowers/${await shBorrower(w)}/facts`,
    body: { kind: 'mobile', value: '13912345678', source: 'follow_up', verification: 'verified', reason: '回访核实 verified on call' },
  }),
  'GET /api/v1/eod-runs': async () => ({ path: '/api/v1/eod-runs' }),
  'GET /api/v1/dashboard': async (w) => {
    await shClosed(w);
    return { path: '/api/v1/dashboard', leaks: (b) => b.branches.some((x: { code: string }) => x.code === 'SH') };
  },
  // follow-ups (回访): test/followups/fixtures.ts makes SH's tasks, follow-ups, amendments and QA items
  'GET /api/v1/followup-policies/effective': async (w) => ({ path: `/api/v1/followup-policies/effective?branchId=${w.branches.SH.id}&date=2026-03-01` }),
  // far in the future: whatever the business date, it is the latest version and changes nothing today
  'POST /api/v1/followup-policies': async () => ({ path: '/api/v1/followup-policies', body: { ...HEAD_OFFICE_POLICY, version: undefined, effectiveFrom: '2099-01-01', reason: '总行标准 probe' } }),
  'POST /api/v1/followup-policies/branches/{id}': async (w) => ({ path: `/api/v1/followup-policies/branches/${w.branches.SH.id}`, body: { override: { slaDays: 3 }, effectiveFrom: '2099-01-01', reason: '分行收紧 tighten' } }),
  'GET /api/v1/followups/mine': async () => ({ path: '/api/v1/followups/mine' }),
  'GET /api/v1/followups/{id}/form': async (w) => ({ path: `/api/v1/followups/${await shTask(w)}/form` }),
  'POST /api/v1/followups/{id}/complete': async (w) => ({ path: `/api/v1/followups/${await shTask(w)}/complete`, body: { answers: [{ item: 'reached', heard: 'no' }] } }),
  'GET /api/v1/followups/{id}/history': async (w) => ({ path: `/api/v1/followups/${await shFollowUp(w)}/history` }),
  'POST /api/v1/followups/{id}/amendments': async (w) => ({
    path: `/api/v1/followups/${await shFollowUp(w)}/amendments`,
    body: { source: 'complaint', changes: [{ item: 'reached', heard: 'yes', verdict: 'matches' }], reason: '客户投诉 complaint' },
  }),
  'POST /api/v1/amendments/{id}/approve': async (w) => ({ path: `/api/v1/amendments/${await shPendingAmendment(w)}/approve`, body: {} }),
  'POST /api/v1/amendments/{id}/reject': async (w) => ({ path: `/api/v1/amendments/${await shPendingAmendment(w)}/reject`, body: { reason: '录音核实 checked the recording' } }),
  'GET /api/v1/amendments': async (w) => {
    await shPendingAmendment(w);
    return { path: '/api/v1/amendments', leaks: (b) => b.items.some((x: { branchCode: string }) => x.branchCode === 'SH') };
  },
  'GET /api/v1/qa': async (w) => {
    await shQaItem(w);
    return { path: '/api/v1/qa', leaks: (b) => b.items.some((x: { branchCode: string }) => x.branchCode === 'SH') };
  },
  'GET /api/v1/qa/{id}': async (w) => ({ path: `/api/v1/qa/${await shQaItem(w)}` }),
  'POST /api/v1/qa/{id}/score': async (w) => ({ path: `/api/v1/qa/${await shQaItem(w)}/score`, body: { scores: [{ item: 'reached', correct: true }] } }),
  'GET /api/v1/followups/kpis': async (w) => ({ path: `/api/v1/followups/kpis?branchId=${w.branches.SH.id}&from=2026-01-01&to=2026-12-31` }),
  'GET /api/v1/audit': async () => ({ path: '/api/v1/audit?limit=500', leaks: (b) => b.items.some((x: { branchPath: string | null }) => x.branchPath?.startsWith('/HO/SH/')) }),
  ...collectionFixtures,
  ...riskFixtures,
  ...restructuringFixtures,
  ...followupFixtures,
};
