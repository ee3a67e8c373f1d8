import type { Locator, Page } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCollectionsForDate } from '../../src/modules/collections/run.js';
import { describeEachDatabase } from '../support/databases.js';
import { AS_OF, type AppServer, type Browser, chooseOption, ensureWebBuilt, launchBrowser, PASSWORD, seedBook, startAppServer } from './harness.js';

const LOANS = 200;

// playwright-core has no auto-waiting assertions (those are @playwright/test's): poll instead.
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });
const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible' });

/**
 * The managers' collections pages in Chromium, as issue 6 tells them: a branch manager reads the
 * coverage of the branch and the team board, and gives a collector's case to the other collector
 * with a reason the owner history keeps; a head-office risk officer edits the strategy, sees the
 * server's error under the field it names, fixes it and previews what the draft would do.
 */
describeEachDatabase('the collections management pages in Chromium', (ctx) => {
  let server: AppServer;
  let browser: Browser;
  let page: Page;
  const db = () => ctx.database.db;

  beforeAll(async () => {
    ensureWebBuilt();
    await seedBook(ctx.database, LOANS);
    // trained collectors first, so the run's allocation gives them the cases; coverage follows
    await sql`INSERT INTO collector_profile (user_id, training_valid_until) SELECT id, '2030-12-31' FROM app_user ON CONFLICT (user_id) DO NOTHING`.execute(db());
    await runCollectionsForDate(db(), AS_OF);
    server = await startAppServer(ctx.database);
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signIn(username: string, path: string): Promise<void> {
    await browser.context.clearCookies();
    await page.goto(`${server.url}${path}`);
    await page.waitForURL(/\/login/);
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => url.pathname === path);
  }
  const rows = (testId: string) => page.getByTestId(testId).locator('tbody tr.ant-table-row');
  const choose = (testId: string, option: string) => chooseOption(page, testId, option);

  it('a branch manager reads coverage and the team board, and reassigns a case with a reason', { timeout: 120_000 }, async () => {
    const bj = await db().selectFrom('branch').select(['id', 'path']).where('code', '=', 'BJ').executeTakeFirstOrThrow();
    const stored = await db()
      .selectFrom('collection_coverage_summary as s')
      .select(['s.overdue', 's.uncovered'])
      .where('s.level', '=', 'branch')
      .where('s.unit_id', '=', bj.id)
      .where('s.business_date', '=', AS_OF)
      .executeTakeFirstOrThrow();
    expect(stored.overdue).toBeGreaterThan(0);

    // the dashboard's coverage panel opens the coverage page
    await signIn('bj.manager', '/dashboard');
    await page.getByTestId('dashboard-coverage').click();
    await page.waitForURL(/\/collections\/coverage/);
    // the rate the page shows is the stored one for BJ (the manager's scope), to one decimal
    const rate = Math.round(((stored.overdue - stored.uncovered) / stored.overdue) * 1000) / 10;
    await poll(() => page.getByTestId('coverage-rate').innerText()).toContain(rate.toFixed(1));
    await poll(() => rows('coverage-branch').count()).toBeGreaterThan(0);
    await poll(() => rows('coverage-uncovered').count()).toBe(Math.min(stored.uncovered, 50));

    await page.goto(`${server.url}/collections/board`);
    const c1 = await db().selectFrom('app_user').select(['id', 'display_name']).where('username', '=', 'bj.collector1').executeTakeFirstOrThrow();
    const c2 = await db().selectFrom('app_user').select(['id', 'display_name']).where('username', '=', 'bj.collector2').executeTakeFirstOrThrow();
    await poll(() => rows('cm-workloads').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining(c1.display_name), expect.stringContaining(c2.display_name)]));
    // the first case of collector 1 on the board goes to collector 2
    const theCase = await db()
      .selectFrom('collection_case')
      .select(['id'])
      .where('owner_kind', '=', 'collector')
      .where('owner_id', '=', c1.id)
      .where('closed_on', 'is', null)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    await choose('cm-owner-filter', c1.display_name);
    await visible(page.getByTestId(`cm-assign-${theCase.id}`));
    await page.getByTestId(`cm-assign-${theCase.id}`).click();
    await choose('cm-assign-owner', c2.display_name);
    await page.getByTestId('cm-assign-reason').fill('客户要求更换催收员');
    await page.getByTestId('cm-assign-ok').click();
    await poll(async () => (await db().selectFrom('collection_case').select(['owner_kind', 'owner_id']).where('id', '=', theCase.id).executeTakeFirstOrThrow()).owner_id).toBe(c2.id);
    // gone from collector 1's list; the history keeps who did it and why
    await poll(() => page.getByTestId(`cm-assign-${theCase.id}`).count()).toBe(0);
    await choose('cm-owner-filter', c2.display_name);
    await page.getByTestId(`cm-history-${theCase.id}`).click();
    await poll(() => rows('cm-owner-history').last().innerText()).toContain('客户要求更换催收员');
    expect(await rows('cm-owner-history').last().innerText()).toContain('bj.manager');
  });

  it('a risk officer edits the strategy, sees an error under its field, fixes it and previews the draft', { timeout: 120_000 }, async () => {
    await signIn('ho.risk', '/collections/strategies');
    const editor = page.getByTestId('strategy-json');
    await poll(() => editor.inputValue()).toContain('"segments"');
    const doc = JSON.parse(await editor.inputValue()) as { segments: { code: string; treatments: { day: number }[] }[] };
    const early = doc.segments.findIndex((s) => s.code === 'early');
    const day = doc.segments[early]!.treatments[0]!.day;
    doc.segments[early]!.treatments[0]!.day = -100;
    await editor.fill(JSON.stringify(doc, null, 2));
    await page.getByTestId('strategy-save').click();
    // the error sits right under the line of the field it names
    const error = page.getByTestId('strategy-error');
    await visible(error);
    expect(await error.getAttribute('data-path')).toBe(`segments.${early}.treatments.0.day`);
    const line = error.locator('xpath=preceding-sibling::div[1]');
    expect(await line.innerText()).toContain('"day": -100');

    doc.segments[early]!.treatments[0]!.day = day;
    await editor.fill(JSON.stringify(doc, null, 2));
    await page.getByTestId('strategy-preview-run').click();
    await visible(page.getByTestId('strategy-preview'));
    expect(await page.getByTestId('strategy-error').count()).toBe(0);
    const previewed = await rows('strategy-preview').count();
    expect(previewed).toBeGreaterThan(0);
    // a row opens to its sample loans, each with why the draft put it there
    await rows('strategy-preview').first().locator('.ant-table-row-expand-icon').click();
    await poll(() => rows('strategy-preview-samples').count()).toBeGreaterThan(0);
    expect(await rows('strategy-preview-samples').first().innerText()).toMatch(/为基准第|没有到期|尚未到第一步|暂停|没有分群/);

    // the fixed draft saves: a new draft version in the list
    await page.getByTestId('strategy-save').click();
    const version = (doc as unknown as { version: number }).version;
    await poll(async () => (await db().selectFrom('collection_strategy').select('status').where('version', '=', version).executeTakeFirst())?.status).toBe('draft');
  });
});
