import { describe, expect, it } from 'vitest';
import { parseBusinessDate } from '../business-date.js';
import { type AuthorityVersion, authorityOn, type QuotaVersion, quotaOn } from './limit-versions.js';

const d = parseBusinessDate;

describe('versioned restructuring limits', () => {
  const authority: AuthorityVersion[] = [
    { id: 1, role: 'branch_manager', maxWaivedFen: 5_000_000, maxExtraMonths: 6, effectiveFrom: d('1970-01-01') },
    { id: 2, role: 'risk_officer', maxWaivedFen: 20_000_000, maxExtraMonths: 12, effectiveFrom: d('1970-01-01') },
    { id: 3, role: 'branch_manager', maxWaivedFen: 3_000_000, maxExtraMonths: 3, effectiveFrom: d('2026-04-01') },
    // a correction of the scheduled change, same start: the later version wins
    { id: 4, role: 'branch_manager', maxWaivedFen: 4_000_000, maxExtraMonths: 4, effectiveFrom: d('2026-04-01') },
  ];

  it('a role\'s limit on a date is its latest version started by then', () => {
    expect(authorityOn(authority, d('2026-03-31'))).toEqual([
      { role: 'branch_manager', maxWaivedFen: 5_000_000, maxExtraMonths: 6 },
      { role: 'risk_officer', maxWaivedFen: 20_000_000, maxExtraMonths: 12 },
    ]);
    expect(authorityOn(authority, d('2026-04-01'))[0]).toEqual({ role: 'branch_manager', maxWaivedFen: 4_000_000, maxExtraMonths: 4 });
    expect(authorityOn(authority, d('1969-12-31'))).toEqual([]);
  });

  it('a branch takes its own quota in force, else its nearest ancestor\'s', () => {
    const quotas: QuotaVersion[] = [
      { id: 1, branchPath: '/HO/', maxCount: 20, maxWaivedFen: 20_000_000, effectiveFrom: d('1970-01-01') },
      { id: 2, branchPath: '/HO/BJ/', maxCount: 1, maxWaivedFen: 1_000_000, effectiveFrom: d('2026-03-01') },
      { id: 3, branchPath: '/HO/SH/', maxCount: 5, maxWaivedFen: 0, effectiveFrom: d('2026-03-01') },
    ];
    expect(quotaOn(quotas, '/HO/BJ/BJ-T1/', d('2026-02-28'))).toMatchObject({ id: 1, inherited: true });
    expect(quotaOn(quotas, '/HO/BJ/BJ-T1/', d('2026-03-01'))).toMatchObject({ id: 2, maxCount: 1, inherited: true });
    expect(quotaOn(quotas, '/HO/BJ/', d('2026-03-01'))).toMatchObject({ id: 2, inherited: false });
    expect(quotaOn(quotas, '/HO/GZ/', d('2026-03-01'))).toMatchObject({ id: 1 });
    expect(quotaOn([], '/HO/GZ/', d('2026-03-01'))).toBeNull();
  });
});
