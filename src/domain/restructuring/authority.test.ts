import { describe, expect, it } from 'vitest';
import { checkApprover, checkQuota, DEFAULT_AUTHORITY } from './authority.js';

describe('approval authority and branch quotas', () => {
  const manager = { userId: 2, roles: ['branch_manager'] };
  it('a branch manager approves up to ¥50,000 waived and 6 months', () => {
    expect(checkApprover(DEFAULT_AUTHORITY, manager, 1, { waivedFen: 5_000_000, extraMonths: 6 })).toEqual({ ok: true, role: 'branch_manager' });
    const over = checkApprover(DEFAULT_AUTHORITY, manager, 1, { waivedFen: 5_000_001, extraMonths: 6 });
    expect(over).toMatchObject({ ok: false, code: 'over-limit' });
    expect(checkApprover(DEFAULT_AUTHORITY, manager, 1, { waivedFen: 0, extraMonths: 7 })).toMatchObject({ ok: false, code: 'over-limit' });
    expect(checkApprover(DEFAULT_AUTHORITY, { userId: 3, roles: ['branch_manager', 'risk_officer'] }, 1, { waivedFen: 0, extraMonths: 9 })).toEqual({ ok: true, role: 'risk_officer' });
  });
  it('never the maker, never a role without authority', () => {
    expect(checkApprover(DEFAULT_AUTHORITY, manager, 2, { waivedFen: 0, extraMonths: 1 })).toMatchObject({ ok: false, code: 'same-person' });
    expect(checkApprover(DEFAULT_AUTHORITY, { userId: 5, roles: ['collector'] }, 1, { waivedFen: 0, extraMonths: 1 })).toMatchObject({ ok: false, code: 'no-authority' });
  });
  it('the monthly quota refuses the request past it, with a clear message', () => {
    const quota = { maxCount: 3, maxWaivedFen: 1_000_000 };
    expect(checkQuota(quota, { count: 2, waivedFen: 0 }, { waivedFen: 1_000_000, extraMonths: 6 }, '2026-11')).toEqual({ ok: true });
    expect(checkQuota(quota, { count: 3, waivedFen: 0 }, { waivedFen: 0, extraMonths: 6 }, '2026-11')).toEqual({
      ok: false,
      zh: '本机构 2026-11 的重组名额已用完（3/3 笔）',
      en: 'the branch has used its 2026-11 quota of restructurings (3 of 3)',
    });
    expect(checkQuota(quota, { count: 1, waivedFen: 900_000 }, { waivedFen: 100_001, extraMonths: 0 }, '2026-11')).toMatchObject({ ok: false, en: "the branch's 2026-11 waiver quota is short: 100000 fen left, this request 100001 fen" });
  });
});
