import fc from 'fast-check';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { LoanRow } from '../../src/modules/loans/schemas.js';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { makeLoan } from '../support/loans.js';
import { buildWorld, call, type World } from '../support/world.js';

/**
 * Fifteen loans over BJ, its team BJ-T1 and SH, with ties on every sort key and some loans that no
 * close of business has seen (no loan_status row). Status rows are written directly: the list
 * reads them, close of business is tested elsewhere.
 */
type Status = { dpd: number; bucket: string; riskClass: string; stage: number; outstandingFen: number; overdueFen: number };
const S = (dpd: number, bucket: string, riskClass: string, stage: number, outstandingFen: number): Status => ({ dpd, bucket, riskClass, stage, outstandingFen, overdueFen: dpd > 0 ? 304219 : 0 });
const PLAN: Array<{ branch: 'BJ' | 'BJ-T1' | 'SH'; principalFen: number; disbursed: string; product?: string; paidOff?: boolean; officer?: boolean; status: Status | null }> = [
  { branch: 'BJ', principalFen: 10_000_000, disbursed: '2025-12-31', officer: true, status: S(0, 'M0', 'normal', 1, 9_000_000) },
  { branch: 'BJ', principalFen: 10_000_000, disbursed: '2025-12-31', status: S(45, 'M2', 'special_mention', 2, 9_000_000) },
  { branch: 'BJ', principalFen: 5_000_000, disbursed: '2025-11-30', officer: true, status: S(45, 'M2', 'special_mention', 2, 4_000_000) },
  { branch: 'BJ', principalFen: 5_000_000, disbursed: '2025-12-31', product: 'used_car', status: S(75, 'M3', 'special_mention', 2, 4_500_000) },
  { branch: 'BJ', principalFen: 10_000_000, disbursed: '2025-10-31', status: null },
  { branch: 'BJ', principalFen: 8_000_000, disbursed: '2025-11-30', status: S(200, 'M7+', 'substandard', 3, 8_000_000) },
  { branch: 'BJ', principalFen: 8_000_000, disbursed: '2025-11-30', paidOff: true, status: S(0, 'M0', 'normal', 1, 0) },
  { branch: 'BJ', principalFen: 10_000_000, disbursed: '2025-12-31', status: null },
  { branch: 'BJ', principalFen: 5_000_000, disbursed: '2025-10-31', officer: true, status: S(15, 'M1', 'special_mention', 1, 4_000_000) },
  { branch: 'BJ-T1', principalFen: 10_000_000, disbursed: '2025-12-31', status: S(0, 'M0', 'normal', 1, 9_000_000) },
  { branch: 'BJ-T1', principalFen: 5_000_000, disbursed: '2025-11-30', product: 'used_car', status: S(75, 'M3', 'doubtful', 3, 4_000_000) },
  { branch: 'BJ-T1', principalFen: 10_000_000, disbursed: '2025-10-31', status: null },
  { branch: 'SH', principalFen: 10_000_000, disbursed: '2025-12-31', status: S(45, 'M2', 'special_mention', 2, 9_000_000) },
  { branch: 'SH', principalFen: 5_000_000, disbursed: '2025-11-30', status: S(0, 'M0', 'normal', 1, 4_000_000) },
  { branch: 'SH', principalFen: 8_000_000, disbursed: '2025-10-31', status: null },
];

interface Fixture {
  w: World;
  admin: string;
  bj: string;
  officerId: number;
  ids: number[];
}

