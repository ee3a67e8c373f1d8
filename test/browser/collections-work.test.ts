import type { Locator, Page } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays, type BusinessDate, parseBusinessDate } from '../../src/domain/business-date.js';
import { logContact } from '../../src/modules/collections/contacts.js';
import { runCollectionsForDate } from '../../src/modules/collections/run.js';
import { describeEachDatabase } from '../support/databases.js';
import { AS_OF, type AppServer, type Browser, chooseOption, ensureWebBuilt, launchBrowser, PASSWORD, seedBook, startAppServer } from './harness.js';

const LOANS = 200;
const COLLECTOR = 'bj.collector1';

// playwright-core has no auto-waiting assertions (those are @playwright/test's): poll instead.
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });
const text = (locator: Locator) => poll(() => locator.innerText());
const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible' });

/**
 * The collector's day in Chromium, as issue 6 tells it: take the next task from the queue, open its
 * case, see that contact is allowed before dialling, log the call, record the promise heard on it;
 * then, with the day's three conversations used, the next allowed contact says so before the
 * collector dials, and an attempt is refused with the rule's name and the time contact is allowed
 * again, and the refusal is logged.
 *
 * The compliance guard judges contacts at the server's clock (deps.clock), and quiet hours and
 * daily caps hang on the local time in Shanghai: the test sets that clock to 10:00 in Shanghai on
 * the business date, so the run does not depend on when it happens.
 */
