/**
 * The collections day at scale, run again and again on copies of one book, on PostgreSQL:
 *   DATABASE_URL=postgres://… npm run bench -- collections-day --loans 1000000 --runs 3
 * Builds the collections bench's book (bench/collections.ts) up to the day between: migrated, built,
 * vacuumed, the first close and the first run, the collections tables vacuumed. It keeps that as a
 * template database and, for each run, clones it, migrates the clone (so code with newer migrations
 * can be measured on a book an older one built), closes the date and runs the day. Each run prints
 * its time, its steps, the WAL it wrote and how many of its case updates stayed on their page (HOT);
 * the last line is `collections-day loans=N runs=K median_seconds=M min_seconds=A max_seconds=B`.
 * The machine's speed varies from hour to hour: to compare two versions of the code, run each on
 * clones of one template, alternately (`--keep` leaves the template, `--reuse` takes it again).
 * `--history N` gives the book N months of closed cases and their tasks before the first run's date
 * (bench/support/collections-book.ts, addClosedHistory), kept in a template of its own.
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { closeBusinessDate } from '../src/jobs/close-of-business.js';
import { runCollectionsForDate } from '../src/modules/collections/run.js';
import { addClosedHistory, buildCollectionsBook } from './support/collections-book.js';
import { EOD_DATE, EOD_FIRST } from './support/eod-book.js';

const { values } = parseArgs({
  options: {
    loans: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    history: { type: 'string', default: '0' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
  },
});
const loans = Number(values.loans);
const runs = Number(values.runs);
const history = Number(values.history);
if (!Number.isInteger(loans) || loans < 1000 || !Number.isInteger(runs) || runs < 1) throw new Error('--loans must be at least 1000 and --runs at least 1');
if (!Number.isInteger(history) || history < 0 || history > 36) throw new Error('--history is a whole number of months, 0 to 36');
const url = process.env.DATABASE_URL;
if (!url?.startsWith('postgres')) throw new Error('collections-day runs on PostgreSQL: set DATABASE_URL=postgres://…');
const template = `daihou_collections_day_${loans}${history > 0 ? `_h${history}` : ''}`;
const copy = `daihou_collections_day_${loans}_${process.pid}`;
const urlOf = (name: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();
const admin = async (statement: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query<Record<string, unknown>>(statement);
  } finally {
    await client.end();
  }
};
const seconds = (t0: number) => (performance.now() - t0) / 1000;
const dropTemplate = async () => {
  await admin(`UPDATE pg_database SET datistemplate = false WHERE datname = '${template}'`);
  await admin(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
};

const exists = (await admin(`SELECT 1 FROM pg_database WHERE datname = '${template}'`)).rowCount === 1;
if (!values.reuse || !exists) {
  await dropTemplate();
  await admin(`CREATE DATABASE ${template}`);
  const { db, close } = await openDatabase({ kind: 'postgres', url: urlOf(template) });
  const t0 = performance.now();
  try {
    await migrate(db);
    await buildCollectionsBook(db, loans, 10);
    await sql`VACUUM (ANALYZE)`.execute(db);
    await closeBusinessDate(db, EOD_FIRST);
    await runCollectionsForDate(db, EOD_FIRST);
    if (history > 0) await addClosedHistory(db, EOD_FIRST, history);
    await sql`VACUUM (ANALYZE) collection_case, collection_task, collection_case_owner, collection_case_event, collection_coverage, collection_coverage_summary`.execute(db);
  } finally {
    await close();
  }
  await admin(`UPDATE pg_database SET datistemplate = true WHERE datname = '${template}'`);
  console.log(`template ${template}: ${loans.toLocaleString('en-US')} loans${history > 0 ? `, ${history} months of closed cases` : ''}, the first close and run done, in ${seconds(t0).toFixed(1)} s`);
}

const days: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    await admin(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${copy} TEMPLATE ${template}`);
    const { db, close } = await openDatabase({ kind: 'postgres', url: urlOf(copy) });
    try {
      await migrate(db);
      const c0 = performance.now();
      await closeBusinessDate(db, EOD_DATE);
      const closeSeconds = seconds(c0);
      // every run starts its WAL from a checkpoint, so that runs write the same first images of pages
      await sql`CHECKPOINT`.execute(db);
      const counters = async () =>
        (
          await sql<{ lsn: string; upd: string; hot: string }>`
            SELECT pg_current_wal_lsn()::text AS lsn, n_tup_upd::text AS upd, n_tup_hot_upd::text AS hot FROM pg_stat_user_tables WHERE relname = 'collection_case'`.execute(db)
        ).rows[0]!;
      const before = await counters();
      const d0 = performance.now();
      const steps = await runCollectionsForDate(db, EOD_DATE);
      const day = seconds(d0);
      days.push(day);
      const wal = (await sql<{ b: string }>`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), ${before.lsn}::pg_lsn)::text AS b`.execute(db)).rows[0]!.b;
      // the statistics of this backend's updates reach the shared counters at its next report
      await sql`SELECT pg_stat_force_next_flush()`.execute(db);
      await new Promise((r) => setTimeout(r, 1000));
      const after = await counters();
      console.log(
        `run ${i + 1}: close of ${EOD_DATE} ${closeSeconds.toFixed(2)} s; the day ${day.toFixed(2)} s, WAL ${Math.round(Number(wal) / 1e6)} MB, ` +
          `case updates ${Number(after.upd) - Number(before.upd)} of which HOT ${Number(after.hot) - Number(before.hot)}`,
      );
      for (const s of steps) console.log(`  ${s.step} ${s.ms} ms (${s.rows})${s.detail ? ` ${JSON.stringify(s.detail)}` : ''}`);
    } finally {
      await close();
      await admin(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`);
    }
  }
} finally {
  if (!values.keep) await dropTemplate();
}
const sorted = [...days].sort((a, b) => a - b);
const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
console.log(`collections-day loans=${loans} runs=${runs} median_seconds=${median.toFixed(2)} min_seconds=${sorted[0]!.toFixed(2)} max_seconds=${sorted.at(-1)!.toFixed(2)}`);