async function buildFixture(database: TestDatabase): Promise<Fixture> {
  const w = await buildWorld(database);
  const admin = (await w.session('HO', ['admin'])).cookie;
  const bj = (await w.session('BJ', ['collector'])).cookie;
  const officer = await w.user('BJ', ['collector']);
  const ids: number[] = [];
  for (const p of PLAN) {
    const id = await makeLoan(database, w.branches[p.branch].id, { principalFen: p.principalFen });
    await database.db
      .updateTable('loan')
      .set({ disbursement_date: p.disbursed, product_code: p.product ?? 'new_car', status: p.paidOff ? 'paid_off' : 'active', officer_user_id: p.officer ? officer.id : null })
      .where('id', '=', id)
      .execute();
    if (p.status) {
      const s = p.status;
      await sql`
        INSERT INTO loan_status (loan_id, as_of, overdue_since, dpd, bucket, risk_class, stage, closed, branch_id, product_code, outstanding_principal_fen, overdue_fen)
        VALUES (${id}, '2026-03-01', ${s.dpd > 0 ? '2026-01-31' : null}, ${s.dpd}, ${s.bucket}, ${s.riskClass}, ${s.stage}, ${Boolean(p.paidOff)}, ${w.branches[p.branch].id}, ${p.product ?? 'new_car'}, ${s.outstandingFen}, ${s.overdueFen})`.execute(database.db);
    }
    ids.push(id);
  }
  return { w, admin, bj, officerId: officer.id, ids };
}

type Query = Record<string, string | number | undefined>;
const qs = (q: Query) =>
  Object.entries(q)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

async function walk(f: Fixture, cookie: string, q: Query, limit: number): Promise<{ ids: number[]; pages: number }> {
  const ids: number[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const reply = await call(f.w.app, 'GET', `/api/v1/loans?${qs({ ...q, limit, cursor })}`, { cookie });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    pages += 1;
    expect(reply.body.items.length).toBeLessThanOrEqual(limit);
    ids.push(...reply.body.items.map((r: { id: number }) => r.id));
    if (reply.body.nextCursor === null) return { ids, pages };
    expect(reply.body.items).toHaveLength(limit);
    cursor = reply.body.nextCursor;
    if (pages > 100) throw new Error('the walk does not end');
  }
}

const SORT_SQL: Record<string, string> = { id: 'l.id', disbursementDate: 'l.disbursement_date', principal: 'l.principal_fen', dpd: 's.dpd', outstandingPrincipal: 's.outstanding_principal_fen' };

/** The oracle: the same filters and order as one plain SQL query, written independently of the list's code. */
async function expected(f: Fixture, db: TestDatabase['db'], q: Query, scopePath = '/HO/'): Promise<number[]> {
  const where: string[] = [`b.path LIKE '${scopePath}%'`];
  const list = (v: string | number | undefined) => String(v).split(',').map((x) => `'${x === 'M7' ? 'M7+' : x}'`).join(',');
  if (q.branchId !== undefined) where.push(`b.path LIKE (SELECT path FROM branch WHERE id = ${Number(q.branchId)}) || '%'`);
  if (q.product !== undefined) where.push(`l.product_code = '${q.product}'`);
  if (q.status !== undefined) where.push(`l.status = '${q.status}'`);
  if (q.officerUserId !== undefined) where.push(`l.officer_user_id = ${Number(q.officerUserId)}`);
  if (q.bucket !== undefined) where.push(`s.bucket IN (${list(q.bucket)})`);
  if (q.riskClass !== undefined) where.push(`s.risk_class IN (${list(q.riskClass)})`);
  if (q.stage !== undefined) where.push(`s.stage::text IN (${list(q.stage)})`);
  if (q.dpdMin !== undefined) where.push(`s.dpd >= ${Number(q.dpdMin)}`);
  if (q.dpdMax !== undefined) where.push(`s.dpd <= ${Number(q.dpdMax)}`);
  const dir = q.order === 'desc' ? 'DESC' : 'ASC';
  const key = SORT_SQL[String(q.sort ?? 'id')];
  const { rows } = await sql<{ id: number }>`
    SELECT l.id FROM loan l JOIN branch b ON b.id = l.branch_id LEFT JOIN loan_status s ON s.loan_id = l.id
     WHERE ${sql.raw(where.join(' AND '))} AND l.id IN (${sql.join(f.ids)})
     ORDER BY ${sql.raw(key ?? 'l.id')} ${sql.raw(dir)} NULLS LAST, l.id ${sql.raw(dir)}`.execute(db);
  return rows.map((r) => r.id);
}

