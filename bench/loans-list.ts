/**
 * The loans list and its export at scale:
 *   npm run bench -- loans-list --loans 100000 --db pglite
 *   DATABASE_URL=postgres://… npm run bench -- loans-list --loans 1000000 --db postgres [--keep]
 * Builds N loans (bench/support/eod-book.ts) spread over six branches and sixty loan officers,
 * closes one business date (so every loan has its DPD, bucket, class, stage and amounts), then
 * times typical list requests through the real query code: each case is run once cold and five
 * times warm, its plan is printed (EXPLAIN ANALYZE, PostgreSQL), and the last lines give an
 * export's throughput. `--keep` leaves a PostgreSQL database behind and `--reuse NAME` runs the
 * timings again on it (drop it afterwards: DROP DATABASE NAME).
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { Actor } from '../src/api/context.js';
import { type Database, openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { permissionsOf, ROLES } from '../src/domain/access.js';
import { closeBusinessDate } from '../src/jobs/close-of-business.js';
import { exportLoans } from '../src/modules/loans/export.js';
import { encodeCursor, type ListPosition } from '../src/modules/loans/list-cursor.js';
import { countLoans, listLoans, type LoanQuery, phaseQuery } from '../src/modules/loans/list.js';
import { buildEodBook, EOD_FIRST } from './support/eod-book.js';
import { scratchDatabase } from './support/scratch-db.js';

const { values } = parseArgs({
  options: { loans: { type: 'string', default: '10000' }, db: { type: 'string', default: 'pglite' }, keep: { type: 'boolean', default: false }, reuse: { type: 'string' } },
});
const loans = Number(values.loans);
const kind = values.db === 'postgres' || values.reuse ? 'postgres' : 'pglite';

const actorAt = (branchPath: string): Actor => ({
  userId: 1,
  username: 'bench',
  displayName: 'bench',
  branchId: 1,
  branchCode: 'HO',
  branchPath,
  roles: [...ROLES],
  permissions: permissionsOf([...ROLES]),
  via: 'session',
  credentialId: 'bench',
});

/** Six branches under head office, sixty officers, varied principals: a book to filter and sort. */
async function spread(database: Database): Promise<void> {
  const { db } = database;
  await sql`
    INSERT INTO branch (code, name_zh, name_en, kind, parent_id, path)
    SELECT c, c || ' 分行', c || ' branch', 'branch', 1, '/HO/' || c || '/' FROM unnest(ARRAY['BJ', 'SH', 'GZ', 'SZ', 'CD', 'WH']) c`.execute(db);
  await sql`
    INSERT INTO app_user (username, display_name, branch_id, password_hash)
    SELECT 'officer' || g, '客户经理' || g, (SELECT id FROM branch WHERE code = (ARRAY['BJ', 'SH', 'GZ', 'SZ', 'CD', 'WH'])[1 + g % 6]), 'x'
      FROM generate_series(0, 59) g`.execute(db);
  await sql`
    UPDATE loan l SET branch_id = b.id, principal_fen = 5000000 + (l.id * 7919) % 20000000 / 100 * 100,
           officer_user_id = CASE WHEN l.id % 10 < 7 THEN u.id END
      FROM branch b, app_user u
     WHERE b.code = (ARRAY['BJ', 'SH', 'GZ', 'SZ', 'CD', 'WH'])[1 + l.id % 6] AND u.username = 'officer' || (l.id / 10 % 60)`.execute(db);
  await sql`ANALYZE`.execute(db);
}

async function openReused(name: string): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  const url = new URL(process.env.DATABASE_URL ?? '');
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString() });
  return { database, cleanup: async () => undefined };
}

