import pino from 'pino';
import { expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { startServer } from '../../src/cli/serve.js';
import { loadConfig } from '../../src/config.js';
import { addDays } from '../../src/domain/business-date.js';
import { eodThroughDate } from '../../src/domain/eod-schedule.js';
import { checkEodSchedule, startEodScheduler } from '../../src/jobs/eod-schedule.js';
import { currentBusinessDate } from '../../src/modules/system/business-date.js';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld, call } from '../support/world.js';

function capturedLog() {
  const lines: Array<{ level: number; msg: string; [key: string]: unknown }> = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it('refuses a wrong pattern or time zone, by name', () => {
  expect(checkEodSchedule({ cron: '30 1 * * *', timeZone: 'Asia/Shanghai' })).toBeNull();
  expect(checkEodSchedule({ cron: '*/5 * * * * *', timeZone: 'UTC' })).toBeNull();
  expect(checkEodSchedule({ cron: '61 1 * * *', timeZone: 'Asia/Shanghai' })?.field).toBe('cron');
  expect(checkEodSchedule({ cron: 'at night', timeZone: 'Asia/Shanghai' })?.field).toBe('cron');
  expect(checkEodSchedule({ cron: '30 1 * * *', timeZone: 'Mars/Olympus' })?.field).toBe('timeZone');
  expect(() => loadConfig({ DAIHOU_EOD_CRON: '30 25 * * *' }, '/srv')).toThrow(/^DAIHOU_EOD_CRON: not a cron pattern/);
  expect(() => loadConfig({ DAIHOU_EOD_CRON: '30 1 * * *', DAIHOU_EOD_TZ: 'Beijing' }, '/srv')).toThrow(/^DAIHOU_EOD_TZ: unknown time zone "Beijing"/);
  expect(loadConfig({}, '/srv')).toMatchObject({ eodCron: null, eodTimeZone: 'Asia/Shanghai' });
  expect(loadConfig({ DAIHOU_EOD_CRON: ' 30 1 * * * ', DAIHOU_EOD_TZ: 'UTC' }, '/srv')).toMatchObject({ eodCron: '30 1 * * *', eodTimeZone: 'UTC' });
});

describeEachDatabase('close of business on a timetable', (ctx) => {
  it('closes through the day before today in Shanghai at each tick, and reports the schedule', async () => {
    const w = await buildWorld(ctx.database);
    const admin = await w.session('HO', ['admin']);
    await makeLoan(ctx.database, w.branches.BJ.id);
    await setBusinessDate(ctx.database, '2026-03-01');
    const { log, lines } = capturedLog();
    // 01:30 on 5 March in Shanghai, still 4 March in UTC: close through 4 March
    const scheduler = startEodScheduler({ cron: '* * * * * *', timeZone: 'Asia/Shanghai' }, { db: ctx.database.db, log, now: () => new Date('2026-03-04T17:30:00Z') });
    try {
      const app = createApp({ db: ctx.database.db, config: { sessionIdleMinutes: 30, cookieSecure: false }, clock: w.clock, log: pino({ level: 'silent' }), eodSchedule: scheduler });
      await until(async () => (await currentBusinessDate(ctx.database.db)) === '2026-03-05', 15_000);
      const runs = await call(app, 'GET', '/api/v1/eod-runs?limit=4', { cookie: admin.cookie });
      expect(runs.status).toBe(200);
      expect(runs.body.items.map((r: { businessDate: string }) => r.businessDate)).toEqual(['2026-03-04', '2026-03-03', '2026-03-02', '2026-03-01']);
      expect(runs.body.schedule).toMatchObject({ cron: '* * * * * *', timeZone: 'Asia/Shanghai' });
      expect(Date.parse(runs.body.schedule.nextRunAt)).toBeGreaterThan(Date.now() - 1000);
      // later ticks find nothing left to close
      await until(async () => lines.some((l) => l.msg === 'close of business: nothing to close'), 5_000);
    } finally {
      await scheduler.stop();
    }
    expect(lines.filter((l) => l.msg === 'close of business: date closed').map((l) => l.businessDate)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04']);
    expect(lines.find((l) => l.msg.startsWith('close of business: closed'))).toMatchObject({ through: '2026-03-04', dates: 4 });
    expect(scheduler.status().nextRunAt).toBeNull();
    const { business_date } = await ctx.database.db.selectFrom('business_date').select('business_date').executeTakeFirstOrThrow();
    expect(business_date).toBe('2026-03-05');
    // without a schedule the route says so
    const plain = await call(w.app, 'GET', '/api/v1/eod-runs?limit=1', { cookie: admin.cookie });
    expect(plain.body.schedule).toBeNull();
  }, 30_000);

  it('never runs two closes at once: a tick while one runs is skipped and logged', async () => {
    await setBusinessDate(ctx.database, '2026-04-01');
    const { log, lines } = capturedLog();
    const scheduler = startEodScheduler({ cron: '0 0 1 1 *', timeZone: 'Asia/Shanghai' }, { db: ctx.database.db, log, now: () => new Date('2026-04-03T02:00:00Z') });
    try {
      const first = scheduler.tick();
      expect(scheduler.status().running).toBe(true);
      expect(await scheduler.tick()).toEqual({ kind: 'skipped' });
      expect(await first).toEqual({ kind: 'closed', through: '2026-04-02', dates: 2 });
      expect(lines.filter((l) => l.msg.includes('tick skipped'))).toHaveLength(1);
      expect(lines.find((l) => l.msg.includes('tick skipped'))?.level).toBe(40);
      expect(await scheduler.tick()).toEqual({ kind: 'closed', through: '2026-04-02', dates: 0 });
    } finally {
      await scheduler.stop();
    }
    expect(await scheduler.tick()).toEqual({ kind: 'stopped' });
  });

  it('runs inside daihou serve while the server keeps answering', async () => {
    // the real clock this time: start three days behind yesterday in Shanghai
    const through = eodThroughDate(new Date(), 'Asia/Shanghai');
    await setBusinessDate(ctx.database, addDays(through, -2));
    const config = { ...loadConfig({ DATABASE_URL: 'memory:', LOG_LEVEL: 'silent', DAIHOU_EOD_CRON: '*/1 * * * * *' }, process.cwd()), host: '127.0.0.1' };
    expect(config.eodTimeZone).toBe('Asia/Shanghai');
    const running = await startServer(config, ctx.database, 0);
    try {
      await until(async () => (await currentBusinessDate(ctx.database.db)) > through, 15_000);
      const health = await fetch(`${running.url}/api/health`);
      expect(health.status).toBe(200);
    } finally {
      await running.stop();
    }
  }, 30_000);
});
