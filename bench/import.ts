/**
 * Import throughput: writes a CSV of N borrowers and N loans, then imports both through the same
 * code as `daihou import`, on PGlite (default, a temporary on-disk database) or on PostgreSQL
 * (DATABASE_URL=postgres://…; a scratch database is created and dropped there).
 *   npm run bench -- import                 (10,000 loans)
 *   LOANS=1000000 npm run bench -- import
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate } from '../src/db/migrate.js';
import { addDays, fromDayNumber, parseBusinessDate } from '../src/domain/business-date.js';
import { monthlyDueDate } from '../src/domain/due-dates.js';
import { residentIdCheckChar } from '../src/domain/identity.js';
import { importFile } from '../src/modules/imports/run.js';
import { scratchDatabase } from './support/scratch-db.js';

const loans = Number(process.env.LOANS ?? 10_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daihou-bench-import-'));
const METHODS = ['annuity', 'equal-principal', 'annuity', 'balloon'];

function writeFiles(): { borrowers: string; loans: string } {
  const b = fs.createWriteStream(path.join(dir, 'borrowers.csv'));
  const l = fs.createWriteStream(path.join(dir, 'loans.csv'));
  b.write('external_id,kind,name,id_number,branch_code,mobile,monthly_income\n');
  l.write('external_id,borrower_external_id,branch_code,product,principal,annual_rate,term_months,method,balloon,disbursement_date,first_due_date\n');
  for (let i = 0; i < loans; i++) {
    // Unique ID numbers: birth dates over 1960–2000, the sequence counts the wraps.
    const birth = fromDayNumber(-3650 + (i % 14_600)).replaceAll('-', '');
    const first17 = `110105${birth}${String(Math.floor(i / 14_600)).padStart(3, '0')}`;
    const id = `${first17}${residentIdCheckChar(first17)}`;
    b.write(`B${i},individual,借款人${i},${id},HO,138${String(i).padStart(8, '0')},${8000 + (i % 50) * 100}\n`);
    const method = METHODS[i % 4] ?? 'annuity';
    const principal = 50_000 + (i % 200) * 1000;
    const disbursed = addDays(parseBusinessDate('2024-01-10'), i % 700);
    l.write(`L${i},B${i},HO,new_car,${principal},0.0${4 + (i % 5)},36,${method},${method === 'balloon' ? principal * 0.3 : ''},${disbursed},${monthlyDueDate(disbursed, 1)}\n`);
  }
  b.end();
  l.end();
  return { borrowers: path.join(dir, 'borrowers.csv'), loans: path.join(dir, 'loans.csv') };
}

async function main(): Promise<void> {
  const files = writeFiles();
  await new Promise((r) => setTimeout(r, 200));
  const kind = process.env.DATABASE_URL?.startsWith('postgres') ? 'postgres' : 'pglite';
  const { database, cleanup } = await scratchDatabase(kind, 'bench-import');
  try {
    await migrate(database.db);
    const who = { userId: null, name: 'bench' };
    const b = await importFile(database.db, who, 'borrowers', files.borrowers);
    const l = await importFile(database.db, who, 'loans', files.loans);
    if (b.errors.length || l.errors.length) throw new Error(JSON.stringify([...b.errors, ...l.errors].slice(0, 5)));
    const peakMiB = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(`import on ${database.kind}, ${loans.toLocaleString('en-US')} loans × 36 installments:`);
    console.log(`  borrowers: ${b.seconds.toFixed(1)} s (${Math.round(loans / b.seconds)} rows/s)`);
    console.log(`  loans with schedules: ${l.seconds.toFixed(1)} s (${Math.round(loans / l.seconds)} loans/s)`);
    console.log(`  peak resident memory: ${peakMiB} MiB`);
  } finally {
    await database.close();
    await cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
