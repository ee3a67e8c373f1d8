/**
 * Import throughput: writes a CSV of N borrowers and N loans, then imports both through the same
 * code as `daihou import`, on PGlite (default, a temporary on-disk database) or on PostgreSQL
 * (DATABASE_URL=postgres://…; a scratch database is created and dropped there).
 *   npm run bench -- import                 (10,000 loans)
 *   npm run bench -- import --loans 1000000 (or LOANS=1000000)
 * The files are written by a child process, so the peak memory reported is the import's. On a
 * local PostgreSQL server the CPU time of the database backends is reported too: on a shared
 * machine, wall time alone says little.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Kysely, sql } from 'kysely';
import { migrate } from '../src/db/migrate.js';
import type { DB } from '../src/db/schema.js';
import { addDays, fromDayNumber, parseBusinessDate } from '../src/domain/business-date.js';
import { monthlyDueDate } from '../src/domain/due-dates.js';
import { residentIdCheckChar } from '../src/domain/identity.js';
import { importFile } from '../src/modules/imports/run.js';
import { scratchDatabase } from './support/scratch-db.js';

const { values: args } = parseArgs({ options: { loans: { type: 'string' } } });
const loans = Number(args.loans ?? process.env.LOANS ?? 10_000);
if (!Number.isSafeInteger(loans) || loans < 1) throw new Error(`--loans must be a whole number above 0 (got ${args.loans ?? process.env.LOANS})`);
const writeInto = process.env.BENCH_IMPORT_WRITE_INTO;
const dir = writeInto ?? fs.mkdtempSync(path.join(os.tmpdir(), 'daihou-bench-import-'));
const METHODS = ['annuity', 'equal-principal', 'annuity', 'balloon'];

/** Writes both files in batches, synchronously: the files, not the bench, hold the rows. */
function writeFiles(): { borrowers: string; loans: string } {
  const files = { borrowers: path.join(dir, 'borrowers.csv'), loans: path.join(dir, 'loans.csv') };
  const b = fs.openSync(files.borrowers, 'w');
  const l = fs.openSync(files.loans, 'w');
  let bText = 'external_id,kind,name,id_number,branch_code,mobile,monthly_income\n';
  let lText = 'external_id,borrower_external_id,branch_code,product,principal,annual_rate,term_months,method,balloon,disbursement_date,first_due_date\n';
  for (let i = 0; i < loans; i++) {
    // Unique ID numbers: birth dates over 1960–2000, the sequence counts the wraps.
    const birth = fromDayNumber(-3650 + (i % 14_600)).replaceAll('-', '');
    const first17 = `110105${birth}${String(Math.floor(i / 14_600)).padStart(3, '0')}`;
    const id = `${first17}${residentIdCheckChar(first17)}`;
    bText += `B${i},individual,借款人${i},${id},HO,138${String(i).padStart(8, '0')},${8000 + (i % 50) * 100}\n`;
    const method = METHODS[i % 4] ?? 'annuity';
    const principal = 50_000 + (i % 200) * 1000;
    const disbursed = addDays(parseBusinessDate('2024-01-10'), i % 700);
    lText += `L${i},B${i},HO,new_car,${principal},0.0${4 + (i % 5)},36,${method},${method === 'balloon' ? principal * 0.3 : ''},${disbursed},${monthlyDueDate(disbursed, 1)}\n`;
    if (lText.length > 1 << 20 || i === loans - 1) {
      fs.writeSync(b, bText);
      fs.writeSync(l, lText);
      bText = '';
      lText = '';
    }
  }
  fs.closeSync(b);
  fs.closeSync(l);
  return files;
}

/** CPU seconds used so far by the server processes of this database, when they are local (Linux). */
async function serverCpuSeconds(db: Kysely<DB>): Promise<number | null> {
  const { rows } = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(db);
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return null;
    }
  }
  return ticks / 100;
}

async function main(): Promise<void> {
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1] ?? ''], { stdio: 'inherit', env: { ...process.env, LOANS: String(loans), BENCH_IMPORT_WRITE_INTO: dir } });
  if (child.status !== 0) throw new Error('writing the files failed');
  const files = { borrowers: path.join(dir, 'borrowers.csv'), loans: path.join(dir, 'loans.csv') };
  const kind = process.env.DATABASE_URL?.startsWith('postgres') ? 'postgres' : 'pglite';
  const { database, cleanup } = await scratchDatabase(kind, 'bench-import');
  try {
    await migrate(database.db);
    const who = { userId: null, name: 'bench' };
    const peak = () => Math.round(process.resourceUsage().maxRSS / 1024);
    const run = async (importKind: 'borrowers' | 'loans', file: string) => {
      const cpuFrom = process.cpuUsage();
      const serverFrom = kind === 'postgres' ? await serverCpuSeconds(database.db) : null;
      const report = await importFile(database.db, who, importKind, file);
      const used = process.cpuUsage(cpuFrom);
      const serverTo = serverFrom === null ? null : await serverCpuSeconds(database.db);
      if (report.errors.length) throw new Error(JSON.stringify(report.errors.slice(0, 5)));
      const server = serverFrom === null || serverTo === null ? '' : `, the database ${(serverTo - serverFrom).toFixed(1)} s`;
      return { seconds: report.seconds, cpu: `CPU: this process ${((used.user + used.system) / 1e6).toFixed(1)} s${server}` };
    };
    const before = peak();
    const b = await run('borrowers', files.borrowers);
    const afterBorrowers = peak();
    const l = await run('loans', files.loans);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM installment`.execute(database.db);
    if (rows[0]?.n !== loans * 36) throw new Error(`expected ${loans * 36} installments, found ${rows[0]?.n}`);
    console.log(`import on ${database.kind}, ${loans.toLocaleString('en-US')} loans × 36 installments (${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(1)}):`);
    console.log(`  borrowers: ${b.seconds.toFixed(1)} s (${Math.round(loans / b.seconds)} rows/s; ${b.cpu})`);
    console.log(`  loans with schedules: ${l.seconds.toFixed(1)} s (${Math.round(loans / l.seconds)} loans/s; ${l.cpu})`);
    console.log(`  peak resident memory: ${peak()} MiB (${before} MiB before importing, ${afterBorrowers} MiB after the borrowers)`);
  } finally {
    await database.close();
    await cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (writeInto) writeFiles();
else await main();
