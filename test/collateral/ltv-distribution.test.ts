import { beforeAll, expect, it } from 'vitest';
import { recordAppraisal } from '../../src/modules/collateral/appraisals.js';
import { runCollateralForDate } from '../../src/modules/collateral/run.js';
import { describeEachDatabase } from '../support/databases.js';
import { setBusinessDate } from '../support/loans.js';
import { buildWorld, call, type World } from '../support/world.js';
import { day, financedVehicle, setLoanStatus } from './support.js';

const WHO = { userId: null, name: 'test' };
const VALUE = 10_000_000;

describeEachDatabase('LTV distribution', (ctx) => {
  let w: World;
  let ho: string;
  let bj: string;
  const loans: Record<string, number> = {};

  /** A loan whose vehicle is appraised at VALUE and whose outstanding principal is `outstandingFen`. */
  const loanAt = async (branch: 'BJ' | 'BJ-T1' | 'SH', product: string, outstandingFen: number) => {
    const { loanId, vehicleId } = await financedVehicle(w.db, w.branches[branch].id, { product, disbursed: '2025-06-01' });
    await recordAppraisal(w.db, WHO, vehicleId, { valueFen: VALUE, source: '第三方评估机构', appraisedOn: day('2026-02-28') });
    await setLoanStatus(w.db, loanId, '2026-03-01', { outstandingFen });
    return loanId;
  };

  beforeAll(async () => {
    w = await buildWorld(ctx.database);
    await setBusinessDate(ctx.database, '2026-03-01');
    ho = (await w.session('HO', ['risk_officer'])).cookie;
    bj = (await w.session('BJ', ['branch_manager'])).cookie;
    loans.low = await loanAt('BJ', 'new_car', 4_000_000); // 40 %
    loans.high = await loanAt('BJ', 'used_car', 9_500_000); // 95 %
    loans.edge = await loanAt('BJ-T1', 'new_car', 10_000_000); // exactly 100 %: the upper band
    loans.sh = await loanAt('SH', 'new_car', 5_000_000); // exactly 50 %
    loans.worthless = await loanAt('SH', 'used_car', 3_000_000);
    loans.lowSh = await loanAt('SH', 'new_car', 3_000_000); // 30 %
    await runCollateralForDate(w.db, day('2026-03-01'));
    // collateral valued at nothing is stored as an infinite LTV (NULL)
    await w.db.updateTable('loan_ltv').set({ ltv_bp: null, value_fen: 0 }).where('loan_id', '=', loans.worthless).execute();
  });

  it('counts loans and sums outstanding principal by product and band, for the caller’s subtree', async () => {
    const all = await call(w.app, 'GET', '/api/v1/ltv-distribution', { cookie: ho });
    expect(all.status).toBe(200);
    expect(all.body.asOf).toBe('2026-03-01');
    expect(all.body.bands.map((b: { code: string }) => b.code)).toEqual(['lt50', '50-70', '70-80', '80-90', '90-100', '100-120', 'ge120', 'none']);
    expect(all.body.products.find((p: { code: string }) => p.code === 'used_car')).toMatchObject({ nameZh: '二手车贷款', thresholdBp: 9000 });
    expect(all.body.cells).toEqual(
      expect.arrayContaining([
        { product: 'new_car', band: 'lt50', loans: 2, outstandingFen: 7_000_000, valueFen: 2 * VALUE },
        { product: 'new_car', band: '50-70', loans: 1, outstandingFen: 5_000_000, valueFen: VALUE },
        { product: 'new_car', band: '100-120', loans: 1, outstandingFen: 10_000_000, valueFen: VALUE },
        { product: 'used_car', band: '90-100', loans: 1, outstandingFen: 9_500_000, valueFen: VALUE },
        { product: 'used_car', band: 'none', loans: 1, outstandingFen: 3_000_000, valueFen: 0 },
      ]),
    );
    expect(all.body.cells).toHaveLength(5);

    // a BJ manager sees BJ and its team, not SH
    const mine = await call(w.app, 'GET', '/api/v1/ltv-distribution', { cookie: bj });
    expect(mine.body.branch.code).toBe('BJ');
    expect(mine.body.cells.map((c: { band: string }) => c.band).sort()).toEqual(['100-120', '90-100', 'lt50']);
    const team = await call(w.app, 'GET', `/api/v1/ltv-distribution?branchId=${w.branches['BJ-T1'].id}`, { cookie: bj });
    expect(team.body.cells).toEqual([{ product: 'new_car', band: '100-120', loans: 1, outstandingFen: 10_000_000, valueFen: VALUE }]);
    const usedOnly = await call(w.app, 'GET', '/api/v1/ltv-distribution?product=used_car', { cookie: bj });
    expect(usedOnly.body.cells).toEqual([{ product: 'used_car', band: '90-100', loans: 1, outstandingFen: 9_500_000, valueFen: VALUE }]);
    const other = await call(w.app, 'GET', `/api/v1/ltv-distribution?branchId=${w.branches.SH.id}`, { cookie: bj });
    expect(other.status).toBe(403);
    expect(other.body.type).toBe('urn:daihou:problem:out-of-scope');
  });

  it('lists the loans behind a bar, paged by loan id', async () => {
    const edge = await call(w.app, 'GET', '/api/v1/ltv-distribution/loans?band=100-120', { cookie: bj });
    expect(edge.status).toBe(200);
    expect(edge.body).toEqual({
      items: [{ loanId: loans.edge, externalId: expect.any(String), branchCode: 'BJ-T1', product: 'new_car', ltvBp: 10_000, outstandingFen: 10_000_000, valueFen: VALUE, asOf: '2026-03-01' }],
      nextCursor: null,
    });
    const none = await call(w.app, 'GET', '/api/v1/ltv-distribution/loans?band=none', { cookie: ho });
    expect(none.body.items.map((i: { loanId: number; ltvBp: number | null }) => [i.loanId, i.ltvBp])).toEqual([[loans.worthless, null]]);
    // SH's loan is not BJ's to see
    expect((await call(w.app, 'GET', '/api/v1/ltv-distribution/loans?band=50-70', { cookie: bj })).body.items).toEqual([]);

    const page1 = await call(w.app, 'GET', '/api/v1/ltv-distribution/loans?band=lt50&product=new_car&limit=1', { cookie: ho });
    expect(page1.body.items.map((i: { loanId: number }) => i.loanId)).toEqual([loans.low]);
    const page2 = await call(w.app, 'GET', `/api/v1/ltv-distribution/loans?band=lt50&product=new_car&limit=1&cursor=${page1.body.nextCursor}`, { cookie: ho });
    expect(page2.body).toMatchObject({ items: [{ loanId: loans.lowSh, ltvBp: 3000, branchCode: 'SH' }], nextCursor: null });
    expect((await call(w.app, 'GET', '/api/v1/ltv-distribution/loans?band=bogus', { cookie: ho })).status).toBe(400);
  });
});
