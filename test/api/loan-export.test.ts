import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Actor } from '../../src/api/context.js';
import { AppError } from '../../src/api/problem.js';
import { permissionsOf } from '../../src/domain/access.js';
import { exportLoans } from '../../src/modules/loans/export.js';
import { listLoans, loanBatches } from '../../src/modules/loans/list.js';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld, type World } from '../support/world.js';

interface Fixture {
  w: World;
  admin: { cookie: string; id: number };
  bj: string;
  ids: number[];
}

/** Four loans in BJ (one never closed, one with an id that a spreadsheet would run) and one in SH. */
async function buildFixture(database: TestDatabase): Promise<Fixture> {
  const w = await buildWorld(database);
  const admin = await w.session('HO', ['admin']);
  const bj = (await w.session('BJ', ['collector'])).cookie;
  await setBusinessDate(database, '2026-03-01');
  const ids: number[] = [];
  for (const [branch, principalFen, status] of [
    ['BJ', 10_000_000, { dpd: 0, bucket: 'M0', riskClass: 'normal', stage: 1, outstanding: 9_745_781, overdue: 0 }],
    ['BJ', 5_000_050, { dpd: 45, bucket: 'M2', riskClass: 'special_mention', stage: 2, outstanding: 4_900_001, overdue: 304_219 }],
    ['BJ', 8_000_000, null],
    ['BJ', 6_000_000, { dpd: 200, bucket: 'M7+', riskClass: 'substandard', stage: 3, outstanding: 6_000_000, overdue: 1_216_876 }],
    ['SH', 7_000_000, { dpd: 45, bucket: 'M2', riskClass: 'special_mention', stage: 2, outstanding: 7_000_000, overdue: 304_219 }],
  ] as const) {
    const id = await makeLoan(database, w.branches[branch].id, { principalFen });
    if (status) {
      await sql`
        INSERT INTO loan_status (loan_id, as_of, overdue_since, dpd, bucket, risk_class, stage, branch_id, product_code, outstanding_principal_fen, overdue_fen, penalty_due_fen)
        VALUES (${id}, '2026-02-28', NULL, ${status.dpd}, ${status.bucket}, ${status.riskClass}, ${status.stage}, ${w.branches[branch].id}, 'new_car', ${status.outstanding}, ${status.overdue}, ${status.dpd > 0 ? 1234 : 0})`.execute(database.db);
    }
    ids.push(id);
  }
  await database.db.updateTable('loan').set({ external_id: '=HYPERLINK("http://x.example"),"1"' }).where('id', '=', ids[3] ?? 0).execute();
  return { w, admin: { cookie: admin.cookie, id: admin.user.id }, bj, ids };
}