describeEachDatabase('the loans list: filters, sorts, keyset pages', (ctx) => {
  let fixture: Promise<Fixture> | undefined;
  const setup = () => (fixture ??= buildFixture(ctx.database));

  it('gives each row its close-of-business status, or nulls for a loan no close has seen', async () => {
    const f = await setup();
    const reply = await call(f.w.app, 'GET', '/api/v1/loans?limit=500', { cookie: f.admin });
    expect(reply.status).toBe(200);
    const rows = reply.body.items as Array<Record<string, unknown>>;
    for (const row of rows) LoanRow.parse(row);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(f.ids[3])).toMatchObject({ dpd: 75, bucket: 'M3', riskClass: 'special_mention', stage: 2, outstandingPrincipalFen: 4_500_000, overdueFen: 304219, statusAsOf: '2026-03-01', product: 'used_car', borrowerName: '张*' });
    // never closed: no status, and the outstanding principal summed from the schedule
    expect(byId.get(f.ids[4])).toMatchObject({ dpd: null, bucket: null, riskClass: null, stage: null, overdueFen: null, statusAsOf: null, outstandingPrincipalFen: 10_000_000 });
    expect(byId.get(f.ids[0])).toMatchObject({ officerUserId: f.officerId, productName: { 'zh-CN': '新车贷款', 'en-US': 'New car loan' } });
  }, 90_000);

  it('applies each filter alone', async () => {
    const f = await setup();
    const cases: Array<[Query, number[]]> = [
      [{ bucket: 'M2' }, [1, 2, 12]],
      [{ bucket: 'M2,M3' }, [1, 2, 3, 10, 12]],
      [{ bucket: 'M7' }, [5]],
      [{ bucket: 'M7+' }, [5]],
      [{ riskClass: 'special_mention' }, [1, 2, 3, 8, 12]],
      [{ riskClass: 'doubtful,substandard' }, [5, 10]],
      [{ stage: '3' }, [5, 10]],
      [{ stage: '1,3' }, [0, 5, 6, 8, 9, 10, 13]],
      [{ dpdMin: 45 }, [1, 2, 3, 5, 10, 12]],
      [{ dpdMax: 15 }, [0, 6, 8, 9, 13]],
      [{ dpdMin: 16, dpdMax: 75 }, [1, 2, 3, 10, 12]],
      [{ product: 'used_car' }, [3, 10]],
      [{ status: 'paid_off' }, [6]],
      [{ officerUserId: f.officerId }, [0, 2, 8]],
      [{ branchId: f.w.branches['BJ-T1'].id }, [9, 10, 11]],
      [{ branchId: f.w.branches.BJ.id, bucket: 'M3' }, [3, 10]],
    ];
    for (const [q, positions] of cases) {
      const reply = await call(f.w.app, 'GET', `/api/v1/loans?${qs({ ...q, limit: 500 })}`, { cookie: f.admin });
      expect(reply.status, JSON.stringify(q)).toBe(200);
      expect(reply.body.items.map((r: { id: number }) => r.id), JSON.stringify(q)).toEqual(positions.map((k) => f.ids[k]));
    }
  });

  it('sorts with nulls last in both directions', async () => {
    const f = await setup();
    const never = [4, 7, 11, 14].map((k) => f.ids[k]);
    for (const order of ['asc', 'desc']) {
      const { ids } = await walk(f, f.admin, { sort: 'dpd', order }, 4);
      expect(ids.slice(-4)).toEqual(order === 'asc' ? never : [...never].reverse());
      const dpds = ids.slice(0, -4).map((id) => PLAN[f.ids.indexOf(id)]?.status?.dpd ?? -1);
      expect(dpds).toEqual([...dpds].sort((a, b) => (order === 'asc' ? a - b : b - a)));
    }
    const top = await call(f.w.app, 'GET', '/api/v1/loans?sort=outstandingPrincipal&order=desc&limit=3', { cookie: f.admin });
    expect(top.body.items.map((r: { outstandingPrincipalFen: number }) => r.outstandingPrincipalFen)).toEqual([9_000_000, 9_000_000, 9_000_000]);
  });

  it('walks every page of any sort and filter without gaps or repeats, matching one ordered query', async () => {
    const f = await setup();
    const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          sort: fc.constantFrom('id', 'disbursementDate', 'dpd', 'outstandingPrincipal', 'principal'),
          order: fc.constantFrom('asc', 'desc'),
          limit: fc.integer({ min: 1, max: 6 }),
          bucket: optional(fc.subarray(['M0', 'M1', 'M2', 'M3', 'M7+'], { minLength: 1 }).map((a) => a.join(','))),
          dpdMin: optional(fc.constantFrom(0, 15, 45)),
          branchId: optional(fc.constantFrom(f.w.branches.BJ.id, f.w.branches.SH.id)),
          product: optional(fc.constantFrom('new_car', 'used_car')),
          asBranchUser: fc.boolean(),
        }),
        async ({ limit, asBranchUser, ...q }) => {
          const { ids, pages } = await walk(f, asBranchUser ? f.bj : f.admin, q, limit);
          const oracle = await expected(f, ctx.database.db, q, asBranchUser ? '/HO/BJ/' : '/HO/');
          expect(ids).toEqual(oracle);
          // the last page is never empty: a page knows whether another follows
          expect(pages).toBe(Math.max(1, Math.ceil(oracle.length / limit)));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses a tampered, foreign or malformed cursor with a 400, and bad filters too', async () => {
    const f = await setup();
    const first = await call(f.w.app, 'GET', '/api/v1/loans?sort=dpd&order=desc&limit=2', { cookie: f.admin });
    const cursor: string = first.body.nextCursor;
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    const forge = (patch: Record<string, unknown>) => Buffer.from(JSON.stringify({ ...decoded, ...patch })).toString('base64url');
    const bad = [
      'not-a-cursor',
      '12345',
      Buffer.from('{"v":1').toString('base64url'),
      forge({ k: 'DROP TABLE loan' }),
      forge({ k: 1.5 }),
      forge({ i: -1 }),
      forge({ i: '7' }),
      forge({ p: 3 }),
      forge({ extra: true }),
      forge({ v: 2 }),
      'x'.repeat(301),
    ];
    for (const c of bad) {
      const reply = await call(f.w.app, 'GET', `/api/v1/loans?sort=dpd&order=desc&cursor=${encodeURIComponent(c)}`, { cookie: f.admin });
      expect(reply.status, c).toBe(400);
      expect(reply.body.type).toBe('urn:daihou:problem:validation');
    }
    // a good cursor used with another sort or order
    for (const other of ['sort=dpd&order=asc', 'sort=principal&order=desc', 'order=desc']) {
      const reply = await call(f.w.app, 'GET', `/api/v1/loans?${other}&cursor=${cursor}`, { cookie: f.admin });
      expect(reply.status, other).toBe(400);
      expect(reply.body.errors[0].field).toBe('query.cursor');
    }
    const date = await call(f.w.app, 'GET', '/api/v1/loans?sort=disbursementDate&limit=1', { cookie: f.admin });
    const dateCursor = JSON.parse(Buffer.from(date.body.nextCursor, 'base64url').toString());
    const wrongDate = Buffer.from(JSON.stringify({ ...dateCursor, k: '2026-02-30' })).toString('base64url');
    expect((await call(f.w.app, 'GET', `/api/v1/loans?sort=disbursementDate&cursor=${wrongDate}`, { cookie: f.admin })).status).toBe(400);
    for (const q of ['bucket=M9', 'riskClass=fine', 'stage=4', 'dpdMin=-1', 'sort=name', 'order=up', 'bucket=']) {
      const reply = await call(f.w.app, 'GET', `/api/v1/loans?${q}`, { cookie: f.admin });
      expect(reply.status, q).toBe(400);
    }
    // the good cursor still works
    expect((await call(f.w.app, 'GET', `/api/v1/loans?sort=dpd&order=desc&limit=2&cursor=${cursor}`, { cookie: f.admin })).status).toBe(200);
  });
});
