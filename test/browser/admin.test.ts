import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { type AppServer, type Browser, ensureWebBuilt, launchBrowser, PASSWORD, seedBook, startAppServer } from './harness.js';

const LOANS = 120;

// playwright-core has no auto-waiting assertions (those are @playwright/test's): poll instead.
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });
const text = (locator: Locator) => poll(() => locator.innerText());
const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible' });
// After a save the answer and the refetch behind it can take a while on a busy machine.
const saved = (locator: Locator) => locator.first().waitFor({ state: 'visible', timeout: 30_000 });

// The branch the first test creates and renames, and the auditor then looks for.
const CODE = 'BJ-T9';
const RENAMED = '北京催收九组';

describeEachDatabase('administration and the loan 360 forms in Chromium', (ctx) => {
  let server: AppServer;
  let browser: Browser;
  let page: Page;
  const db = () => ctx.database.db;

  beforeAll(async () => {
    ensureWebBuilt();
    await seedBook(ctx.database, LOANS);
    server = await startAppServer(ctx.database);
    browser = await launchBrowser();
  }, 180_000);

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

  // antd's Select renders its options in a floating list outside the form; the list must be gone
  // (it fades out) before the next field can be clicked. On a busy machine a click can land while
  // the list is still sliding in and select nothing: then the list is closed and opened again.
  async function choose(testId: string, option: string): Promise<void> {
    const select = page.getByTestId(testId);
    for (let attempt = 1; ; attempt++) {
      await select.click();
      const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first();
      await item.waitFor({ state: 'visible' });
      await item.click();
      try {
        await expect.poll(() => select.innerText(), { timeout: 3_000, interval: 100 }).toContain(option);
        break;
      } catch (error) {
        if (attempt === 3) throw error;
        await page.keyboard.press('Escape');
      }
    }
    await poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
  }

  const navItems = async () => (await page.getByTestId('nav').locator('.ant-menu-item').allInnerTexts()).map((s) => s.trim());
  const rows = (testId: string) => page.getByTestId(testId).locator('tbody tr.ant-table-row');
  const fieldError = (testId: string) => page.locator('.ant-form-item', { has: page.getByTestId(testId) }).locator('.ant-form-item-explain-error');

  it('lets an admin create a team under a branch, refusing a bad code, rename it with a reason, and issue and revoke a token', { timeout: 90_000 }, async () => {
    await signIn('ho.admin', '/admin/branches');
    await poll(navItems).toEqual(expect.arrayContaining(['API 令牌', '审计日志']));
    await page.getByTestId('branch-tree').getByText('(BJ)', { exact: false }).first().click();
    await page.getByTestId('branch-create').click();
    // a lower-case code is refused by the server, and the reason shows under the field
    await page.getByTestId('branch-code').fill('bj t9');
    await page.getByTestId('branch-name-zh').fill('北京九组');
    await page.getByTestId('branch-name-en').fill('Beijing team 9');
    await page.getByTestId('branch-save').click();
    await visible(fieldError('branch-code'));
    await page.getByTestId('branch-code').fill(CODE);
    await page.getByTestId('branch-save').click();
    await saved(page.getByTestId('branch-tree').getByText(`北京九组 (${CODE})`));
    await text(page.getByTestId('branch-detail-zh')).toBe('北京九组');
    const created = await db().selectFrom('branch').select(['path', 'kind']).where('code', '=', CODE).executeTakeFirstOrThrow();
    expect(created).toEqual({ path: `/HO/BJ/${CODE}/`, kind: 'team' });

    await page.getByTestId('branch-rename').click();
    await page.getByTestId('branch-rename-zh').fill(RENAMED);
    await page.getByTestId('branch-rename-save').click();
    await visible(fieldError('branch-rename-reason'));
    await page.getByTestId('branch-rename-reason').fill('组织调整 reorganised');
    await page.getByTestId('branch-rename-save').click();
    await text(page.getByTestId('branch-detail-zh')).toBe(RENAMED);
    await visible(page.getByTestId('branch-tree').getByText(`${RENAMED} (${CODE})`));

    // A token for a dialer acting as a collector: its secret is shown once, works, and stops when revoked.
    const owner = await db().selectFrom('app_user').select('id').where('username', '=', 'bj.collector1').executeTakeFirstOrThrow();
    await page.goto(`${server.url}/admin/tokens?user=${owner.id}`);
    await page.getByTestId('token-issue').click();
    await page.getByTestId('token-name').fill('外呼系统 dialer');
    await page.getByTestId('token-issue-save').click();
    const secret = (await page.getByTestId('token-secret').innerText()).trim();
    expect(secret).toMatch(/^dh_/);
    const me = () => fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } }).then((r) => r.status);
    expect(await me()).toBe(200);
    await page.getByTestId('token-secret-done').click();
    const token = rows('tokens-table').filter({ hasText: '外呼系统 dialer' });
    await text(token).toContain(secret.slice(0, 10));
    expect(await page.getByText(secret).count()).toBe(0);
    const { id } = await db().selectFrom('api_token').select('id').where('user_id', '=', owner.id).executeTakeFirstOrThrow();
    await page.getByTestId(`revoke-${id}`).click();
    await page.getByTestId('token-revoke-reason').fill('供应商更换 vendor replaced');
    await page.getByTestId('token-revoke-save').click();
    await text(token).toContain('已吊销');
    expect(await me()).toBe(401);
  });

  it('lets an auditor find that rename in the audit log by actor, action and date, with before and after', { timeout: 60_000 }, async () => {
    await signIn('ho.auditor', '/admin/audit');
    // auditors read the log but issue no tokens
    await poll(navItems).toContain('审计日志');
    expect(await navItems()).not.toContain('API 令牌');
    await page.getByTestId('audit-actor').fill('ho.admin');
    await page.getByTestId('audit-action').fill('branch.update');
    await page.getByTestId('audit-search').click();
    const found = rows('audit-table');
    await poll(() => found.count()).toBe(1);
    await text(found.first()).toContain('组织调整 reorganised');
    await found.first().locator('.ant-table-row-expand-icon').click();
    await text(page.getByTestId('audit-after').first()).toContain(RENAMED);

    // a date range that ends before today finds nothing
    const dates = page.locator('.ant-picker-range input');
    await dates.first().click();
    await dates.first().fill('2020-01-01');
    await page.keyboard.press('Enter');
    await dates.nth(1).fill('2020-01-31');
    await page.keyboard.press('Enter');
    await page.getByTestId('audit-search').click();
    await poll(() => found.count()).toBe(0);

    // from the branch itself: its whole trail, creation and rename, newest first
    await page.goto(`${server.url}/admin/branches`);
    await page.getByTestId('branch-tree').getByText(`${RENAMED} (${CODE})`).click();
    await page.getByRole('link', { name: '审计记录' }).click();
    await page.waitForURL(/entityType=branch/);
    await poll(async () => (await found.locator('td:nth-child(4)').allInnerTexts()).map((s) => s.trim())).toEqual(['branch.update', 'branch.create']);
  });

  it('lets a branch manager record a borrower’s new phone and a risk officer set a worse class with a reason', { timeout: 90_000 }, async () => {
    const loan = await db()
      .selectFrom('loan as l')
      .innerJoin('branch as b', 'b.id', 'l.branch_id')
      .innerJoin('loan_status as s', 's.loan_id', 'l.id')
      .select(['l.id', 'l.borrower_id'])
      .where('b.code', '=', 'BJ')
      .where('l.status', '=', 'active')
      .where('s.risk_class', '=', 'normal')
      .orderBy('l.id')
      .executeTakeFirstOrThrow();

    await signIn('bj.manager', `/loans/${loan.id}`);
    await page.getByRole('tab', { name: '借款人' }).click();
    await page.getByTestId('fact-record').click();
    await choose('fact-kind', '手机');
    await page.getByTestId('fact-value').fill('13900001111');
    await choose('fact-source', '借款人告知');
    await choose('fact-verification', '已核实');
    await page.getByTestId('fact-reason').fill('借款人来电更换号码');
    await page.getByTestId('fact-save').click();
    const recorded = rows('fact-history').filter({ hasText: '借款人来电更换号码' });
    await saved(recorded);
    await text(recorded).toContain('bj.manager');
    await text(recorded).toContain('139****1111');
    const facts = await db().selectFrom('borrower_fact').select(['recorded_by', 'supersedes_id']).where('borrower_id', '=', loan.borrower_id).where('reason', '=', '借款人来电更换号码').execute();
    expect(facts).toEqual([{ recorded_by: 'bj.manager', supersedes_id: expect.any(Number) }]);
    // a branch manager does not classify loans: the tab shows the standing, not the form
    await page.getByRole('tab', { name: '五级分类' }).click();
    await visible(page.getByTestId('class-standing'));
    expect(await page.getByTestId('class-override-form').count()).toBe(0);

    await page.getByTestId('logout').click();
    await signIn('ho.risk', `/loans/${loan.id}`);
    await page.getByRole('tab', { name: '五级分类' }).click();
    await text(page.getByTestId('class-floor')).toBe('正常');
    await choose('class-choice', '可疑');
    await text(page.getByTestId('class-preview')).toContain('可疑');
    await page.getByTestId('class-submit').click();
    await visible(page.getByText('请填写原因（至少 2 个字）'));
    await page.getByTestId('class-reason').fill('借款人涉诉，资产被查封');
    await page.getByTestId('class-submit').click();
    const set = rows('class-overrides').filter({ hasText: '借款人涉诉，资产被查封' });
    await saved(set);
    await text(set).toContain('ho.risk');
    await text(page.getByTestId('class-expected')).toBe('可疑');
    const overrides = await db().selectFrom('loan_class_override').select(['risk_class', 'role', 'reason']).where('loan_id', '=', loan.id).execute();
    expect(overrides).toEqual([{ risk_class: 'doubtful', role: 'risk_officer', reason: '借款人涉诉，资产被查封' }]);
  });
});
