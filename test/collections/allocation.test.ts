import { describe, expect, it } from 'vitest';
import type { BusinessDate } from '../../src/domain/business-date.js';
import { place } from '../../src/modules/collections/allocation.js';

const date = '2026-02-01' as BusinessDate;
const rule = (over: Partial<Parameters<typeof place>[0][number]>) => ({
  id: 1,
  code: 'r',
  branch_path: null,
  buckets: null,
  assign: 'collector' as const,
  pool_path: null,
  skills: [],
  team_id: null,
  agency_id: null,
  agency_term_days: null,
  ...over,
});
const collectors = () => [
  { id: 1, path: '/HO/BJ/BJ-T1/', skills: ['phone'], load: 3 },
  { id: 2, path: '/HO/BJ/BJ-T1/', skills: ['phone', 'legal'], load: 5 },
  { id: 3, path: '/HO/BJ/BJ-T2/', skills: ['phone'], load: 1 },
  { id: 4, path: '/HO/SH/', skills: ['phone', 'legal'], load: 0 },
];
const bj = { caseId: 9, branchPath: '/HO/BJ/', bucket: 'M1' };

describe('placing a case by the rules', () => {
  it('balances workload: the collector of the pool with the fewest open cases, and counts what it gives', () => {
    const pool = collectors();
    expect(place([rule({})], pool, bj, date, undefined)).toMatchObject({ kind: 'collector', ownerId: 3 });
    expect(pool.find((c) => c.id === 3)!.load).toBe(2);
    const loads = [1, 2, 3, 4].map(() => place([rule({})], pool, bj, date, undefined)!.ownerId);
    expect(loads).toEqual([3, 1, 3, 1]); // never SH's idle collector: the pool is the loan's branch
  });

  it('routes by bucket and branch, needs every skill, falls through a rule that cannot place, and avoids the collector it was recalled from', () => {
    const rules = [
      rule({ id: 1, code: 'legal-late', buckets: ['M4', 'M5'], skills: ['legal'] }),
      rule({ id: 2, code: 'sh-only', branch_path: '/HO/SH/' }),
      rule({ id: 3, code: 'bj-t1', pool_path: '/HO/BJ/BJ-T1/', skills: ['nobody'] }),
      rule({ id: 4, code: 'agency-m3', buckets: ['M3'], assign: 'agency', agency_id: 7, agency_term_days: 30 }),
      rule({ id: 5, code: 'team', assign: 'team', team_id: 11 }),
    ];
    expect(place(rules, collectors(), { ...bj, bucket: 'M4' }, date, undefined)).toMatchObject({ ruleCode: 'legal-late', ownerId: 2 });
    expect(place(rules, collectors(), { ...bj, bucket: 'M3' }, date, undefined)).toMatchObject({ ruleCode: 'agency-m3', kind: 'agency', ownerId: 7, until: '2026-03-03' });
    expect(place(rules, collectors(), bj, date, undefined)).toMatchObject({ ruleCode: 'team', kind: 'team', ownerId: 11 });
    const balance = [rule({})];
    expect(place(balance, collectors(), bj, date, 3)).toMatchObject({ ownerId: 1 });
    // … unless nobody else can take it
    expect(place([rule({ skills: ['legal'] })], collectors(), bj, date, 2)).toMatchObject({ ownerId: 2 });
    expect(place([rule({ skills: ['none'] })], collectors(), bj, date, undefined)).toBeNull();
  });
});
