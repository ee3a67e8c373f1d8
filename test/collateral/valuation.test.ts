import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { findBranchByCode } from '../../src/modules/org/branches.js';
import { runCollateralForDate } from '../../src/modules/collateral/run.js';
import { describeEachDatabase } from '../support/databases.js';
import { day, financedVehicle, setLoanStatus } from './support.js';

// the seeded fit (migration 0012) of the SUV segment
const SUV = { perYear: -0.10192259874956133, per10kKm: -0.03365169153055059 };
const YEAR = 365.25;

describeEachDatabase('collateral valuation and LTV', (ctx) => {
  let branchId = 0;
  beforeAll(async () => {
    branchId = (await findBranchByCode(ctx.database.db, 'HO'))!.id;
  });
  const db = () => ctx.database.db;
  const history = async (vehicleId: number) =>
    db().selectFrom('vehicle_valuation').select(['valued_on', 'value_fen', 'basis', 'segment', 'km_estimate', 'index_base', 'index_now']).where('vehicle_id', '=', vehicleId).orderBy('valued_on').execute();
  const appraise = (vehicleId: number, valueFen: number, on: string) =>
    db().insertInto('vehicle_appraisal').values({ vehicle_id: vehicleId, value_fen: valueFen, appraised_on: on, source: '第三方评估', recorded_by: 'test' }).execute();

  describe('values', () => {
    it('a new SUV loses value at its segment’s fitted rate from its price and estimated mileage', async () => {
      const { vehicleId } = await financedVehicle(db(), branchId, { disbursed: '2025-01-01' });
      await runCollateralForDate(db(), day('2026-01-01'));
      const t = 365 / YEAR;
      const km = Math.round(15_000 * t);
      const expected = Math.round(20_000_000 * Math.exp(SUV.perYear * t + SUV.per10kKm * (km / 1e4)));
      expect(expected).toBeGreaterThan(17_100_000);
      expect(expected).toBeLessThan(17_200_000);
      expect(await history(vehicleId)).toEqual([{ valued_on: '2026-01-01', value_fen: expected, basis: 'model', segment: 'suv', km_estimate: km, index_base: null, index_now: null }]);
    });

    it('a used car is valued on from the price paid for it: the purchase anchors the decay', async () => {
      const { vehicleId } = await financedVehicle(db(), branchId, { condition: 'used', modelYear: 2020, mileageKm: 60_000, priceFen: 9_000_000, product: 'used_car', disbursed: '2025-01-01' });
      await runCollateralForDate(db(), day('2025-07-02'));
      const t = 182 / YEAR;
      const km = Math.round(60_000 + 15_000 * t);
      const expected = Math.round(9_000_000 * Math.exp(SUV.perYear * t + SUV.per10kKm * ((km - 60_000) / 1e4)));
      expect((await history(vehicleId)).map((h) => h.value_fen)).toEqual([expected]);
    });

    it('stores a value only when it changed, and a rerun of the date changes nothing', async () => {
      const { vehicleId } = await financedVehicle(db(), branchId, { disbursed: '2025-03-01' });
      await appraise(vehicleId, 18_000_000, '2025-06-01');
      for (const d of ['2025-06-01', '2025-06-02', '2025-06-03', '2025-06-03']) await runCollateralForDate(db(), day(d));
      expect(await history(vehicleId)).toEqual([expect.objectContaining({ valued_on: '2025-06-01', value_fen: 18_000_000, basis: 'appraisal' })]);
    });

    it('an appraisal overrides the model until it ages out (180 days by default), then the model is back', async () => {
      const { vehicleId } = await financedVehicle(db(), branchId, { disbursed: '2025-01-01' });
      await runCollateralForDate(db(), day('2025-12-31'));
      await appraise(vehicleId, 15_000_000, '2026-01-01');
      // 2026-01-01 + 180 days = 2026-06-30: the last day it counts
      for (const d of ['2026-01-01', '2026-06-30', '2026-07-01']) await runCollateralForDate(db(), day(d));
      const rows = await history(vehicleId);
      expect(rows.map((r) => [r.valued_on, r.basis])).toEqual([
        ['2025-12-31', 'model'],
        ['2026-01-01', 'appraisal'],
        ['2026-07-01', 'model'],
      ]);
      expect(rows[1]!.value_fen).toBe(15_000_000);
      const t = (365 + 181) / YEAR;
      expect(rows[2]!.value_fen).toBe(Math.round(20_000_000 * Math.exp(SUV.perYear * t + SUV.per10kKm * (Math.round(15_000 * t) / 1e4))));
    });

    it('a later appraisal wins over an earlier one; an appraisal dated after the run date is not yet known', async () => {
      const { vehicleId } = await financedVehicle(db(), branchId, { disbursed: '2025-01-01' });
      await appraise(vehicleId, 16_000_000, '2025-05-01');
      await appraise(vehicleId, 15_500_000, '2025-05-10');
      await runCollateralForDate(db(), day('2025-05-05'));
      await runCollateralForDate(db(), day('2025-05-10'));
      expect((await history(vehicleId)).map((r) => [r.valued_on, r.value_fen])).toEqual([
        ['2025-05-05', 16_000_000],
        ['2025-05-10', 15_500_000],
      ]);
    });

    it('the model moves with the segment’s market index between purchase and now', async () => {
      await sql`INSERT INTO market_index (segment, month, points, set_by) VALUES ('mpv', '2024-01', 100, 'test'), ('mpv', '2026-02', 90, 'test')`.execute(db());
      const { vehicleId } = await financedVehicle(db(), branchId, { make: '别克', model: 'GL8', disbursed: '2025-01-01' });
      await runCollateralForDate(db(), day('2026-02-10'));
      const [row] = await history(vehicleId);
      const t = 405 / YEAR;
      const mpv = await db().selectFrom('valuation_fit').select(['per_year', 'per_10k_km']).where('version', '=', 1).where('segment', '=', 'mpv').executeTakeFirstOrThrow();
      const model = Math.round(20_000_000 * Math.exp(mpv.per_year * t + mpv.per_10k_km * (Math.round(15_000 * t) / 1e4)));
      expect(row).toMatchObject({ segment: 'mpv', index_base: '100.00', index_now: '90.00', value_fen: Math.round((model * 90) / 100) });
    });

    it('segments: the catalog for Chinese models (electric cars are new-energy, vans MPV), the listings’ rules otherwise', async () => {
      const cases: Array<[string, string, string]> = [
        ['比亚迪', '汉 EV', 'new_energy'],
        ['宝马', '5系', 'luxury'],
        ['江铃', '全顺', 'mpv'],
        ['Ford', 'Kuga', 'suv'],
        ['Toyota', 'Yaris', 'economy'],
        ['无名', '未知车型', 'mid'],
      ];
      const ids = [];
      for (const [make, model] of cases) ids.push((await financedVehicle(db(), branchId, { make, model, disbursed: '2025-01-01' })).vehicleId);
      await runCollateralForDate(db(), day('2025-02-01'));
      const rows = await db().selectFrom('vehicle').select(['id', 'segment']).where('id', 'in', ids).orderBy('id').execute();
      expect(rows.map((r) => r.segment)).toEqual(cases.map((c) => c[2]));
    });
  });

  describe('LTV alerts at the product threshold', () => {
    const alerts = (loanId: number) => db().selectFrom('collateral_alert').select(['key', 'raised_on', 'evidence']).where('loan_id', '=', loanId).where('kind', '=', 'ltv_breach').orderBy('id').execute();

    it('alerts when LTV reaches the threshold (rounded to the basis point), once per upward crossing', async () => {
      const { loanId, vehicleId } = await financedVehicle(db(), branchId, { disbursed: '2025-01-01' });
      await appraise(vehicleId, 10_000_000, '2025-08-01');
      const run = async (date: string, outstandingFen: number) => {
        await setLoanStatus(db(), loanId, date, { outstandingFen });
        await runCollateralForDate(db(), day(date));
        return db().selectFrom('loan_ltv').select(['ltv_bp', 'previous_ltv_bp']).where('loan_id', '=', loanId).executeTakeFirstOrThrow();
      };
      // 9,999,499 / 10,000,000 = 99.99499 % → 9,999 bp: below new_car's 10,000
      expect(await run('2025-08-01', 9_999_499)).toEqual({ ltv_bp: 9_999, previous_ltv_bp: null });
      expect(await alerts(loanId)).toEqual([]);
      // 99.995 % rounds half up to 10,000 bp: at the threshold, an alert
      expect(await run('2025-08-02', 9_999_500)).toEqual({ ltv_bp: 10_000, previous_ltv_bp: 9_999 });
      expect(await alerts(loanId)).toEqual([
        { key: `ltv/${loanId}/2025-08-02`, raised_on: '2025-08-02', evidence: { ltvBp: 10_000, previousBp: 9_999, thresholdBp: 10_000, outstandingFen: 9_999_500, valueFen: 10_000_000, product: 'new_car' } },
      ]);
      // a rerun of the date compares with the same day before: same alert, not a second one
      expect(await run('2025-08-02', 9_999_500)).toEqual({ ltv_bp: 10_000, previous_ltv_bp: 9_999 });
      // staying above is no new crossing
      await run('2025-08-03', 10_500_000);
      expect(await alerts(loanId)).toHaveLength(1);
      // falling below and rising again is
      await run('2025-08-04', 9_000_000);
      await run('2025-08-05', 10_000_000);
      expect((await alerts(loanId)).map((a) => a.key)).toEqual([`ltv/${loanId}/2025-08-02`, `ltv/${loanId}/2025-08-05`]);
    });

    it('each product has its own threshold (used cars at 90 %)', async () => {
      const { loanId, vehicleId } = await financedVehicle(db(), branchId, { condition: 'used', modelYear: 2021, mileageKm: 50_000, product: 'used_car', disbursed: '2025-01-01' });
      await appraise(vehicleId, 10_000_000, '2025-08-01');
      await setLoanStatus(db(), loanId, '2025-08-01', { outstandingFen: 8_999_000 });
      await runCollateralForDate(db(), day('2025-08-01'));
      await setLoanStatus(db(), loanId, '2025-08-02', { outstandingFen: 9_000_000 });
      await runCollateralForDate(db(), day('2025-08-02'));
      expect((await alerts(loanId)).map((a) => (a.evidence as { thresholdBp: number }).thresholdBp)).toEqual([9_000]);
    });
  });

  describe('insurance and liens', () => {
    const kinds = async (vehicleId: number) =>
      (await db().selectFrom('collateral_alert').select(['key', 'kind']).where('vehicle_id', '=', vehicleId).where('kind', '!=', 'ltv_breach').orderBy('id').execute()).map((a) => a.key);
    const policy = (vehicleId: number, kind: 'compulsory' | 'commercial', startsOn: string, endsOn: string) =>
      db().insertInto('insurance_policy').values({ vehicle_id: vehicleId, insurer: '人保财险', policy_no: `P-${vehicleId}-${kind}-${startsOn}`, kind, starts_on: startsOn, ends_on: endsOn, recorded_by: 'test' }).execute();

    it('a financed vehicle without a required policy in force is flagged once per gap; a reminder comes 30 days before a policy ends unrenewed', async () => {
      const { vehicleId } = await financedVehicle(db(), branchId, { disbursed: '2025-01-01' });
      await policy(vehicleId, 'compulsory', '2025-01-01', '2025-12-31');
      await runCollateralForDate(db(), day('2025-03-01'));
      expect(await kinds(vehicleId)).toEqual([`uninsured/${vehicleId}/commercial/2025-01-01`]);
      await policy(vehicleId, 'commercial', '2025-03-02', '2026-03-01');
      await runCollateralForDate(db(), day('2025-03-02'));
      // the compulsory policy ends in 31 days: no reminder yet; at 30 days, one
      await runCollateralForDate(db(), day('2025-11-30'));
      expect(await kinds(vehicleId)).toHaveLength(1);
      await runCollateralForDate(db(), day('2025-12-01'));
      await runCollateralForDate(db(), day('2025-12-02'));
      const compulsory = await db().selectFrom('insurance_policy').select('id').where('vehicle_id', '=', vehicleId).where('kind', '=', 'compulsory').executeTakeFirstOrThrow();
      expect(await kinds(vehicleId)).toEqual([`uninsured/${vehicleId}/commercial/2025-01-01`, `insurance-expiring/${compulsory.id}`]);
      // it lapses: uninsured since the day after it ended
      await runCollateralForDate(db(), day('2026-01-01'));
      await runCollateralForDate(db(), day('2026-01-02'));
      expect((await kinds(vehicleId)).at(-1)).toBe(`uninsured/${vehicleId}/compulsory/2026-01-01`);
      expect(await kinds(vehicleId)).toHaveLength(3);
    });

    it('a renewal recorded before the end means no reminder', async () => {
      const { vehicleId } = await financedVehicle(db(), branchId, { disbursed: '2025-01-01' });
      await policy(vehicleId, 'compulsory', '2025-01-01', '2025-12-31');
      await policy(vehicleId, 'commercial', '2025-01-01', '2025-12-31');
      await policy(vehicleId, 'compulsory', '2026-01-01', '2026-12-31');
      await runCollateralForDate(db(), day('2025-12-15'));
      expect(await kinds(vehicleId)).toEqual([expect.stringMatching(/^insurance-expiring\/\d+$/)]);
    });

    it('a paid-off loan with its lien still registered gets one release task; recording the release closes it', async () => {
      const { loanId, vehicleId } = await financedVehicle(db(), branchId, { disbursed: '2025-01-01' });
      const lien = await db().insertInto('vehicle_lien').values({ vehicle_id: vehicleId, loan_id: loanId, authority: '车管所', certificate_no: `C-${vehicleId}`, registered_on: '2025-01-05', recorded_by: 'test' }).returning('id').executeTakeFirstOrThrow();
      await runCollateralForDate(db(), day('2025-06-01'));
      const tasks = () => db().selectFrom('collateral_task').select(['key', 'status', 'loan_id']).where('vehicle_id', '=', vehicleId).execute();
      expect(await tasks()).toEqual([]);
      await db().updateTable('loan').set({ status: 'paid_off' }).where('id', '=', loanId).execute();
      await runCollateralForDate(db(), day('2025-06-02'));
      await runCollateralForDate(db(), day('2025-06-03'));
      expect(await tasks()).toEqual([{ key: `lien-release/${lien.id}`, status: 'open', loan_id: loanId }]);
    });
  });
});
