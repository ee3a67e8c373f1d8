/**
 * Collections after close of business, at scale:
 *   npm run bench -- collections --loans 100000 --db pglite
 *   DATABASE_URL=postgres://… npm run bench -- collections --loans 1000000 --db postgres
 * Builds the close-of-business bench's book (bench/support/eod-book.ts), brought to ~10 % overdue, spreads it
 * over 10 branches with two collection teams of 10 trained collectors each, and leaves 10 % of the
 * loans with their next installment unpaid so that the reminder before due has work, and vacuums
 * it (a production book's pages are not all new to their first reader). Then, as
 * production runs it: close of the day before (the book's first close) and collections for it
 * (the first run, which opens a case for every overdue loan and places them all), a vacuum of the
 * collections tables (autovacuum's work in the day between), then close of the date and
 * collections for it (a steady-state day). Prints each run's steps and, as its last
 * line, `collections loans=N overdue=O first_seconds=F daily_seconds=D peak_rss_mb=M`.
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { migrate } from '../src/db/migrate.js';
import { closeBusinessDate } from '../src/jobs/close-of-business.js';
import { type CollectionStep, runCollectionsForDate } from '../src/modules/collections/run.js';
import { buildCollectionsBook } from './support/collections-book.js';
import { EOD_DATE, EOD_FIRST } from './support/eod-book.js';
import { scratchDatabase } from './support/scratch-db.js';

const { values } = parseArgs({ options: { loans: { type: 'string', default: '10000' }, db: { type: 'string', default: 'pglite' } } });
const loans = Number(values.loans);
const kind = values.db === 'postgres' ? 'postgres' : 'pglite';
const BRANCHES = 10;
const describe = (steps: CollectionStep[]) => steps.map((s) => `${s.step} ${s.ms} ms (${s.rows})`).join(', ');
const seconds = (t0: number) => (performance.now() - t0) / 1000;

const { database, cleanup } = await scratchDatabase(kind, 'bench-collections');
try {
  const { db } = database;
  const t0 = performance.now();
  await migrate(db);
  await buildCollectionsBook(db, loans, BRANCHES);
  console.log(`built ${loans.toLocaleString('en-US')} loans in ${BRANCHES} branches (200 collectors) on ${kind} in ${seconds(t0).toFixed(1)} s`);
  // The builder writes years of a book in a few bulk statements (and marks a tenth of it unpaid
  // in an update): left so, every page is new to the first reader, which sets its visibility
  // and prunes the update's dead rows, and the index-only scans of the installments still go to
  // the table. A book in production was vacuumed long ago; only what the night's close of
  // business changes is new to the runs that follow it, as below.
  const b0 = performance.now();
  await sql`VACUUM (ANALYZE)`.execute(db);
  console.log(`vacuum of the built book, as a book in production has had: ${seconds(b0).toFixed(2)} s`);

  const c0 = performance.now();
  await closeBusinessDate(db, EOD_FIRST);
  console.log(`close of ${EOD_FIRST} (the book's first): ${seconds(c0).toFixed(2)} s`);
  const f0 = performance.now();
  const first = await runCollectionsForDate(db, EOD_FIRST);
  const firstSeconds = seconds(f0);
  console.log(`collections for ${EOD_FIRST} (first run): ${firstSeconds.toFixed(2)} s: ${describe(first)}`);

  // A day passes before the next close, in which autovacuum visits the tables the first run filled
  // (hundreds of thousands of new rows): without it the day below would read them as fresh pages,
  // not yet marked all-visible, which no production day does.
  const v0 = performance.now();
  await sql`VACUUM (ANALYZE) collection_case, collection_task, collection_case_owner, collection_case_event, collection_coverage, collection_coverage_summary`.execute(db);
  console.log(`vacuum of the collections tables, as autovacuum would in the day between: ${seconds(v0).toFixed(2)} s`);
  const c1 = performance.now();
  await closeBusinessDate(db, EOD_DATE);
  const closeSeconds = seconds(c1);
  const d0 = performance.now();
  const daily = await runCollectionsForDate(db, EOD_DATE);
  const dailySeconds = seconds(d0);
  console.log(`close of ${EOD_DATE}: ${closeSeconds.toFixed(2)} s; collections for it: ${dailySeconds.toFixed(2)} s: ${describe(daily)}`);
  const { rows } = await sql<{ overdue: number; cases: number; tasks: number }>`
    SELECT (SELECT count(*) FROM loan_status WHERE dpd > 0)::int AS overdue,
           (SELECT count(*) FROM collection_case WHERE closed_on IS NULL)::int AS cases,
           (SELECT count(*) FROM collection_task WHERE status IN ('open', 'held'))::int AS tasks`.execute(db);
  const { overdue, cases, tasks } = rows[0]!;
  console.log(`open cases ${cases.toLocaleString('en-US')}, open tasks ${tasks.toLocaleString('en-US')}`);
  const peak = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`collections loans=${loans} overdue=${overdue} first_seconds=${firstSeconds.toFixed(2)} daily_seconds=${dailySeconds.toFixed(2)} peak_rss_mb=${peak}`);
} finally {
  await database.close();
  await cleanup();
}
