/**
 * Close of business at scale:
 *   npm run bench -- eod --loans 100000 --db pglite
 *   DATABASE_URL=postgres://… npm run bench -- eod --loans 1000000 --db postgres
 * Builds N loans with 36 installments each (bench/support/eod-book.ts), closes the day before
 * (the book's first close, which must look at every loan), then closes the date itself (a
 * steady-state close, which looks only at loans whose state can change), and prints as its last
 * line `eod loans=N seconds=S loans_per_s=R floor_seconds=F ratio=S/F peak_rss_mb=M` for the
 * second, where F is one bare set-based pass computing DPD for every loan in the same database.
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
  const f0 = performance.now();
  await sql`SELECT loan_id, min(due_date) FROM installment WHERE settled_on IS NULL AND due_date < ${EOD_DATE} GROUP BY loan_id`.execute(database.db);
  const floor = (performance.now() - f0) / 1000;
  // The same pass without indexes: a scan of every installment, as a book without the partial
  // index on unpaid installments would need (shown for context; the last line uses F above).
  const scan = await database.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_indexscan = off`.execute(trx);
    await sql`SET LOCAL enable_bitmapscan = off`.execute(trx);
    await sql`SET LOCAL enable_indexonlyscan = off`.execute(trx);
    const t = performance.now();
    await sql`SELECT loan_id, min(due_date) FROM installment WHERE settled_on IS NULL AND due_date < ${EOD_DATE} GROUP BY loan_id`.execute(trx);
    return (performance.now() - t) / 1000;
  });
  const s0 = performance.now();
  const steps = await closeBusinessDate(database.db, EOD_DATE);
  const seconds = (performance.now() - s0) / 1000;
  console.log(`close of ${EOD_DATE}: ${describe(steps)}`);
  console.log(`bare DPD pass: ${floor.toFixed(2)} s using the unpaid-installment index, ${scan.toFixed(2)} s as a full scan (close ÷ full scan = ${(seconds / scan).toFixed(2)})`);
  const peak = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`eod loans=${loans} seconds=${seconds.toFixed(2)} loans_per_s=${Math.round(loans / seconds)} floor_seconds=${floor.toFixed(2)} ratio=${(seconds / floor).toFixed(2)} peak_rss_mb=${peak}`);
} finally {
  await database.close();
  await cleanup();
}
