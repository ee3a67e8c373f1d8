/**
 * Close of business at scale:
 *   npm run bench -- eod --loans 100000 --db pglite
 *   DATABASE_URL=postgres://… npm run bench -- eod --loans 1000000 --db postgres
 * Builds N loans with 36 installments each in SQL (fast, and a realistic mix: ~88 % current,
 * ~8 % 1–3 installments behind, ~4 % long in default), closes one date, and prints as its last
 * line `eod loans=N seconds=S loans_per_s=R floor_seconds=F ratio=S/F peak_rss_mb=M`, where F is
 * one bare set-based pass computing DPD for every loan in the same database.
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { closeBusinessDate } from '../src/jobs/close-of-business.js';
import { scratchDatabase } from './support/scratch-db.js';

const { values } = parseArgs({ options: { loans: { type: 'string', default: '10000' }, db: { type: 'string', default: 'pglite' } } });
const loans = Number(values.loans);
const kind = values.db === 'postgres' ? 'postgres' : 'pglite';
const DATE = '2026-11-22';

async function build(database: Database): Promise<void> {
  const { db } = database;
  await migrate(db);
  await sql`INSERT INTO borrower (external_id, kind, name, branch_id) SELECT 'B' || g, 'individual', 'bench', 1 FROM generate_series(1, ${loans}) g`.execute(db);
  // Disbursed 1–35 months ago; first due a month later; 36 monthly installments of 3,000.00.
  await sql`
    INSERT INTO loan (external_id, borrower_id, branch_id, product_code, principal_fen, annual_rate, term_months, method, disbursement_date, first_due_date)
    SELECT 'L' || g, g, 1, 'new_car', 10000000, 0.06, 36, 'annuity',
           (${DATE}::date - make_interval(months => 1 + g % 35))::date, (${DATE}::date - make_interval(months => g % 35))::date
      FROM generate_series(1, ${loans}) g`.execute(db);
  // Paid installments: all due ones for most loans; a few behind by 1–3; some stopped long ago.
  await sql`
    INSERT INTO installment (loan_id, version, seq, due_date, principal_fen, interest_fen, balance_after_fen, principal_paid_fen, interest_paid_fen, settled_on)
    SELECT l.id, 1, s, d.due, 277778, 20000, greatest(0, 10000000 - 277778 * s),
           CASE WHEN paid THEN 277778 ELSE 0 END, CASE WHEN paid THEN 20000 ELSE 0 END, CASE WHEN paid THEN d.due END
      FROM loan l
      CROSS JOIN generate_series(1, 36) s
      CROSS JOIN LATERAL (SELECT (l.first_due_date + make_interval(months => s - 1))::date AS due) d
      CROSS JOIN LATERAL (SELECT d.due <= ${DATE}::date - CASE WHEN l.id % 25 = 0 THEN 30 * (1 + l.id % 3) WHEN l.id % 25 = 1 THEN 200 ELSE 0 END::int AS paid) p`.execute(db);
  await sql`ANALYZE`.execute(db);
  await sql`UPDATE business_date SET business_date = ${DATE}`.execute(db);
}

const { database, cleanup } = await scratchDatabase(kind, 'bench-eod');
try {
  const t0 = performance.now();
  await build(database);
  console.log(`built ${loans.toLocaleString('en-US')} loans × 36 installments on ${kind} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const f0 = performance.now();
  await sql`SELECT loan_id, min(due_date) FROM installment WHERE settled_on IS NULL AND due_date < ${DATE} GROUP BY loan_id`.execute(database.db);
  const floor = (performance.now() - f0) / 1000;
  const s0 = performance.now();
  const steps = await closeBusinessDate(database.db, DATE as never);
  const seconds = (performance.now() - s0) / 1000;
  console.log(steps.map((s) => `${s.step} ${s.ms} ms (${s.rows} rows)`).join(', '));
  const peak = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`eod loans=${loans} seconds=${seconds.toFixed(2)} loans_per_s=${Math.round(loans / seconds)} floor_seconds=${floor.toFixed(2)} ratio=${(seconds / floor).toFixed(2)} peak_rss_mb=${peak}`);
} finally {
  await database.close();
  await cleanup();
}
