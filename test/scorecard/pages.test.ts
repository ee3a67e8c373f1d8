import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BEHAVIOUR_FEATURES } from '../../src/domain/scorecard/features.js';
import { modelCard } from '../../src/domain/scorecard/model-card.js';
import { DEFAULT_TRAIN, trainScorecard } from '../../src/domain/scorecard/train.js';
import { registerModel } from '../../src/modules/scorecard/models.js';
import { runScoringForDate } from '../../src/modules/scorecard/run.js';
import { AS_OF, type AppServer, type Browser, ensureWebBuilt, launchBrowser, PASSWORD, seedBook, startAppServer } from '../browser/harness.js';
import { describeEachDatabase } from '../support/databases.js';

/**
 * The score model pages in Chromium: a generated book has too few defaults to train on, so the
 * draft is a card fitted on a sample made here (bad rate rising with DPD, falling with payments)
 * and registered from the command line; head office's risk officer approves it in the browser.
 */
function syntheticCard() {
  const n = 4000;
  let seed = 11;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const columns = BEHAVIOUR_FEATURES.map(() => new Float64Array(n));
  const target = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const dpd = rnd() < 0.8 ? 0 : Math.floor(rnd() * 90);
    const ratio = dpd > 0 ? rnd() : 1;
    [dpd, dpd, dpd, dpd > 0 ? 2 : 0, 12, ratio, NaN, 0, 0].forEach((v, j) => (columns[j]![i] = v));
    target[i] = rnd() < 0.02 + dpd / 120 + (1 - ratio) * 0.1 ? 1 : 0;
  }
  const report = trainScorecard({ features: [...BEHAVIOUR_FEATURES], columns, target, rows: n }, null, DEFAULT_TRAIN);
  return modelCard(report, { target: 'synthetic', file: 'synthetic.csv', sha256: 'c'.repeat(64), rows: n, options: DEFAULT_TRAIN });
}

const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });

describeEachDatabase('the score model pages in Chromium', (ctx) => {
  let server: AppServer;
  let browser: Browser;
  let page: Page;
  let modelId: number;

  beforeAll(async () => {
    ensureWebBuilt();
    await seedBook(ctx.database, 120);
    modelId = (await registerModel(ctx.database.db, { userId: null, name: 'cli:modeller' }, syntheticCard(), null)).model.id;
    server = await startAppServer(ctx.database);
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the card, lets head office’s risk officer approve it, and charts the scores close of business gives', { timeout: 120_000 }, async () => {
    await page.goto(`${server.url}/risk/models`);
    await page.waitForURL(/\/login/);
    await page.locator('#username').fill('ho.risk');
    await page.locator('#password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => url.pathname === '/risk/models');
    const row = page.locator('tbody tr.ant-table-row').first();
    await poll(() => row.innerText()).toContain('草稿');
    await row.locator('a').first().click();
    await page.waitForURL((url) => url.pathname === `/risk/models/${modelId}`);
    // the card reads like the printed one: each feature's bins with their points
    await poll(() => page.getByTestId('card-feature-maxDpd3m').innerText()).toContain('近 3 个月最大逾期天数');
    await page.getByTestId('approve-model').click();
    // wait on the approval itself, so a refusal shows as its status and a slow machine is not
    // mistaken for a lost click
    const approval = page.waitForResponse((r) => r.url().endsWith(`/api/v1/score-models/${modelId}/approve`) && r.request().method() === 'POST', { timeout: 60_000 });
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    expect((await approval).status()).toBe(200);
    await poll(async () => (await ctx.database.db.selectFrom('score_model').select('status').where('id', '=', modelId).executeTakeFirstOrThrow()).status).toBe('champion');
    await poll(() => page.locator('.ant-card-head').first().innerText()).toContain('冠军');
    const approved = await ctx.database.db.selectFrom('score_model').select('approved_by').where('id', '=', modelId).executeTakeFirstOrThrow();
    expect(approved.approved_by).toBe('ho.risk');

    const run = await runScoringForDate(ctx.database.db, AS_OF);
    expect(run.loans).toBeGreaterThan(0);
    await page.goto(`${server.url}/risk/score-distribution`);
    await poll(() => page.locator('.ant-statistic-content').first().innerText()).toBe(String(run.loans));
    await poll(() => page.getByTestId('score-grade-chart').locator('canvas').count()).toBeGreaterThan(0);
    await poll(() => page.getByTestId('score-band-chart').locator('canvas').count()).toBeGreaterThan(0);
  });
});
