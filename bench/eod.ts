/**
 * Close of business at scale:
 *   npm run bench -- eod --loans 100000 --db pglite
 *   DATABASE_URL=postgres://… npm run bench -- eod --loans 1000000 --db postgres
 * Builds N loans with 36 installments each (bench/support/eod-book.ts), closes the day before
 * (the book's first close, which must look at every loan), then closes the date itself (a
 * steady-state close, which looks only at loans whose state can change), and prints as its last
 * line `eod loans=N seconds=S loans_per_s=R floor_seconds=F ratio=S/F peak_rss_mb=M` for the
 * second, where F is one bare set-based pass computing DPD for every loan in the same database
 * (the query, verbatim).
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { migrate } from '../src/db/migrate.js';
import { closeBusinessDate, type StepTiming } from '../src/jobs/close-of-business.js';
import { buildEodBook, EOD_DATE, EOD_FIRST } from './support/eod-book.js';
import { scratchDatabase } from './support/scratch-db.js';

const { values } = parseArgs({ options: { loans: { type: 'string', default: '10000' }, db: { type: 'string', default: 'pglite' } } });
const loans = Number(values.loans);
const kind = values.db === 'postgres' ? 'postgres' : 'pglite';
const describe = (steps: StepTiming[]) => steps.map((s) => `${s.step} ${s.ms} ms (${s.rows} rows)`).join(', ');

const { database, cleanup } = await scratchDatabase(kind, 'bench-eod');
try {
  const t0 = performance.now();
  await migrate(database.db);
  await buildEodBook(database.db, loans);
  console.log(`built ${loans.toLocaleString('en-US')} loans × 36 installments on ${kind} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const w0 = performance.now();
  const first = await closeBusinessDate(database.db, EOD_FIRST);
  console.log(`first close (${EOD_FIRST}, every loan): ${((performance.now() - w0) / 1000).toFixed(2)} s: ${describe(first)}`);
  // F, as the issue defines it: one bare pass computing DPD for every loan, the literal
  // `SELECT loan_id, min(due_date) FROM installment WHERE unpaid GROUP BY loan_id`, planned as
  // the database likes. Two variants are printed for context: the same pass bounded to due dates
  // before the business date (which the partial index on unpaid installments answers from a
  // fraction of the rows) and the same pass with index scans forbidden (a scan of every row).
  const timePass = (bounded: boolean, noIndexes: boolean) =>
    database.db.transaction().execute(async (trx) => {
      if (noIndexes) {
        for (const setting of ['enable_indexscan', 'enable_bitmapscan', 'enable_indexonlyscan']) await sql`SELECT set_config(${setting}, 'off', true)`.execute(trx);
      }
      const t = performance.now();
      if (bounded) await sql`SELECT loan_id, min(due_date) FROM installment WHERE settled_on IS NULL AND due_date < ${EOD_DATE} GROUP BY loan_id`.execute(trx);
      else await sql`SELECT loan_id, min(due_date) FROM installment WHERE settled_on IS NULL GROUP BY loan_id`.execute(trx);
      return (performance.now() - t) / 1000;
    });
  const floor = await timePass(false, false);
  const bounded = await timePass(true, false);
  const scan = await timePass(false, true);
  const s0 = performance.now();
  const steps = await closeBusinessDate(database.db, EOD_DATE);
  const seconds = (performance.now() - s0) / 1000;
  console.log(`close of ${EOD_DATE}: ${describe(steps)}`);
  console.log(`bare DPD pass over every unpaid installment: ${floor.toFixed(2)} s (F); bounded to due dates before ${EOD_DATE}: ${bounded.toFixed(2)} s (close ÷ that = ${(seconds / bounded).toFixed(2)}); with index scans off: ${scan.toFixed(2)} s`);
  const peak = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`eod loans=${loans} seconds=${seconds.toFixed(2)} loans_per_s=${Math.round(loans / seconds)} floor_seconds=${floor.toFixed(2)} ratio=${(seconds / floor).toFixed(2)} peak_rss_mb=${peak}`);
} finally {
  await database.close();
  await cleanup();
}