describeEachDatabase('the collections work pages in Chromium', (ctx) => {
  let server: AppServer;
  let browser: Browser;
  let page: Page;
  let businessDate: BusinessDate;
  const db = () => ctx.database.db;

  beforeAll(async () => {
    ensureWebBuilt();
    await seedBook(ctx.database, LOANS);
    // collectors are given cases and may work them only with current training (GB/T 45251—2025)
    await sql`INSERT INTO collector_profile (user_id, training_valid_until) SELECT id, '2030-12-31' FROM app_user ON CONFLICT (user_id) DO NOTHING`.execute(db());
    // the collections step of close of business: cases, strategy tasks, allocation to collectors
    await runCollectionsForDate(db(), AS_OF);
    businessDate = parseBusinessDate((await db().selectFrom('business_date').select('business_date').executeTakeFirstOrThrow()).business_date);
    server = await startAppServer(ctx.database);
    const tenInShanghai = Date.parse(`${businessDate}T10:00:00+08:00`);
    server.clock.advanceMinutes((tenInShanghai - server.clock.now().getTime()) / 60_000);
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const choose = (testId: string, option: string) => chooseOption(page, testId, option);

  it('takes the next task, opens the case, logs a contact, records a promise, shows a refusal with its rule and next time, and the loan 360 shows it all', { timeout: 120_000 }, async () => {
    const collector = await db().selectFrom('app_user').select(['id', 'display_name']).where('username', '=', COLLECTOR).executeTakeFirstOrThrow();
    await page.goto(`${server.url}/collections/queue`);
    await page.waitForURL(/\/login/);
    await page.locator('#username').fill(COLLECTOR);
    await page.locator('#password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/collections\/queue$/);

    // the queue holds the most urgent task for the collector, and says what and why
    await page.getByTestId('queue-next').click();
    await visible(page.getByTestId('queue-current'));
    const task = await db()
      .selectFrom('collection_task as t')
      .innerJoin('loan as l', 'l.id', 't.loan_id')
      .select(['t.id', 't.case_id', 't.loan_id', 't.priority', 'l.external_id'])
      .where('t.status', '=', 'held')
      .where('t.held_by', '=', collector.id)
      .executeTakeFirstOrThrow();
    await text(page.getByTestId('task-loan')).toBe(task.external_id);
    await text(page.getByTestId('task-priority')).toBe(String(task.priority));
    await poll(() => page.getByTestId('my-tasks').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);

    await page.getByTestId('queue-open-case').click();
    await page.waitForURL(new RegExp(`/collections/cases/${task.case_id}\\?task=${task.id}$`));
    await text(page.getByTestId('case-title')).toContain(`#${task.case_id}`);
    await text(page.getByTestId('case-owner')).toContain(collector.display_name);
    await visible(page.getByTestId('talking-points'));
    // before dialling: the guard allows a call to the borrower now
    await poll(() => page.getByTestId('next-contact').getAttribute('data-allowed')).toBe('yes');

    // log the call: the borrower promises to pay
    server.clock.advanceMinutes(1);
    await choose('contact-outcome', '承诺还款');
    await page.getByTestId('contact-notes').fill('客户承诺下周还款');
    await page.getByTestId('contact-submit').click();
    await text(page.getByTestId('contacts-table')).toContain('客户承诺下周还款');
    const contact = await db().selectFrom('collection_contact').selectAll().where('case_id', '=', task.case_id).executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ status: 'made', outcome: 'promise', channel: 'call', party: 'borrower', task_id: task.id, notes: '客户承诺下周还款' });

    // record the promise: yuan typed, fen stored, linked to the call it was heard on
    await page.getByTestId('promise-amount').fill('1,234.56');
    await page.getByTestId('promise-submit').click();
    await text(page.getByTestId('promises-table')).toContain('¥1,234.56');
    const promise = await db().selectFrom('collection_promise').selectAll().where('case_id', '=', task.case_id).executeTakeFirstOrThrow();
    expect(promise).toMatchObject({ total_fen: 123_456, state: 'active', contact_id: contact.id, made_on: businessDate });
    expect(promise.instalments).toEqual([{ dueDate: addDays(businessDate, 7), amountFen: 123_456 }]);
    await text(page.getByTestId('promises-table')).toContain(addDays(businessDate, 7));

    // two more conversations today (logged elsewhere) use up the day's three
    const who = { userId: collector.id, name: COLLECTOR };
    for (let i = 0; i < 2; i++) {
      server.clock.advanceMinutes(1);
      expect((await logContact(db(), who, task.case_id, { channel: 'call', party: 'borrower', outcome: 'right_party' }, server.clock.now())).refused).toBe(false);
    }
    server.clock.advanceMinutes(1);
    await page.reload();
    // the next allowed contact says so before the collector dials: 08:00 tomorrow in Shanghai
    const tomorrow = `${addDays(businessDate, 1)} 08:00:00`;
    await poll(() => page.getByTestId('next-contact').getAttribute('data-allowed')).toBe('no');
    await text(page.getByTestId('next-contact')).toContain(tomorrow);
    await text(page.getByTestId('next-contact')).toContain('每日有效通话上限');

    // an attempt anyway is refused with the rule's name and the next allowed time, and logged
    await choose('contact-outcome', '本人接通');
    await page.getByTestId('contact-submit').click();
    await text(page.getByTestId('contact-refused')).toContain('每日有效通话上限');
    await text(page.getByTestId('contact-refused-next')).toContain(tomorrow);
    const refused = await db().selectFrom('collection_contact').select(['id', 'rule_code', 'next_allowed_at']).where('case_id', '=', task.case_id).where('status', '=', 'refused').execute();
    expect(refused.map((r) => r.rule_code)).toEqual(['daily-conversations']);
    expect(new Date(refused[0]!.next_allowed_at!).toISOString()).toBe(new Date(`${addDays(businessDate, 1)}T08:00:00+08:00`).toISOString());
    await text(page.getByTestId(`contact-status-${refused[0]!.id}`)).toBe('被合规拦截');

    // the task is done
    await page.getByTestId('case-complete-task').click();
    await page.getByTestId('complete-note').fill('已获承诺');
    await page.getByTestId('complete-submit').click();
    await poll(async () => (await db().selectFrom('collection_task').select(['status', 'note']).where('id', '=', task.id).executeTakeFirstOrThrow()).status).toBe('done');

    // the loan 360 shows the case with its contact log and promises
    await page.goto(`${server.url}/loans/${task.loan_id}`);
    await page.getByRole('tab', { name: '催收', exact: true }).click();
    await text(page.getByTestId('loan-collection-cases')).toContain(String(task.case_id));
    await text(page.getByTestId('contacts-table')).toContain('客户承诺下周还款');
    await page.getByRole('tab', { name: '还款承诺 (1)' }).click();
    await text(page.getByTestId('promises-table')).toContain('¥1,234.56');
  });
});