const { database, cleanup } = values.reuse ? await openReused(values.reuse) : await scratchDatabase(kind, 'bench-loans-list');
const ms = (t0: number) => performance.now() - t0;
try {
  const { db } = database;
  if (!values.reuse) {
    const t0 = performance.now();
    await migrate(db);
    await buildEodBook(db, loans);
    await spread(database);
    console.log(`built ${loans.toLocaleString('en-US')} loans on ${kind} in ${(ms(t0) / 1000).toFixed(1)} s`);
    const c0 = performance.now();
    await closeBusinessDate(db, EOD_FIRST);
    await sql`ANALYZE`.execute(db);
    console.log(`closed ${EOD_FIRST} (every loan gets its status) in ${(ms(c0) / 1000).toFixed(1)} s`);
  }
  const headOffice = actorAt('/HO/');
  const branch = actorAt('/HO/SH/');
  const deep = await sql<{ dpd: number; loan_id: number }>`SELECT dpd, loan_id FROM loan_status ORDER BY dpd DESC, loan_id DESC OFFSET ${Math.floor(loans / 2)} LIMIT 1`.execute(db);
  const deepAt: ListPosition = { phase: 1, key: deep.rows[0]?.dpd ?? 0, id: deep.rows[0]?.loan_id ?? 1 };
  const deepId = await sql<{ id: number }>`SELECT id FROM loan ORDER BY id OFFSET ${Math.floor((loans * 9) / 10)} LIMIT 1`.execute(db);
  const lastKeyed = await sql<{ dpd: number; loan_id: number }>`SELECT dpd, loan_id FROM loan_status ORDER BY dpd DESC, loan_id DESC LIMIT 1`.execute(db);

  const officer = await sql<{ id: number }>`SELECT id FROM app_user WHERE username = 'officer7'`.execute(db);
  const base: LoanQuery = { sort: 'id', order: 'asc' };
  const cases: Array<{ name: string; actor: Actor; q: LoanQuery; after?: ListPosition; explainPhase?: 1 | 2 }> = [
    { name: 'first page, unfiltered (id)', actor: headOffice, q: base },
    { name: 'bucket M3 (id)', actor: headOffice, q: { ...base, bucket: ['M3'] } },
    { name: 'bucket M2 (id)', actor: headOffice, q: { ...base, bucket: ['M2'] } },
    { name: 'dpdMin 31, dpd desc', actor: headOffice, q: { ...base, dpdMin: 31, sort: 'dpd', order: 'desc' } },
    { name: 'dpd desc, unfiltered', actor: headOffice, q: { ...base, sort: 'dpd', order: 'desc' } },
    { name: 'outstanding principal desc', actor: headOffice, q: { ...base, sort: 'outstandingPrincipal', order: 'desc' } },
    { name: 'disbursement date desc', actor: headOffice, q: { ...base, sort: 'disbursementDate', order: 'desc' } },
    { name: 'principal asc, product used_car (none match)', actor: headOffice, q: { ...base, sort: 'principal', product: 'used_car' } },
    { name: 'branch SH user, dpd desc', actor: branch, q: { ...base, sort: 'dpd', order: 'desc' } },
    { name: 'officer7, dpd desc', actor: headOffice, q: { ...base, officerUserId: officer.rows[0]?.id ?? 1, sort: 'dpd', order: 'desc' } },
    { name: 'class loss (id)', actor: headOffice, q: { ...base, riskClass: ['loss'] } },
    { name: 'stage 3, bucket M7+ (id)', actor: headOffice, q: { ...base, stage: [3], bucket: ['M7+'] } },
    { name: 'deep page: dpd desc after the middle row', actor: headOffice, q: { ...base, sort: 'dpd', order: 'desc' }, after: deepAt },
    { name: 'deep page: id after 90 %', actor: headOffice, q: base, after: { phase: 1, key: null, id: deepId.rows[0]?.id ?? 1 } },
    {
      // the page after the last loan with a DPD: the walk goes on to the loans no close has seen, which takes a pass over the book
      name: 'last page: dpd asc after the highest DPD',
      actor: headOffice,
      q: { ...base, sort: 'dpd' },
      after: { phase: 1, key: lastKeyed.rows[0]?.dpd ?? 0, id: lastKeyed.rows[0]?.loan_id ?? 1 },
      explainPhase: 2,
    },
  ];
  const summary: string[] = [];
  for (const c of cases) {
    const cursor = c.after ? encodeCursor(c.q.sort, c.q.order, c.after) : undefined;
    const times: number[] = [];
    let rows = 0;
    for (let k = 0; k < 6; k++) {
      const t0 = performance.now();
      rows = (await listLoans(db, c.actor, c.q, cursor, 50)).items.length;
      times.push(ms(t0));
    }
    const warm = times.slice(1).sort((a, b) => a - b);
    const median = warm[Math.floor(warm.length / 2)] ?? 0;
    const line = `${c.name}: ${rows} rows, cold ${times[0]?.toFixed(1)} ms, warm median ${median.toFixed(1)} ms`;
    summary.push(line);
    console.log(`\n== ${line}`);
    if (kind === 'postgres') {
      // as the list runs it (list.ts, runPhase): no JIT, and phase 1 without parallel workers
      const plan = await db.transaction().execute(async (trx) => {
        await sql`SET LOCAL jit = off`.execute(trx);
        if (c.explainPhase !== 2) await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(trx);
        return phaseQuery(trx, c.actor, c.q, c.explainPhase ?? 1, c.explainPhase === 2 ? null : (c.after ?? null), 51).explain('text', sql`analyze, buffers`);
      });
      console.log(plan.map((r) => String(r['QUERY PLAN'])).join('\n'));
    }
  }

  const who = { userId: null, name: 'bench' };
  const exportCase = async (format: 'csv' | 'xlsx', q: LoanQuery) => {
    const t0 = performance.now();
    const out = await exportLoans(db, headOffice, who, q, format, 'zh-CN');
    let bytes = 0;
    for await (const chunk of out.body) bytes += chunk.byteLength;
    const seconds = ms(t0) / 1000;
    return `export ${format} ${JSON.stringify(q)}: ${out.rows.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s (${Math.round(out.rows / seconds).toLocaleString('en-US')} rows/s)`;
  };
  const c0 = performance.now();
  const counted = await countLoans(db, headOffice, base, 1_000_001);
  summary.push(`the export's cap check over every loan (its worst case): ${counted.toLocaleString('en-US')} counted in ${ms(c0).toFixed(0)} ms`);
  summary.push(await exportCase('csv', { ...base, dpdMin: 1 }));
  summary.push(await exportCase('xlsx', { ...base, dpdMin: 1 }));
  console.log(`\n${summary.join('\n')}`);
  const peak = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`loans-list loans=${loans} peak_rss_mb=${peak}`);
} finally {
  await database.close();
  if (values.keep && kind === 'postgres') console.log(`kept the database daihou_bench_loans_list_${process.pid} (--reuse it; drop it when done)`);
  else await cleanup();
}
