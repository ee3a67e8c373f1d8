import type { Fixtures } from './support/access-check.js';
import { unique, type World } from './support/world.js';
import { issueApiToken } from '../src/modules/auth/api-tokens.js';
import { makeLoan, setBusinessDate } from './support/loans.js';
import { postRepayment } from '../src/modules/loans/repayments.js';
import { parseBusinessDate } from '../src/domain/business-date.js';

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
  'GET /api/v1/loans/{id}': async (w) => ({ path: `/api/v1/loans/${await makeLoan({ db: w.db } as never, w.branches.SH.id)}` }),
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
  'GET /api/v1/audit': async () => ({ path: '/api/v1/audit?limit=500', leaks: (b) => b.items.some((x: { branchPath: string | null }) => x.branchPath?.startsWith('/HO/SH/')) }),
};
