/**
 * The portfolio dashboard at scale:
 *   npm run bench -- dashboard --loans 100000 --db pglite
 *   DATABASE_URL=postgres://… npm run bench -- dashboard --loans 1000000 --db postgres
 * Builds N loans over 30 branches and their teams (bench/support/dashboard-book.ts), closes the
 * day before (the first close: every loan) and the date itself (a daily close), printing the
 * steps that keep the dashboard's figures (`portfolio_change` in the chunks, `portfolio` in the
 * publishing transaction) beside a full re-aggregation of the book for comparison. Then asks
 * GET /api/v1/dashboard (in-process) 20 times as head office (the whole book) and 20 times as a
 * branch manager, and prints the median and 95th percentile. The trend's twelve month ends are
 * copies of the day's figures (the book has no closed month ends): the query is the same.
 * Last line: `dashboard loans=N db=K head_office_median_ms=… head_office_p95_ms=… branch_median_ms=…
 * branch_p95_ms=… portfolio_ms=… change_ms=… full_aggregate_ms=… close_seconds=…`.
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pino from 'pino';
import { createApp } from '../src/api/app.js';
import { systemClock } from '../src/api/context.js';
import { migrate } from '../src/db/migrate.js';
import { closeBusinessDate, type StepTiming } from '../src/jobs/close-of-business.js';
import { lastMonthEnds, rebuildCurrent } from '../src/jobs/eod-portfolio.js';
import { createUser } from '../src/modules/org/users.js';
import { buildDashboardBook } from './support/dashboard-book.js';
import { EOD_DATE, EOD_FIRST } from './support/eod-book.js';
import { scratchDatabase } from './support/scratch-db.js';

const { values } = parseArgs({ options: { loans: { type: 'string', default: '10000' }, db: { type: 'string', default: 'pglite' }, requests: { type: 'string', default: '20' } } });
const loans = Number(values.loans);
const requests = Number(values.requests);
const kind = values.db === 'postgres' ? 'postgres' : 'pglite';
const describe = (steps: StepTiming[]) => steps.map((s) => `${s.step} ${s.ms} ms (${s.rows} rows)`).join(', ');
const ms = (steps: StepTiming[], name: string) => steps.find((s) => s.step === name)?.ms ?? 0;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;
const who = { userId: null, name: 'bench' };
const PASSWORD = 'bench-password-1';

const { database, cleanup } = await scratchDatabase(kind, 'bench-dashboard');
try {
  const { db } = database;
  const t0 = performance.now();
  await migrate(db);
  await buildDashboardBook(db, loans);
  console.log(`built ${loans.toLocaleString('en-US')} loans × 36 installments over 90 branches and teams on ${kind} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const w0 = performance.now();
  const first = await closeBusinessDate(db, EOD_FIRST);
  console.log(`first close (${EOD_FIRST}, every loan): ${((performance.now() - w0) / 1000).toFixed(2)} s: ${describe(first)}`);
  const s0 = performance.now();
  const steps = await closeBusinessDate(db, EOD_DATE);
  const closeSeconds = (performance.now() - s0) / 1000;
  console.log(`close of ${EOD_DATE}: ${closeSeconds.toFixed(2)} s: ${describe(steps)}`);
  const groups = await db.selectFrom('portfolio_daily').select((eb) => eb.fn.countAll<number>().as('n')).where('business_date', '=', EOD_DATE).executeTakeFirstOrThrow();

  // What keeping the figures by difference saves: adding the whole book up again (rolled back).
  const fullMs = await db
    .transaction()
    .execute(async (trx) => {
      const t = performance.now();
      await rebuildCurrent(trx);
      const took = performance.now() - t;
      throw Object.assign(new Error('rollback'), { took });
    })
    .catch((e: { took?: number }) => e.took ?? NaN);
  console.log(`figures: ${Number(groups.n).toLocaleString('en-US')} groups for the date; kept by difference: ${ms(steps, 'portfolio_change')} ms in the chunks + ${ms(steps, 'portfolio')} ms publishing; a full re-aggregation would take ${Math.round(fullMs)} ms`);

  for (const monthEnd of lastMonthEnds(EOD_DATE, 12)) {
    await sql`
      INSERT INTO portfolio_month_end (month_end, branch_id, loans, outstanding_principal_fen, overdue_principal_fen, dpd30_loans, dpd30_principal_fen)
      SELECT ${monthEnd}::date, branch_id, sum(loans), sum(outstanding_principal_fen), sum(overdue_principal_fen), sum(dpd30_loans), sum(dpd30_principal_fen)
        FROM portfolio_current GROUP BY branch_id`.execute(db);
  }

  const app = createApp({ db, config: { sessionIdleMinutes: 30, cookieSecure: false }, clock: systemClock, log: pino({ level: 'silent' }) });
  const branch = await db.selectFrom('branch').select('id').where('code', '=', 'B07').executeTakeFirstOrThrow();
  const cookieOf = async (username: string, branchId: number, role: 'admin' | 'branch_manager') => {
    await createUser(db, who, { username, displayName: username, branchId, roles: [role], password: PASSWORD });
    const res = await app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
    return res.headers.get('set-cookie')?.split(';')[0] ?? '';
  };
  const time = async (cookie: string) => {
    const latencies: number[] = [];
    let body: { totals?: { loans?: number }; branches?: unknown[]; trend?: unknown[] } = {};
    for (let k = 0; k < requests + 3; k++) {
      const t = performance.now();
      const res = await app.request('/api/v1/dashboard', { headers: { cookie } });
      body = (await res.json()) as typeof body;
      if (res.status !== 200) throw new Error(`dashboard answered ${res.status}: ${JSON.stringify(body)}`);
      if (k >= 3) latencies.push(performance.now() - t); // the first three warm the caches
    }
    return { median: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), body };
  };
  const ho = await time(await cookieOf('bench.admin', 1, 'admin'));
  const bm = await time(await cookieOf('bench.manager', branch.id, 'branch_manager'));
  const show = (name: string, r: Awaited<ReturnType<typeof time>>) =>
    console.log(`GET /api/v1/dashboard as ${name}: median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms over ${requests} requests (${r.body.totals?.loans?.toLocaleString('en-US')} loans, ${r.body.branches?.length} branch rows, ${r.body.trend?.length} month ends)`);
  show('head office', ho);
  show('a branch manager', bm);
  const peak = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(
    `dashboard loans=${loans} db=${kind} head_office_median_ms=${ho.median.toFixed(1)} head_office_p95_ms=${ho.p95.toFixed(1)} branch_median_ms=${bm.median.toFixed(1)} branch_p95_ms=${bm.p95.toFixed(1)} ` +
      `portfolio_ms=${ms(steps, 'portfolio')} change_ms=${ms(steps, 'portfolio_change')} full_aggregate_ms=${Math.round(fullMs)} close_seconds=${closeSeconds.toFixed(2)} peak_rss_mb=${peak}`,
  );
} finally {
  await database.close();
  await cleanup();
}