async function download(f: Fixture, path: string, cookie: string, headers: Record<string, string> = {}) {
  const res = await f.w.app.request(path, { headers: { cookie, ...headers } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const csvRows = (bytes: Buffer): string[][] => parse(bytes.toString('utf8'), { bom: true }) as string[][];

describeEachDatabase('the loans export', (ctx) => {
  let fixture: Promise<Fixture> | undefined;
  const setup = () => (fixture ??= buildFixture(ctx.database));

  it('streams CSV with a BOM, Chinese headers, yuan amounts, masked names, defused formulas, named by the business date', async () => {
    const f = await setup();
    const res = await download(f, '/api/v1/loans/export?format=csv&branchId=' + f.w.branches.BJ.id, f.admin.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="loans-2026-03-01.csv"');
    expect(res.headers.get('x-row-count')).toBe('4');
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.bytes.toString('utf8')).toContain('\r\n');
    const [header, ...rows] = csvRows(res.bytes);
    expect(header?.slice(0, 8)).toEqual(['贷款编号', '机构', '借款人', '产品', '贷款本金(元)', '剩余本金(元)', '逾期本息(元)', '未还罚息(元)']);
    expect(rows).toHaveLength(4);
    const col = (name: string) => header?.indexOf(name) ?? -1;
    expect(rows.map((r) => r[col('机构')])).toEqual(['BJ', 'BJ', 'BJ', 'BJ']);
    expect(rows.map((r) => r[col('借款人')])).toEqual(['张*', '张*', '张*', '张*']);
    expect(rows.map((r) => r[col('贷款本金(元)')])).toEqual(['100000.00', '50000.50', '80000.00', '60000.00']);
    // the never-closed loan: outstanding from its schedule, no status
    expect(rows.map((r) => r[col('剩余本金(元)')])).toEqual(['97457.81', '49000.01', '80000.00', '60000.00']);
    expect(rows.map((r) => [r[col('逾期天数')], r[col('逾期阶段')], r[col('五级分类')], r[col('减值阶段')]])).toEqual([
      ['0', 'M0', '正常', '1'],
      ['45', 'M2', '关注', '2'],
      ['', '', '', ''],
      ['200', 'M7+', '次级', '3'],
    ]);
    expect(rows[0]?.[col('产品')]).toBe('新车贷款');
    expect(rows[0]?.[col('年利率')]).toBe('0.06');
    expect(rows[0]?.[col('还款方式')]).toBe('等额本息');
    expect(rows[3]?.[col('贷款编号')]).toBe(`'=HYPERLINK("http://x.example"),"1"`);
  }, 90_000);

  it('speaks English when asked, and exports only what the filters and the caller’s branch allow', async () => {
    const f = await setup();
    const en = await download(f, '/api/v1/loans/export?bucket=M2', f.admin.cookie, { 'accept-language': 'en-US,en;q=0.9' });
    const [header, ...rows] = csvRows(en.bytes);
    expect(header?.slice(0, 3)).toEqual(['Loan ID', 'Branch', 'Borrower']);
    expect(rows.map((r) => [r[1], r[header?.indexOf('Risk class') ?? -1], r[header?.indexOf('Status') ?? -1]])).toEqual([
      ['BJ', 'special mention', 'active'],
      ['SH', 'special mention', 'active'],
    ]);
    const mine = csvRows((await download(f, '/api/v1/loans/export?bucket=M2&lang=en-US', f.bj)).bytes);
    expect(mine.slice(1).map((r) => r[1])).toEqual(['BJ']);
    const sorted = csvRows((await download(f, '/api/v1/loans/export?sort=principal&order=desc', f.admin.cookie)).bytes);
    expect(sorted.slice(1).map((r) => r[4])).toEqual(['100000.00', '80000.00', '70000.00', '60000.00', '50000.50']);
    expect((await download(f, '/api/v1/loans/export?format=pdf', f.admin.cookie)).status).toBe(400);
  });

  it('writes an XLSX that reads back: headers, numbers formatted as yuan, text as text', async () => {
    const f = await setup();
    const res = await download(f, '/api/v1/loans/export?format=xlsx&sort=dpd&order=desc', f.admin.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="loans-2026-03-01.xlsx"');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.bytes as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('贷款');
    expect(sheet).toBeDefined();
    const values = (n: number) => (sheet?.getRow(n).values as unknown[]).slice(1);
    expect(values(1).slice(0, 6)).toEqual(['贷款编号', '机构', '借款人', '产品', '贷款本金(元)', '剩余本金(元)']);
    expect(sheet?.rowCount).toBe(6);
    // dpd desc, ties by id desc, the loan never closed last
    const dpd = (sheet?.getRow(1).values as string[]).indexOf('逾期天数');
    expect([2, 3, 4, 5, 6].map((n) => sheet?.getRow(n).getCell(dpd).value ?? null)).toEqual([200, 45, 45, 0, null]);
    expect([2, 3, 4, 5, 6].map((n) => sheet?.getRow(n).getCell(2).value)).toEqual(['BJ', 'SH', 'BJ', 'BJ', 'BJ']);
    const principal = sheet?.getRow(3).getCell(5);
    expect(principal?.value).toBe(70000);
    expect(principal?.numFmt).toBe('#,##0.00');
    expect(sheet?.getRow(4).getCell(5).value).toBe(50000.5);
    expect(sheet?.getRow(2).getCell(1).value).toBe('=HYPERLINK("http://x.example"),"1"');
    expect(sheet?.getRow(2).getCell(1).formula).toBeUndefined();
  });

  it('audits each export: who, the filters, the format and the row count', async () => {
    const f = await setup();
    const before = await ctx.database.db.selectFrom('audit_log').select('id').where('action', '=', 'loan.export').execute();
    await download(f, '/api/v1/loans/export?format=csv&bucket=M2,M7&dpdMin=1', f.admin.cookie);
    const entries = await ctx.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'loan.export').where('id', 'not in', before.length ? before.map((b) => b.id) : [0]).execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor_user_id: f.admin.id, entity_type: 'loan', branch_path: '/HO/' });
    expect(entries[0]?.after).toMatchObject({ format: 'csv', lang: 'zh-CN', rows: 3, filters: { bucket: ['M2', 'M7+'], dpdMin: 1, sort: 'id', order: 'asc' } });
  });

  it('refuses an export over the row cap before sending or auditing anything, and reads in batches the same rows as the list', async () => {
    const f = await setup();
    const actor: Actor = { userId: f.admin.id, username: 'a', displayName: 'a', branchId: 1, branchCode: 'HO', branchPath: '/HO/', roles: ['admin'], permissions: permissionsOf(['admin']), via: 'session', credentialId: 'x' };
    const who = { userId: f.admin.id, name: 'a' };
    const count = async () => (await ctx.database.db.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).where('action', '=', 'loan.export').executeTakeFirstOrThrow()).n;
    const audits = await count();
    const refused = exportLoans(ctx.database.db, actor, who, { sort: 'id', order: 'asc' }, 'csv', 'zh-CN', 4);
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({ status: 400, code: 'validation' });
    expect(await count()).toBe(audits);
    const fits = await exportLoans(ctx.database.db, actor, who, { sort: 'id', order: 'asc' }, 'csv', 'zh-CN', 5);
    expect(fits.rows).toBe(5);
    await fits.body.cancel();
    for (const q of [{ sort: 'id', order: 'asc' }, { sort: 'dpd', order: 'desc' }, { sort: 'outstandingPrincipal', order: 'asc' }] as const) {
      const batches: number[][] = [];
      for await (const batch of loanBatches(ctx.database.db, actor, q, 2)) batches.push(batch.map((r) => r.id));
      expect(batches.slice(0, -1).every((b) => b.length === 2)).toBe(true);
      expect(batches.flat()).toEqual((await listLoans(ctx.database.db, actor, q, undefined, 500)).items.map((r) => r.id));
    }
  });
});
