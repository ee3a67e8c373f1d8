import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { permissionsOf, type Role } from '../../src/domain/access.js';
import { enUS } from '../../web/src/locales/en-US.js';
import { type MessageKey, zhCN } from '../../web/src/locales/zh-CN.js';
import { visibleNav } from '../../web/src/nav.js';
import { describeEachDatabase } from '../support/databases.js';
import { type AppServer, type Browser, ensureWebBuilt, launchBrowser, PASSWORD, screenshot, seedBook, SESSION_IDLE_MINUTES, startAppServer } from './harness.js';

const LOANS = 300;

/** The menu a role should see, in a language: what web/src/nav.ts allows it (test/web-unit.test.ts checks those lists). */
const menuOf = (role: Role, catalog: Record<MessageKey, string>) => visibleNav([...permissionsOf([role])]).map((item) => catalog[item.label]);

// playwright-core has no auto-waiting assertions (those are @playwright/test's): poll instead.
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });
const count = (locator: Locator) => poll(() => locator.count());
const text = (locator: Locator) => poll(() => locator.innerText());
const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible' });

describeEachDatabase('the web app in Chromium', (ctx) => {
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
    // Every test starts signed out, in Chinese, on a page of its own.
    await browser.context.clearCookies();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(`${server.url}/login`);
    await page.evaluate('localStorage.clear()');
  });

  async function signIn(username: string, path = '/'): Promise<void> {
    await page.goto(`${server.url}${path}`);
    await page.waitForURL(/\/login/);
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => url.pathname !== '/login');
  }

  const navItems = async () => (await page.getByTestId('nav').locator('.ant-menu-item').allInnerTexts()).map((s) => s.trim());
  const tableRows = (testId: string) => page.getByTestId(testId).locator('tbody tr.ant-table-row');
  // Columns of the loans list: ID is the 1st, DPD the 9th.
  const shownIds = async () => (await tableRows('loans-table').locator('td:nth-child(1)').allInnerTexts()).map(Number);
  const shownDpds = async () => (await tableRows('loans-table').locator('td:nth-child(9)').allInnerTexts()).map(Number);

  it('shows each role the menu its permissions allow: a collector no administration, an admin all of it', { timeout: 60_000 }, async () => {
    await visible(page.getByTestId('login-submit'));
    await screenshot(page, 'login');
    await signIn('bj.collector1');
    await poll(navItems).toEqual(menuOf('collector', zhCN));
    expect(menuOf('collector', zhCN)).not.toContain('日终批处理');
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login\?reason=signed-out/);

    await signIn('ho.admin');
    await poll(navItems).toEqual(menuOf('admin', zhCN));
    expect(menuOf('admin', zhCN)).toEqual(expect.arrayContaining(['资产组合看板', '贷款', '用户', '机构', '角色权限', '日终批处理']));
    // A page the collector's roles do not allow, opened by address, says so.
    await page.getByTestId('logout').click();
    await signIn('bj.collector1', '/admin/eod-runs');
    await visible(page.locator('.ant-result-403'));
  });

  it('switches to English, keeps it across a reload, and the API answers in English too', { timeout: 60_000 }, async () => {
    await signIn('bj.collector1', '/loans');
    await page.getByTestId('lang-switch').getByText('English').click();
    await poll(navItems).toEqual(menuOf('collector', enUS));
    await page.reload();
    await poll(navItems).toEqual(menuOf('collector', enUS));
    expect(await page.evaluate('document.documentElement.lang')).toBe('en-US');
    await visible(tableRows('loans-table'));
    await screenshot(page, 'loans-list-en');
    // A loan of another branch: the refusal's title comes from the server, in the chosen language.
    const other = await db().selectFrom('loan as l').innerJoin('branch as b', 'b.id', 'l.branch_id').select('l.id').where('b.code', '=', 'SH').orderBy('l.id').executeTakeFirstOrThrow();
    await page.goto(`${server.url}/loans/${other.id}`);
    await visible(page.getByText('This data is outside your branch'));
  });

  it('filters the loans list through the URL, pages it, and opens a loan 360', { timeout: 60_000 }, async () => {
    await signIn('ho.admin', '/loans');
    await count(tableRows('loans-table')).toBe(50);
    await page.getByTestId('filter-dpd-min').fill('1');
    await page.getByTestId('filter-apply').click();
    await page.waitForURL(/dpdMin=1/);
    // The first page is exactly the first 50 loans (by id) the database has at 1 DPD or more.
    const overdue = await db().selectFrom('loan_status').select('loan_id').where('dpd', '>=', 1).orderBy('loan_id').limit(50).execute();
    expect(overdue.length).toBeGreaterThan(0);
    await poll(() => shownIds()).toEqual(overdue.map((r) => r.loan_id));
    await screenshot(page, 'loans-list');

    // Sorted by DPD, worst first, in pages of 20: page 2 continues where page 1 ended.
    const worst40 = await db().selectFrom('loan_status').select('dpd').orderBy('dpd', 'desc').limit(40).execute();
    await page.goto(`${server.url}/loans?sort=dpd&order=desc&limit=20`);
    await poll(() => shownDpds()).toEqual(worst40.slice(0, 20).map((r) => r.dpd));
    const firstIds = await shownIds();
    await page.getByTestId('next-page').click();
    await text(page.getByTestId('page-number')).toBe('第 2 页');
    await page.waitForURL(/cursor=/);
    await poll(() => shownDpds()).toEqual(worst40.slice(20, 40).map((r) => r.dpd));
    expect((await shownIds()).filter((id) => firstIds.includes(id))).toEqual([]);
    await page.getByTestId('prev-page').click();
    await text(page.getByTestId('page-number')).toBe('第 1 页');
    await poll(() => shownIds()).toEqual(firstIds);

    const worst = (await tableRows('loans-table').first().locator('td').nth(1).innerText()).trim();
    await tableRows('loans-table').first().locator('td').nth(1).getByRole('link').click();
    await page.waitForURL(/\/loans\/\d+$/);
    await text(page.getByTestId('loan-title')).toBe(worst);
    await text(page.getByTestId('loan-dpd')).toContain('DPD');
    await visible(tableRows('schedule-table').first());
    await screenshot(page, 'loan-360');

    // Personal data is masked until a role allowed to see it asks, and that read is audited: the
    // loan 360 and the borrower's fact history each read it unmasked, and each read is recorded.
    const reveals = () => db().selectFrom('audit_log').select(['id', 'entity_type', 'after']).where('action', '=', 'pii.reveal').orderBy('id').execute();
    const before = (await reveals()).length;
    await page.getByRole('tab', { name: '借款人' }).click();
    await text(page.getByTestId('borrower-name')).toContain('*');
    await page.getByTestId('reveal').click();
    await visible(page.getByTestId('revealed'));
    await text(page.getByTestId('borrower-name')).not.toContain('*');
    await screenshot(page, 'loan-360-borrower');
    await poll(async () => (await reveals()).slice(before).map((r) => `${r.entity_type}:${(r.after as { view: string }).view}`).sort()).toEqual(['borrower:facts', 'borrower:loan360']);
  });

  it('posts a payment once however often the button is pressed, then reverses it with a reason', { timeout: 60_000 }, async () => {
    const loan = await db()
      .selectFrom('loan as l')
      .innerJoin('branch as b', 'b.id', 'l.branch_id')
      .select('l.id')
      .where('b.code', '=', 'BJ')
      .where('l.status', '=', 'active')
      .orderBy('l.id')
      .executeTakeFirstOrThrow();
    const payments = () => db().selectFrom('repayment').select(['id', 'amount_fen', 'reverses_id', 'reason']).where('loan_id', '=', loan.id).where('amount_fen', '=', 12345).execute();
    expect(await payments()).toEqual([]);

    await signIn('bj.manager', `/loans/${loan.id}`);
    await page.getByTestId('post-payment').click();
    await page.getByTestId('payment-amount').fill('123.45');
    await page.getByTestId('payment-submit').dblclick();
    await visible(page.getByText('已入账 ¥123.45'));
    await page.getByRole('tab', { name: /还款记录/ }).click();
    await count(tableRows('payments-table').filter({ hasText: '¥123.45' })).toBe(1);
    const posted = await payments();
    expect(posted).toHaveLength(1);

    await page.getByTestId(`reverse-${posted[0]!.id}`).click();
    await page.getByTestId('reverse-submit').click();
    await visible(page.getByText('请填写原因（至少 2 个字）'));
    await page.getByTestId('reverse-reason').fill('客户转错账户');
    await page.getByTestId('reverse-submit').click();
    await visible(page.getByText('已冲正，贷款已按剩余还款重算。'));
    const row = (id: number) => tableRows('payments-table').filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^${id}$`) }) });
    await text(row(posted[0]!.id)).toContain('已冲正');
    await count(tableRows('payments-table').filter({ hasText: `冲正 #${posted[0]!.id}` })).toBe(1);
    const reversal = await db().selectFrom('repayment').select(['reason']).where('reverses_id', '=', posted[0]!.id).execute();
    expect(reversal).toEqual([{ reason: '客户转错账户' }]);
  });

  it('sends an expired session back to sign in with a message, then to where the user was', { timeout: 60_000 }, async () => {
    await signIn('bj.manager', '/loans?riskClass=normal&limit=20');
    await count(tableRows('loans-table')).toBe(20);
    server.clock.advanceMinutes(SESSION_IDLE_MINUTES + 1);
    await page.getByTestId('next-page').click();
    await page.waitForURL(/\/login\?reason=expired/);
    await text(page.getByTestId('login-reason')).toContain('会话已过期');
    await page.locator('#username').fill('bj.manager');
    await page.locator('#password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => url.pathname === '/loans');
    const url = new URL(page.url());
    expect(url.searchParams.get('riskClass')).toBe('normal');
    expect(url.searchParams.get('limit')).toBe('20');
    expect(url.searchParams.get('cursor')).not.toBeNull();
  });

  it('shows an admin the close-of-business runs with their steps', { timeout: 60_000 }, async () => {
    await signIn('ho.admin', '/admin/eod-runs');
    const run = tableRows('eod-runs').filter({ hasText: '2026-10-31' });
    await count(run).toBe(1);
    await text(run).toContain('完成');
    await run.locator('.ant-table-row-expand-icon').click();
    await text(page.getByTestId('eod-steps').first()).toContain('plan');
    await screenshot(page, 'admin-eod-runs');
  });

  it('opens the loans behind a dashboard figure', { timeout: 60_000 }, async () => {
    await signIn('ho.admin', '/dashboard');
    await visible(page.getByTestId('chart-aging').locator('canvas'));
    const dpd30 = await db().selectFrom('loan_status as s').innerJoin('loan as l', 'l.id', 's.loan_id').select((eb) => eb.fn.countAll<number>().as('n')).where('s.dpd', '>', 30).where('l.status', '=', 'active').executeTakeFirstOrThrow();
    await text(page.getByTestId('kpi-dpd30')).toContain(`${Number(dpd30.n)} 笔`);
    await screenshot(page, 'dashboard');
    await page.getByTestId('kpi-dpd30').click();
    await page.waitForURL(/\/loans\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('dpdMin')).toBe('31');
    await poll(async () => (await shownDpds()).length > 0 && (await shownDpds()).every((d) => d > 30)).toBe(true);
  });
});
