import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { putRule } from '../../src/modules/telematics/rules-store.js';
import { ingestEvents } from '../../src/modules/telematics/ingest.js';
import { runCollateralForDate } from '../../src/modules/collateral/run.js';
import { runWarningsForDate } from '../../src/modules/warnings/run.js';
import { formatFen } from '../../web/src/format.js';
import { addDays } from '../../src/domain/business-date.js';
import { describeEachDatabase } from '../support/databases.js';
import { AS_OF, type AppServer, type Browser, ensureWebBuilt, launchBrowser, PASSWORD, seedBook, startAppServer } from './harness.js';

const LOANS = 200;
const HOUR_MS = 3_600_000;

const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });
const count = (locator: Locator) => poll(() => locator.count());
const text = (locator: Locator) => poll(() => locator.innerText());
const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible' });

describeEachDatabase('the collateral and risk pages in Chromium', (ctx) => {
  let server: AppServer;
  let browser: Browser;
  let page: Page;
  const db = () => ctx.database.db;
  /** a BJ loan whose vehicle has a GPS tracker, with the positions sent for it */
  let loan: { loanId: number; vehicleId: number; deviceId: string };
  let positions: number;

  beforeAll(async () => {
    ensureWebBuilt();
    await seedBook(ctx.database, LOANS);
    // what close of business does after the close seedBook ran: values and LTV (early warnings below)
    await runCollateralForDate(db(), AS_OF);

    const tracked = await db()
      .selectFrom('loan as l')
      .innerJoin('branch as b', 'b.id', 'l.branch_id')
      .innerJoin('loan_collateral as lc', 'lc.loan_id', 'l.id')
      .innerJoin('vehicle as v', 'v.id', 'lc.vehicle_id')
      .select(['l.id as loanId', 'v.id as vehicleId', 'v.gps_device_id as deviceId'])
      .where('b.path', 'like', '/HO/BJ/%')
      .where('l.status', '=', 'active')
      .where('v.gps_device_id', 'is not', null)
      .where((eb) => eb.exists(eb.selectFrom('vehicle_valuation as vv').select('vv.vehicle_id').whereRef('vv.vehicle_id', '=', 'v.id')))
      .orderBy('l.id')
      .limit(2)
      .execute();
    expect(tracked).toHaveLength(2);
    const [row, cut] = tracked as [(typeof tracked)[number], (typeof tracked)[number]];
    loan = { loanId: row.loanId, vehicleId: row.vehicleId, deviceId: row.deviceId! };

    // a pawnshop district as a risk zone, and two days of a car driving into it, its tracker then cut
    await putRule(
      db(),
      { userId: null, name: 'test' },
      'pawnshops',
      { code: 'pawnshops', kind: 'geofence_enter', severity: 'high', zones: [{ code: 'PS-1', nameZh: '典当行聚集区', nameEn: 'Pawnshop district', category: 'pawnshop', ring: [{ lat: 39.93, lng: 116.43 }, { lat: 39.93, lng: 116.45 }, { lat: 39.95, lng: 116.45 }, { lat: 39.95, lng: 116.43 }] }] },
      true,
      '测试 test zone',
    );
    const now = Date.now();
    const route = [[39.9, 116.4], [39.905, 116.41], [39.912, 116.418], [39.92, 116.425], [39.935, 116.435], [39.94, 116.44]] as const;
    const events = [
      ...route.map(([lat, lng], i) => ({ eventId: `RT-${i}`, deviceId: loan.deviceId, at: new Date(now - (48 - i * 6) * HOUR_MS).toISOString(), kind: 'position', lat, lng })),
      { eventId: 'RT-cut', deviceId: loan.deviceId, at: new Date(now - 2 * HOUR_MS).toISOString(), kind: 'power_cut', lat: 39.941, lng: 116.441 },
    ];
    positions = events.length;
    const ingested = await ingestEvents(db(), events, now, 'zh-CN');
    expect(ingested).toMatchObject({ stored: positions, rejected: 0 });
    expect(ingested.alerts).toBeGreaterThanOrEqual(2); // entering the zone, and the power cut

    // another BJ car's tracker was cut three days before the close: the close's early warnings see it
    const before = await ingestEvents(db(), [{ eventId: 'CUT-1', deviceId: cut.deviceId!, at: `${addDays(AS_OF, -3)}T10:00:00+08:00`, kind: 'tamper', lat: 39.99, lng: 116.3 }], now, 'zh-CN');
    expect(before.alerts).toBeGreaterThanOrEqual(1);
    await runWarningsForDate(db(), AS_OF);

    server = await startAppServer(ctx.database);
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  beforeEach(async () => {
    await browser.context.clearCookies();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(`${server.url}/login`);
    await page.evaluate('localStorage.clear()');
  });

  async function signIn(username: string, path: string): Promise<void> {
    await page.goto(`${server.url}${path}`);
    await page.waitForURL(/\/login/);
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => url.pathname !== '/login');
  }

  const tableRows = (testId: string) => page.getByTestId(testId).locator('tbody tr.ant-table-row');

  it('lets a risk officer acknowledge a warning, resolve it with a note, read the LTV distribution, and head office publish an indicator', { timeout: 120_000 }, async () => {
    const newest = await db()
      .selectFrom('warning_alert as w')
      .innerJoin('branch as b', 'b.id', 'w.branch_id')
      .innerJoin('loan as l', 'l.id', 'w.loan_id')
      .select(['w.id', 'l.external_id'])
      .where('b.path', 'like', '/HO/BJ/%')
      .orderBy('w.id', 'desc')
      .executeTakeFirstOrThrow();

    await signIn('bj.risk', '/risk/alerts');
    // every warning is still open: the newest of BJ's heads the inbox (open ones by default) and the full list
    await text(tableRows('warnings-table').first()).toContain(newest.external_id);
    await page.getByTestId('warning-status').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '全部' }).click();
    const row = tableRows('warnings-table').first();
    await text(row).toContain(newest.external_id);
    await row.getByTestId('warning-ack').click();
    await text(row.getByTestId('warning-status-tag')).toBe('已确认');
    await count(row.getByTestId('warning-ack')).toBe(0);
    await row.getByTestId('warning-resolve').click();
    await page.getByTestId('resolve-note').fill('已电话联系借款人，确认车辆在用，继续观察');
    await page.getByTestId('resolve-submit').click();
    await text(row.getByTestId('warning-status-tag')).toBe('已处理');

    const stored = await db().selectFrom('warning_alert').select(['status', 'acknowledged_by', 'resolution_note']).where('id', '=', newest.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'resolved', resolution_note: '已电话联系借款人，确认车辆在用，继续观察' });
    expect(stored.acknowledged_by).toEqual(expect.any(String));
    const moves = await db().selectFrom('warning_alert_event').select('action').where('warning_id', '=', newest.id).where('action', 'in', ['acknowledged', 'resolved']).orderBy('id').execute();
    expect(moves.map((h) => h.action)).toEqual(['acknowledged', 'resolved']);

    // the LTV distribution counts exactly BJ's measured loans
    const measured = await db().selectFrom('loan_ltv as x').innerJoin('branch as b', 'b.id', 'x.branch_id').select((s) => s.fn.countAll<number>().as('n')).where('b.path', 'like', '/HO/BJ/%').executeTakeFirstOrThrow();
    await page.goto(`${server.url}/risk/ltv`);
    await count(tableRows('ltv-bands')).toBe(8);
    const counts = async () => (await tableRows('ltv-bands').locator('td:nth-child(2)').allInnerTexts()).reduce((s, v) => s + Number(v.replace(/,/g, '')), 0);
    await poll(counts).toBe(Number(measured.n));
    await visible(page.getByTestId('ltv-chart').locator('canvas'));

    // head office's risk officer writes an indicator: the check points at the typo as it is typed
    await browser.context.clearCookies();
    await signIn('ho.risk', '/risk/indicators');
    await page.getByTestId('indicator-new').click();
    await page.getByTestId('indicator-code').fill('ltv-severe');
    await page.getByTestId('indicator-name-zh').fill('抵押率严重超限且逾期');
    await page.getByTestId('indicator-name-en').fill('LTV far above value and overdue');
    await page.getByTestId('indicator-expression').fill('ltv_bp >= 15000 and dpdd > 0');
    await text(page.getByTestId('expression-problems')).toContain('没有名为“dpdd”的特征，是否是“dpd”？');
    expect(await page.getByTestId('indicator-publish').isDisabled()).toBe(true);
    await page.getByTestId('indicator-expression').fill('ltv_bp >= 15000 and dpd > 0');
    await text(page.getByTestId('expression-ok')).toMatch(/ltv_bp, dpd|dpd, ltv_bp/);
    await page.getByTestId('indicator-reason').fill('押品严重不足的逾期贷款 severe shortfall');
    await page.getByTestId('indicator-publish').click();
    await count(tableRows('indicators-table').filter({ hasText: 'ltv-severe' })).toBe(1);
    const published = await db().selectFrom('warning_indicator').select(['version', 'expression', 'created_by']).where('code', '=', 'ltv-severe').execute();
    expect(published).toEqual([{ version: 1, expression: 'ltv_bp >= 15000 and dpd > 0', created_by: expect.any(String) }]);
  });

  it('shows a loan’s valuation history, takes an appraisal, and draws the vehicle’s track with its zone and alerts', { timeout: 90_000 }, async () => {
    const latest = await db().selectFrom('vehicle_valuation').select('value_fen').where('vehicle_id', '=', loan.vehicleId).orderBy('valued_on', 'desc').executeTakeFirstOrThrow();
    await signIn('bj.risk', `/loans/${loan.loanId}`);
    await page.getByRole('tab', { name: '押品' }).click();
    await text(page.getByTestId('valuation-current')).toContain(formatFen(latest.value_fen));
    await visible(page.getByTestId('valuation-chart').locator('canvas'));
    expect(await tableRows('valuation-table').count()).toBeGreaterThan(0);

    await page.getByTestId('add-appraisal').click();
    await page.getByTestId('appraisal-value').fill('88,000.00');
    await page.getByTestId('appraisal-source').fill('第三方评估机构');
    await page.getByTestId('appraisal-submit').click();
    await count(tableRows('appraisals-table').filter({ hasText: '¥88,000.00' })).toBe(1);
    const appraisal = await db().selectFrom('vehicle_appraisal').select(['value_fen', 'appraised_on']).where('vehicle_id', '=', loan.vehicleId).executeTakeFirstOrThrow();
    const { business_date } = await db().selectFrom('business_date').select('business_date').executeTakeFirstOrThrow();
    expect(appraisal).toEqual({ value_fen: 8_800_000, appraised_on: business_date });

    const trackReads = () => db().selectFrom('audit_log').select('id').where('action', '=', 'vehicle.track.read').where('entity_id', '=', String(loan.vehicleId)).execute();
    expect(await trackReads()).toHaveLength(0);
    await page.getByRole('tab', { name: 'GPS 轨迹' }).click();
    await count(page.getByTestId('track-map').getByTestId('track-point')).toBe(positions);
    await count(page.getByTestId('track-map').getByTestId('track-zone')).toBe(1);
    await visible(page.getByTestId('track-latest'));
    await text(page.getByTestId('track-summary')).toContain(`${positions} 个定位点`);
    await count(tableRows('vehicle-gps-alerts').filter({ hasText: '设备断电' })).toBe(1);
    await count(tableRows('vehicle-gps-alerts').filter({ hasText: 'pawnshops' })).toBe(1);
    // where a car stands is personal data: the map's read is audited
    await poll(async () => (await trackReads()).length).toBe(1);
  });
});
