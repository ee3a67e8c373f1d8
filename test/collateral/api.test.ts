import { beforeAll, describe, expect, it } from 'vitest';
import { runCollateralForDate } from '../../src/modules/collateral/run.js';
import { describeEachDatabase } from '../support/databases.js';
import { setBusinessDate } from '../support/loans.js';
import { buildWorld, call, type World } from '../support/world.js';
import { day, financedVehicle, setLoanStatus } from './support.js';

describeEachDatabase('collateral API', (ctx) => {
  let w: World;
  let manager: string;
  let risk: string;
  beforeAll(async () => {
    w = await buildWorld(ctx.database);
    await setBusinessDate(ctx.database, '2026-03-01');
    manager = (await w.session('BJ', ['branch_manager'])).cookie;
    risk = (await w.session('HO', ['risk_officer'])).cookie;
  });

  it('records an appraisal that the next close uses, and shows the history', async () => {
    const { loanId, vehicleId } = await financedVehicle(w.db, w.branches.BJ.id, { disbursed: '2025-06-01' });
    const posted = await call(w.app, 'POST', `/api/v1/vehicles/${vehicleId}/appraisals`, { cookie: manager, body: { valueFen: 12_345_600, source: '第三方评估机构', appraisedOn: '2026-02-28' } });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ vehicleId, valueFen: 12_345_600, appraisedOn: '2026-02-28', recordedBy: expect.any(String) });
    const future = await call(w.app, 'POST', `/api/v1/vehicles/${vehicleId}/appraisals`, { cookie: manager, body: { valueFen: 1, source: '评估', appraisedOn: '2026-03-02' } });
    expect(future.status).toBe(400);
    expect(future.body.errors[0].field).toBe('appraisedOn');

    await setLoanStatus(w.db, loanId, '2026-03-01', { outstandingFen: 12_000_000 });
    await runCollateralForDate(w.db, day('2026-03-01'));
    const got = await call(w.app, 'GET', `/api/v1/vehicles/${vehicleId}/valuations`, { cookie: manager });
    expect(got.status).toBe(200);
    expect(got.body.vehicle).toMatchObject({ id: vehicleId, segment: 'suv' });
    expect(got.body.current).toMatchObject({ valuedOn: '2026-03-01', valueFen: 12_345_600, basis: 'appraisal' });
    expect(got.body.appraisals).toHaveLength(1);
    // a BJ manager cannot see an SH vehicle
    const sh = await financedVehicle(w.db, w.branches.SH.id);
    expect((await call(w.app, 'GET', `/api/v1/vehicles/${sh.vehicleId}/valuations`, { cookie: manager })).status).toBe(403);
  });

  it('registers a lien once; at payoff the release becomes a task that recording the release closes', async () => {
    const { loanId, vehicleId } = await financedVehicle(w.db, w.branches.BJ.id);
    const body = { authority: '北京市车辆管理所', certificateNo: `BJ-${vehicleId}`, registeredOn: '2025-01-05', loanId };
    const lien = await call(w.app, 'POST', `/api/v1/vehicles/${vehicleId}/liens`, { cookie: manager, body });
    expect(lien.status).toBe(201);
    expect(lien.body).toMatchObject({ status: 'registered', authority: '北京市车辆管理所', loanId });
    const again = await call(w.app, 'POST', `/api/v1/vehicles/${vehicleId}/liens`, { cookie: manager, body: { ...body, certificateNo: 'other' } });
    expect(again.status).toBe(409);

    await w.db.updateTable('loan').set({ status: 'paid_off' }).where('id', '=', loanId).execute();
    await runCollateralForDate(w.db, day('2026-03-01'));
    const open = await call(w.app, 'GET', '/api/v1/collateral/tasks?status=open', { cookie: manager });
    expect(open.body.items.filter((t: { vehicleId: number }) => t.vehicleId === vehicleId)).toEqual([
      expect.objectContaining({ kind: 'lien_release', loanId, lienId: lien.body.id, status: 'open', certificateNo: `BJ-${vehicleId}` }),
    ]);

    const released = await call(w.app, 'POST', `/api/v1/liens/${lien.body.id}/release`, { cookie: manager, body: { releasedOn: '2026-03-01', note: '贷款结清，已解押' } });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ status: 'released', releasedOn: '2026-03-01' });
    expect((await call(w.app, 'POST', `/api/v1/liens/${lien.body.id}/release`, { cookie: manager, body: { releasedOn: '2026-03-01', note: '再次' } })).status).toBe(409);
    const done = await call(w.app, 'GET', '/api/v1/collateral/tasks?status=done', { cookie: manager });
    expect(done.body.items.find((t: { lienId: number }) => t.lienId === lien.body.id)).toMatchObject({ status: 'done', closedOn: '2026-03-01' });
    // a rerun raises no second task
    await runCollateralForDate(w.db, day('2026-03-01'));
    expect((await w.db.selectFrom('collateral_task').select('id').where('lien_id', '=', lien.body.id).execute()).length).toBe(1);
    const listed = await call(w.app, 'GET', `/api/v1/vehicles/${vehicleId}/liens`, { cookie: manager });
    expect(listed.body.items.map((l: { status: string }) => l.status)).toEqual(['released']);
  });

  it('records insurance policies and lists them with whether each is in force', async () => {
    const { vehicleId } = await financedVehicle(w.db, w.branches.BJ.id);
    const post = (policyNo: string, startsOn: string, endsOn: string) =>
      call(w.app, 'POST', `/api/v1/vehicles/${vehicleId}/insurance`, { cookie: manager, body: { insurer: '中国人民财产保险', policyNo, kind: 'compulsory', startsOn, endsOn } });
    expect((await post(`A-${vehicleId}`, '2025-03-01', '2026-02-28')).status).toBe(201);
    expect((await post(`B-${vehicleId}`, '2026-03-01', '2027-02-28')).status).toBe(201);
    expect((await post(`B-${vehicleId}`, '2026-03-01', '2027-02-28')).status).toBe(409);
    expect((await post(`C-${vehicleId}`, '2026-03-01', '2026-02-01')).status).toBe(400);
    const listed = await call(w.app, 'GET', `/api/v1/vehicles/${vehicleId}/insurance`, { cookie: manager });
    expect(listed.body.items.map((p: { policyNo: string; inForce: boolean }) => [p.policyNo, p.inForce])).toEqual([
      [`B-${vehicleId}`, true],
      [`A-${vehicleId}`, false],
    ]);
  });

  describe('head office data', () => {
    it('a head-office risk officer sets the market index and thresholds; a branch risk officer cannot', async () => {
      const put = await call(w.app, 'PUT', '/api/v1/market-index/suv/2026-02', { cookie: risk, body: { points: 96.5, reason: '二手车市场月报' } });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ segment: 'suv', month: '2026-02', points: 96.5 });
      const index = await call(w.app, 'GET', '/api/v1/market-index', { cookie: manager });
      expect(index.body.items).toContainEqual(expect.objectContaining({ segment: 'suv', month: '2026-02', points: 96.5 }));
      const branchRisk = (await w.session('BJ', ['risk_officer'])).cookie;
      expect((await call(w.app, 'PUT', '/api/v1/market-index/suv/2026-02', { cookie: branchRisk, body: { points: 50, reason: 'no' } })).status).toBe(403);
      expect((await call(w.app, 'PUT', '/api/v1/market-index/suv/2026-13', { cookie: risk, body: { points: 50, reason: 'bad month' } })).status).toBe(400);

      const threshold = await call(w.app, 'PUT', '/api/v1/ltv-thresholds/used_car', { cookie: risk, body: { thresholdBp: 8_500, reason: '收紧二手车' } });
      expect(threshold.body).toMatchObject({ product: 'used_car', thresholdBp: 8_500 });
      expect((await call(w.app, 'PUT', '/api/v1/ltv-thresholds/no_such', { cookie: risk, body: { thresholdBp: 8_500, reason: 'x y' } })).status).toBe(404);
      const audit = await w.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('action', '=', 'ltv_threshold.set').execute();
      expect(audit).toEqual([{ action: 'ltv_threshold.set', before: { thresholdBp: 9_000 }, after: { thresholdBp: 8_500 } }]);
    });

    it('lists the stored fits: the seeded one of the UK listings', async () => {
      const fits = await call(w.app, 'GET', '/api/v1/valuation-fits', { cookie: manager });
      expect(fits.body.items.filter((f: { version: number }) => f.version === 1).map((f: { segment: string }) => f.segment).sort()).toEqual(['economy', 'luxury', 'mid', 'mpv', 'new_energy', 'suv']);
    });
  });
});
