import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Indicator, validateIndicator } from '../../src/domain/warnings/indicator.js';
import { STARTER_INDICATORS } from '../../src/domain/warnings/starter.js';
import { runCollateralForDate } from '../../src/modules/collateral/run.js';
import { indicatorsInForce } from '../../src/modules/warnings/indicators.js';
import { runWarningsForDate } from '../../src/modules/warnings/run.js';
import { describeEachDatabase } from '../support/databases.js';
import { buildWorld, call, type World } from '../support/world.js';
import { day, financedVehicle, setLoanStatus } from './support.js';

describeEachDatabase('early-warning indicators', (ctx) => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(ctx.database);
  });
  const loan = async (spec: Parameters<typeof financedVehicle>[2] = {}, branch: 'BJ' | 'SH' = 'BJ') => financedVehicle(w.db, w.branches[branch].id, spec);
  const warnings = async (loanId: number) =>
    (await w.db.selectFrom('warning_alert').select(['indicator_code', 'raised_on', 'last_true_on', 'status', 'evidence']).where('loan_id', '=', loanId).orderBy('id').execute());
  const codes = async (loanId: number) => (await warnings(loanId)).map((x) => `${x.indicator_code}@${x.raised_on}`);
  const history = (loanId: number, validFrom: string, validTo: string | null, overdueSince: string | null, bucket: string) =>
    w.db.insertInto('loan_status_history').values({ loan_id: loanId, valid_from: validFrom, valid_to: validTo, overdue_since: overdueSince, bucket, risk_class: 'normal', stage: 1 }).execute();

  it('the seeded starter library is STARTER_INDICATORS, all in force', async () => {
    const inForce = await indicatorsInForce(w.db, day('2026-01-01'));
    const definition = (i: Indicator) => ({ code: i.code, nameZh: i.nameZh, nameEn: i.nameEn, expression: i.expression, threshold: i.threshold, severity: i.severity, products: i.products, effectiveFrom: i.effectiveFrom, effectiveTo: i.effectiveTo, action: i.action });
    const starters = STARTER_INDICATORS.map((s) => {
      const v = validateIndicator(s);
      if (!v.ok) throw new Error(`invalid starter ${s.code}`);
      return definition(v.indicator);
    });
    expect(inForce.map(definition)).toEqual(starters.sort((a, b) => a.code.localeCompare(b.code)));
  });

  describe('each starter indicator at its boundary', () => {
    it('first payment default: the first installment 30 days overdue within 6 months on book', async () => {
      const { loanId } = await loan({ disbursed: '2025-01-01' });
      // first due 2025-02-01 and unpaid
      await setLoanStatus(w.db, loanId, '2025-03-02', { outstandingFen: 15_000_000, dpd: 29 });
      await runWarningsForDate(w.db, day('2025-03-02'));
      expect(await codes(loanId)).toEqual([]);
      await setLoanStatus(w.db, loanId, '2025-03-03', { outstandingFen: 15_000_000, dpd: 30 });
      await runWarningsForDate(w.db, day('2025-03-03'));
      expect(await warnings(loanId)).toEqual([
        { indicator_code: 'first-payment-default', raised_on: '2025-03-03', last_true_on: '2025-03-03', status: 'open', evidence: expect.objectContaining({ value: true, inputs: { first_installment_overdue_days: 30, months_on_book: 2 } }) },
      ]);
    });

    it('DPD roll: a worse bucket than 30 days ago, past 30 days overdue', async () => {
      const { loanId } = await loan({ disbursed: '2024-06-01' });
      // 30 days before 2025-06-30 (2025-05-31) the loan was M1, 5 days overdue
      await history(loanId, '2025-05-27', '2025-06-25', '2025-05-26', 'M1');
      await history(loanId, '2025-06-26', null, '2025-05-26', 'M2');
      await setLoanStatus(w.db, loanId, '2025-06-30', { outstandingFen: 10_000_000, dpd: 35 });
      await runWarningsForDate(w.db, day('2025-06-30'));
      expect((await warnings(loanId)).map((x) => [x.indicator_code, (x.evidence as { inputs: unknown }).inputs])).toEqual([['dpd-roll', { bucket_rank_change_30d: 1, dpd: 35 }]]);
      // a loan 30 days overdue is still M1: no roll
      const other = await loan({ disbursed: '2024-06-01' });
      await history(other.loanId, '2025-05-01', null, '2025-05-31', 'M1');
      await setLoanStatus(w.db, other.loanId, '2025-06-30', { outstandingFen: 10_000_000, dpd: 30 });
      await runWarningsForDate(w.db, day('2025-06-30'));
      expect(await codes(other.loanId)).toEqual([]);
    });

    it('LTV breach: at the product threshold after close of business valued the vehicle', async () => {
      const { loanId, vehicleId } = await loan({ disbursed: '2024-01-01' });
      await w.db.insertInto('vehicle_appraisal').values({ vehicle_id: vehicleId, value_fen: 10_000_000, appraised_on: '2025-07-01', source: '评估', recorded_by: 'test' }).execute();
      await setLoanStatus(w.db, loanId, '2025-07-01', { outstandingFen: 9_999_499 });
      await runCollateralForDate(w.db, day('2025-07-01'));
      await runWarningsForDate(w.db, day('2025-07-01'));
      expect(await codes(loanId)).toEqual([]);
      await setLoanStatus(w.db, loanId, '2025-07-02', { outstandingFen: 9_999_500 });
      await runCollateralForDate(w.db, day('2025-07-02'));
      await runWarningsForDate(w.db, day('2025-07-02'));
      expect(await codes(loanId)).toEqual(['ltv-breach@2025-07-02']);
    });

    it('GPS tamper: a tamper alert in the last 30 days', async () => {
      const { loanId, vehicleId } = await loan({ disbursed: '2024-01-01' });
      await setLoanStatus(w.db, loanId, '2025-08-01', { outstandingFen: 10_000_000 });
      const tamper = (key: string, at: string) =>
        w.db.insertInto('telematics_alert').values({ key, rule_code: 'tamper', kind: 'tamper', severity: 'critical', device_id: 'GPS-W', vehicle_id: vehicleId, loan_id: loanId, branch_id: w.branches.BJ.id, at, evidence: '{}', message_zh: '断电', message_en: 'cut' }).execute();
      await tamper(`w-old-${loanId}`, '2025-07-01T23:59:59Z');
      await runWarningsForDate(w.db, day('2025-08-01'));
      expect(await codes(loanId)).toEqual([]);
      await tamper(`w-new-${loanId}`, '2025-07-02T00:00:00Z');
      await runWarningsForDate(w.db, day('2025-08-01'));
      expect(await codes(loanId)).toEqual(['gps-tamper@2025-08-01']);
    });

    it('income drop found at a follow-up, until the flag is cleared', async () => {
      const { loanId, borrowerId } = await loan({ disbursed: '2024-01-01' });
      await setLoanStatus(w.db, loanId, '2025-09-01', { outstandingFen: 10_000_000 });
      const { rows } = await sql<{ id: number }>`INSERT INTO followup_task (key, loan_id, branch_id, kind, channel, due_on, done_by, created_on)
                VALUES (${`w/${loanId}`}, ${loanId}, ${w.branches.BJ.id}, 'periodic', 'phone', '2025-08-20', '2025-08-25', '2025-08-20') RETURNING id`.execute(w.db);
      const task = rows[0]!;
      await sql`INSERT INTO followup (task_id, loan_id, borrower_id, branch_id, kind, channel, answers, derived, has_discrepancy, unreachable, completed_on, agent_name)
                VALUES (${task.id}, ${loanId}, ${borrowerId}, ${w.branches.BJ.id}, 'periodic', 'phone', '[]', '{}', true, false, '2025-08-21', 'agent')`.execute(w.db);
      await sql`INSERT INTO followup_flag (followup_id, loan_id, borrower_id, flag, item, evidence, set_on)
                VALUES (${task.id}, ${loanId}, ${borrowerId}, 'income_drop', 'monthly_income', '月收入从 15000 降到 6000', '2025-08-21')`.execute(w.db);
      await runWarningsForDate(w.db, day('2025-08-20'));
      expect(await codes(loanId)).toEqual([]);
      await runWarningsForDate(w.db, day('2025-09-01'));
      expect(await codes(loanId)).toEqual(['income-drop@2025-09-01']);
    });

    it('multiple broken promises: two broken in the last 90 days', async () => {
      const { loanId } = await loan({ disbursed: '2024-01-01' });
      await setLoanStatus(w.db, loanId, '2025-10-01', { outstandingFen: 10_000_000, dpd: 20 });
      const { rows } = await sql<{ id: number }>`INSERT INTO collection_case (loan_id, opened_on, reason) VALUES (${loanId}, '2025-06-01', 'overdue') RETURNING id`.execute(w.db);
      const caseId = rows[0]!.id;
      const promise = (brokenOn: string) =>
        sql`INSERT INTO collection_promise (case_id, loan_id, made_on, instalments, total_fen, grace_days, tolerance_fen, state, broken_on, recorded_by)
            VALUES (${caseId}, ${loanId}, '2025-06-01', '[]', 100000, 0, 0, 'broken', ${brokenOn}, 'test')`.execute(w.db);
      // 2025-07-03 is 90 days before 2025-10-01: outside the window
      await promise('2025-07-03');
      await promise('2025-07-04');
      await runWarningsForDate(w.db, day('2025-10-01'));
      expect(await codes(loanId)).toEqual([]);
      await promise('2025-09-30');
      await runWarningsForDate(w.db, day('2025-10-01'));
      expect((await warnings(loanId)).map((x) => [x.indicator_code, (x.evidence as { value: unknown }).value])).toEqual([['broken-promises', 2]]);
    });

    it('score drop stays silent while no score exists (unknown is not 0)', async () => {
      const { loanId } = await loan({ disbursed: '2024-01-01' });
      await setLoanStatus(w.db, loanId, '2025-10-01', { outstandingFen: 10_000_000 });
      await runWarningsForDate(w.db, day('2025-10-01'));
      expect(await codes(loanId)).toEqual([]);
    });
  });

  describe('lifecycle', () => {
    it('one warning per episode: it goes on while the indicator holds, even resolved; a new one when it holds again', async () => {
      // an indicator of its own, on a product no other test uses
      await sql`INSERT INTO warning_indicator (code, version, name_zh, name_en, expression, severity, products, effective_from, reason, created_by)
                VALUES ('arrears-40', 1, '逾期 40 天', '40 days overdue', 'dpd >= 40', 'medium', '{commercial}', '2025-01-01', 'test', 'test')`.execute(w.db);
      const { loanId } = await loan({ product: 'commercial', disbursed: '2025-01-01' });
      const run = async (date: string, dpd: number) => {
        await setLoanStatus(w.db, loanId, date, { outstandingFen: 15_000_000, dpd });
        await runWarningsForDate(w.db, day(date));
      };
      const mine = async () => (await warnings(loanId)).filter((x) => x.indicator_code === 'arrears-40');
      await run('2025-11-10', 40);
      await run('2025-11-10', 40);
      await run('2025-11-11', 41);
      expect(await mine()).toEqual([expect.objectContaining({ raised_on: '2025-11-10', last_true_on: '2025-11-11', status: 'open' })]);
      const manager = (await w.session('BJ', ['branch_manager'])).cookie;
      const [first] = await w.db.selectFrom('warning_alert').select('id').where('loan_id', '=', loanId).where('indicator_code', '=', 'arrears-40').execute();
      const ack = await call(w.app, 'POST', `/api/v1/warnings/${first!.id}/ack`, { cookie: manager, body: {} });
      expect(ack.status).toBe(200);
      expect((await call(w.app, 'POST', `/api/v1/warnings/${first!.id}/ack`, { cookie: manager, body: {} })).status).toBe(409);
      const resolved = await call(w.app, 'POST', `/api/v1/warnings/${first!.id}/resolve`, { cookie: manager, body: { note: '已电话联系，客户承诺月底前还款' } });
      expect(resolved.body).toMatchObject({ status: 'resolved', resolutionNote: '已电话联系，客户承诺月底前还款', history: [{ action: 'raised' }, { action: 'acknowledged' }, { action: 'resolved' }] });
      expect((await call(w.app, 'POST', `/api/v1/warnings/${first!.id}/resolve`, { cookie: manager, body: { note: '再次处理' } })).status).toBe(409);
      // still 42 days overdue the next day: the same (resolved) warning goes on, nothing new
      await run('2025-11-12', 42);
      expect(await mine()).toEqual([expect.objectContaining({ raised_on: '2025-11-10', last_true_on: '2025-11-12', status: 'resolved' })]);
      // cured for a run, then overdue again: a new warning
      await run('2025-11-13', 0);
      await run('2025-11-14', 45);
      expect((await mine()).map((x) => [x.raised_on, x.status])).toEqual([
        ['2025-11-10', 'resolved'],
        ['2025-11-14', 'open'],
      ]);
    });

    it('the inbox shows the caller’s branches only; a collector may acknowledge, an auditor may not', async () => {
      // disbursed 2025-09-01, first due 2025-10-01 and unpaid: a first payment default on 2025-12-01
      const bj = await loan({ disbursed: '2025-09-01' });
      const sh = await loan({ disbursed: '2025-09-01' }, 'SH');
      for (const l of [bj, sh]) await setLoanStatus(w.db, l.loanId, '2025-12-01', { outstandingFen: 15_000_000, dpd: 61 });
      await runWarningsForDate(w.db, day('2025-12-01'));
      const bjCollector = (await w.session('BJ', ['collector'])).cookie;
      const inbox = await call(w.app, 'GET', '/api/v1/warnings?status=open&limit=500', { cookie: bjCollector });
      expect(inbox.status).toBe(200);
      expect(inbox.body.items.some((x: { loanId: number }) => x.loanId === sh.loanId)).toBe(false);
      const mine = inbox.body.items.find((x: { loanId: number }) => x.loanId === bj.loanId);
      expect(mine).toMatchObject({ indicator: 'first-payment-default', nameZh: '首期违约', nameEn: 'First payment default', branchCode: 'BJ', severity: 'high', status: 'open' });
      const auditor = (await w.session('HO', ['auditor'])).cookie;
      expect((await call(w.app, 'POST', `/api/v1/warnings/${mine.id}/ack`, { cookie: auditor, body: {} })).status).toBe(403);
      expect((await call(w.app, 'POST', `/api/v1/warnings/${mine.id}/ack`, { cookie: bjCollector, body: { note: '已知悉' } })).status).toBe(200);
    });
  });

  describe('head office edits the library', () => {
    it('checks a definition with errors named by field and position, publishes versions, and evaluates the one in force', async () => {
      const risk = (await w.session('HO', ['risk_officer'])).cookie;
      const bad = await call(w.app, 'POST', '/api/v1/warning-indicators/check?lang=en-US', { cookie: risk, body: { code: 'deep-arrears', nameZh: '深度逾期', nameEn: 'Deep arrears', expression: 'dpd >= 60 and ltv_bpp > 1', severity: 'high', effectiveFrom: '2025-01-01' } });
      expect(bad.body).toEqual({ ok: false, problems: [{ field: 'expression', at: 14, zh: expect.any(String), en: 'at character 15: no feature named "ltv_bpp"; did you mean "ltv_bp"?' }] });
      const published = await call(w.app, 'POST', '/api/v1/warning-indicators?lang=en-US', { cookie: risk, body: { code: 'deep-arrears', nameZh: '深度逾期', nameEn: 'Deep arrears', expression: 'dpd', severity: 'high', effectiveFrom: '2025-01-01', reason: '新增指标' } });
      expect(published.status).toBe(400);
      expect(published.body.errors).toEqual([{ field: 'threshold', message: 'the expression gives a number: it needs a threshold (e.g. >= 30)' }]);
      const v1 = await call(w.app, 'POST', '/api/v1/warning-indicators', { cookie: risk, body: { code: 'deep-arrears', nameZh: '深度逾期', nameEn: 'Deep arrears', expression: 'dpd', threshold: { op: '>=', value: 60 }, severity: 'high', products: ['used_car'], effectiveFrom: '2025-01-01', reason: '新增指标' } });
      expect(v1.status).toBe(201);
      expect(v1.body).toMatchObject({ code: 'deep-arrears', version: 1 });
      const v2 = await call(w.app, 'POST', '/api/v1/warning-indicators', { cookie: risk, body: { ...v1.body, id: undefined, version: undefined, createdBy: undefined, createdAt: undefined, threshold: { op: '>=', value: 90 }, effectiveFrom: '2026-02-01', reason: '放宽到 90 天' } });
      expect(v2.status).toBe(201);
      expect(v2.body.version).toBe(2);

      const used = await loan({ condition: 'used', modelYear: 2021, mileageKm: 30_000, product: 'used_car', disbursed: '2024-01-01' });
      const fresh = await loan({ disbursed: '2024-01-01' });
      for (const l of [used, fresh]) await setLoanStatus(w.db, l.loanId, '2026-01-31', { outstandingFen: 10_000_000, dpd: 70 });
      await runWarningsForDate(w.db, day('2026-01-31'));
      expect(await codes(used.loanId)).toEqual(['deep-arrears@2026-01-31']);
      // new cars are not watched by it
      expect(await codes(fresh.loanId)).toEqual([]);
      // from 2026-02-01 version 2 (90 days) is in force: 71 days no longer holds
      await setLoanStatus(w.db, used.loanId, '2026-02-01', { outstandingFen: 10_000_000, dpd: 71 });
      await runWarningsForDate(w.db, day('2026-02-01'));
      expect((await warnings(used.loanId))[0]!.last_true_on).toBe('2026-01-31');
      const branchRisk = (await w.session('BJ', ['risk_officer'])).cookie;
      expect((await call(w.app, 'POST', '/api/v1/warning-indicators', { cookie: branchRisk, body: { ...v1.body, id: undefined, version: undefined, createdBy: undefined, createdAt: undefined, reason: '分行' } })).status).toBe(403);
    });

    it('lists the documented features', async () => {
      const features = await call(w.app, 'GET', '/api/v1/warning-features', { cookie: (await w.session('BJ', ['collector'])).cookie });
      expect(features.body.items).toContainEqual({ name: 'ltv_bp', type: 'number', zh: '抵押率（基点，10000 = 100%）', en: 'loan-to-value in basis points (10,000 = 100 %)', source: expect.any(String) });
    });
  });
});
