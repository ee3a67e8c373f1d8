import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { parseBusinessDate } from '../src/domain/business-date.js';
import { buildSchedule, levelPaymentFen } from '../src/domain/schedule.js';
import { importAbsEe } from '../src/modules/imports/abs-ee.js';
import { deferChecks } from '../src/modules/imports/first-load.js';
import { importFile } from '../src/modules/imports/run.js';
import { describeEachDatabase } from './support/databases.js';
import { identities } from './support/loans.js';

const who = { userId: null, name: 'cli:test' };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daihou-import-'));
const write = (name: string, lines: string[], encoding: BufferEncoding | 'gb18030' = 'utf8') => {
  const file = path.join(dir, name);
  const text = `${lines.join('\n')}\n`;
  fs.writeFileSync(file, encoding === 'gb18030' ? Buffer.from(new Uint8Array(gb18030(text))) : Buffer.from(text, encoding));
  return file;
};
// Node can decode GB18030 but not encode it; these test strings only need the characters below.
function gb18030(text: string): number[] {
  const table: Record<string, number[]> = { 张: [0xd5, 0xc5], 伟: [0xce, 0xb0], 王: [0xcd, 0xf5], 芳: [0xb7, 0xbc] };
  return Array.from(text).flatMap((ch) => table[ch] ?? Array.from(Buffer.from(ch, 'utf8')));
}
const count = async (db: Parameters<typeof importFile>[0], table: 'loan' | 'borrower' | 'vehicle') => (await db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;

describeEachDatabase('importing borrowers, vehicles and loans', (ctx) => {
  const a = identities();
  const b = identities();
  const borrowers = () =>
    write('borrowers.csv', [
      'external_id,kind,name,id_number,branch_code,mobile,employer,monthly_income,emergency_contact_name,emergency_contact_relation,emergency_contact_mobile',
      `B1,individual,张伟,${a.idNumber},HO,13812345678,北京某科技有限公司,15000.00,李娜,配偶,13900001111`,
      `B2,individual,王芳,${b.idNumber},HO,13700002222,,8000,,,`,
    ]);

  it('imports good files, and the same files again change nothing', async () => {
    const { db } = ctx.database;
    const first = await importFile(db, who, 'borrowers', borrowers());
    expect(first).toMatchObject({ rows: 2, inserted: 2, unchanged: 0, errors: [] });
    const vehicles = write('vehicles.csv', ['vin,plate,make,model,model_year,condition,price,mileage_km', `${a.vin},京A·12345,比亚迪,秦PLUS,2025,new,130000,0`]);
    expect((await importFile(db, who, 'vehicles', vehicles)).inserted).toBe(1);
    const loans = write('loans.csv', [
      'external_id,borrower_external_id,branch_code,product,principal,annual_rate,term_months,method,balloon,disbursement_date,first_due_date,vin',
      `L1,B1,HO,new_car,100000,0.06,36,annuity,,2025-12-31,2026-01-31,${a.vin}`,
      'L2,B2,HO,used_car,50000.50,0.0725,24,equal-principal,,2025-11-15,2025-12-15,',
    ]);
    expect(await importFile(db, who, 'loans', loans)).toMatchObject({ rows: 2, inserted: 2, errors: [] });
    const again = await importFile(db, who, 'loans', loans);
    expect(again).toMatchObject({ inserted: 0, unchanged: 2, errors: [] });
    expect((await importFile(db, who, 'borrowers', borrowers())).unchanged).toBe(2);
    expect(await count(db, 'loan')).toBe(2);
    const schedule = await db.selectFrom('installment as i').innerJoin('loan as l', 'l.id', 'i.loan_id').select(['i.principal_fen', 'i.interest_fen']).where('l.external_id', '=', 'L1').orderBy('i.seq').execute();
    expect(schedule[0]).toEqual({ principal_fen: 254219, interest_fen: 50000 });
    // every period of each loan, as the schedule engine builds it, under that loan's id
    const stored = async (loan: string) =>
      db.selectFrom('installment as i').innerJoin('loan as l', 'l.id', 'i.loan_id').select(['i.version', 'i.seq', 'i.due_date', 'i.principal_fen', 'i.interest_fen', 'i.balance_after_fen']).where('l.external_id', '=', loan).orderBy('i.seq').execute();
    const built = (terms: Parameters<typeof buildSchedule>[0]) =>
      buildSchedule(terms).installments.map((i) => ({ version: 1, seq: i.seq, due_date: i.dueDate, principal_fen: i.principalFen, interest_fen: i.interestFen, balance_after_fen: i.balanceAfterFen }));
    expect(await stored('L1')).toEqual(built({ principalFen: 10_000_000, annualRate: '0.06', termMonths: 36, method: 'annuity', firstDueDate: parseBusinessDate('2026-01-31') }));
    expect(await stored('L2')).toEqual(built({ principalFen: 5_000_050, annualRate: '0.0725', termMonths: 24, method: 'equal-principal', firstDueDate: parseBusinessDate('2025-12-15') }));
    const facts = await db.selectFrom('borrower_fact as f').innerJoin('borrower as b', 'b.id', 'f.borrower_id').select(['f.fact', 'f.value', 'f.source']).where('b.external_id', '=', 'B1').orderBy('f.fact').execute();
    expect(facts).toEqual([
      { fact: 'employer', value: '北京某科技有限公司', source: 'import' },
      { fact: 'mobile', value: '13812345678', source: 'import' },
      { fact: 'monthly_income_fen', value: '1500000', source: 'import' },
    ]);
  });

  it('imports repayments once and replays the loans they touch', async () => {
    const { db } = ctx.database;
    await sql`UPDATE business_date SET business_date = DATE '2026-03-02'`.execute(db);
    const good = write('repayments.csv', ['external_id,loan_external_id,value_date,amount,channel', 'R1,L1,2026-01-31,3042.19,direct_debit', 'R2,L1,2026-03-02,3065.71,']);
    expect(await importFile(db, who, 'repayments', good)).toMatchObject({ rows: 2, inserted: 2, errors: [] });
    expect((await importFile(db, who, 'repayments', good)).unchanged).toBe(2);
    const state = await db.selectFrom('installment as i').innerJoin('loan as l', 'l.id', 'i.loan_id').select(['i.seq', 'i.principal_paid_fen', 'i.penalty_fen', 'i.settled_on']).where('l.external_id', '=', 'L1').where('i.seq', '<=', 2).orderBy('i.seq').execute();
    // the second installment (3,042.19, due 02-28) paid 2 days late with 1.52 of 罚息; 22.00 held as credit
    expect(state).toEqual([
      { seq: 1, principal_paid_fen: 254219, penalty_fen: 0, settled_on: '2026-01-31' },
      { seq: 2, principal_paid_fen: 255490, penalty_fen: 152, settled_on: '2026-03-02' },
    ]);
    const bad = write('bad-repayments.csv', ['external_id,loan_external_id,value_date,amount', 'R3,NOPE,2026-02-01,10', 'R4,L1,2026-03-05,10', 'R1,L1,2026-01-31,1']);
    const report = await importFile(db, who, 'repayments', bad);
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'loan_external_id'],
      [3, 'value_date'],
      [4, 'external_id'],
    ]);
  });

  it('takes a loan\'s own schedule from a schedule file, checks it against the loan, and generates the rest', async () => {
    const { db } = ctx.database;
    const c = identities();
    await importFile(db, who, 'borrowers', write('borrowers-s.csv', ['external_id,kind,name,id_number,branch_code', `B3,individual,张伟,${c.idNumber},HO`]));
    const loans = write('loans-s.csv', [
      'external_id,borrower_external_id,branch_code,product,principal,annual_rate,term_months,method,balloon,disbursement_date,first_due_date',
      'L3,B3,HO,new_car,12000,0.12,3,annuity,,2026-01-01,2026-02-01',
      'L4,B3,HO,new_car,6000,0.06,2,equal-principal,,2026-01-01,2026-02-01',
    ]);
    const header = 'loan_external_id,seq,due_date,principal,interest';
    const bad = write('schedule-bad.csv', [header, 'L3,1,2026-02-01,2000,120', 'L3,2,2026-03-01,4000,100', 'L3,2,2026-04-01,5000,60', 'L9,1,2026-02-01,1,0', 'L3,4,2026-05-01,-1,0']);
    const before = await count(db, 'loan');
    const refused = await importFile(db, who, 'loans', loans, undefined, undefined, { scheduleFile: bad });
    expect(refused.inserted).toBe(0);
    expect(refused.errors.map((e) => [e.row, e.column])).toEqual([[6, 'schedule.principal']]);
    expect(await count(db, 'loan')).toBe(before);
    const wrongSum = write('schedule-sum.csv', [header, 'L3,1,2026-02-01,2000,120', 'L3,2,2026-03-01,4000,100', 'L3,2,2026-04-01,5000,60', 'L9,1,2026-02-01,1,0']);
    const refusedToo = await importFile(db, who, 'loans', loans, undefined, undefined, { scheduleFile: wrongSum });
    expect(refusedToo.errors.map((e) => `${e.row} ${e.column} ${e.reason}`)).toEqual([
      '2 schedule.principal the periods\' principal adds up to this, not to the loan\'s 12000.00 (schedule file)',
      '3 schedule.seq the same period twice (schedule file)',
      '4 schedule.seq the same period twice (schedule file)',
      '5 schedule.loan_external_id no loan with this external id in this import or before (schedule file)',
    ]);
    expect(await count(db, 'loan')).toBe(before);

    const good = write('schedule.csv', [header, 'L3,1,2026-02-01,2000,120', 'L3,2,2026-03-01,4000,100', 'L3,3,2026-04-01,6000,60']);
    expect(await importFile(db, who, 'loans', loans, undefined, undefined, { scheduleFile: good })).toMatchObject({ inserted: 2, errors: [] });
    const rows = async (loan: string) =>
      db.selectFrom('installment as i').innerJoin('loan as l', 'l.id', 'i.loan_id').select(['i.seq', 'i.due_date', 'i.principal_fen', 'i.interest_fen', 'i.balance_after_fen']).where('l.external_id', '=', loan).orderBy('i.seq').execute();
    expect(await rows('L3')).toEqual([
      { seq: 1, due_date: '2026-02-01', principal_fen: 200000, interest_fen: 12000, balance_after_fen: 1000000 },
      { seq: 2, due_date: '2026-03-01', principal_fen: 400000, interest_fen: 10000, balance_after_fen: 600000 },
      { seq: 3, due_date: '2026-04-01', principal_fen: 600000, interest_fen: 6000, balance_after_fen: 0 },
    ]);
    expect((await rows('L4')).map((r) => r.principal_fen)).toEqual([300000, 300000]); // generated
    expect(await importFile(db, who, 'loans', loans, undefined, undefined, { scheduleFile: good })).toMatchObject({ inserted: 0, unchanged: 2, errors: [] });
    const other = write('schedule-other.csv', [header, 'L3,1,2026-02-01,3000,120', 'L3,2,2026-03-01,3000,100', 'L3,3,2026-04-01,6000,60']);
    expect((await importFile(db, who, 'loans', loans, undefined, undefined, { scheduleFile: other })).errors.map((e) => e.reason)).toEqual([
      'the loan was imported before with a different schedule (schedule file)',
    ]);
  });

  it('refuses a file with bad rows whole, naming every bad row, and writes nothing', async () => {
    const { db } = ctx.database;
    const before = await count(db, 'loan');
    const file = write('bad-loans.csv', [
      'external_id,borrower_external_id,branch_code,product,principal,annual_rate,term_months,method,balloon,disbursement_date,first_due_date,vin',
      'N1,B1,HO,new_car,100000,0.06,36,annuity,,2025-12-31,2026-01-31,',
      'N2,B1,HO,new_car,100000,0.06,36,annuity,,2025-12-31,2026-02-30,',
      'N3,B1,HO,new_car,100000,0.06,36,bullet,,2025-12-31,2026-01-31,',
      'N4,B1,HO,new_car,100000,0.06,36,annuity,,2025-12-31,2026-01-31,LSVAU2180N2183294',
      'N5,B1,HO,new_car,-5000,0.06,36,annuity,,2025-12-31,2026-01-31,',
      'N1,B1,HO,new_car,100000,0.06,36,annuity,,2025-12-31,2026-01-31,',
      'N6,B1,HO,new_car,100000,0.06,84,annuity,,2025-12-31,2026-01-31,',
    ]);
    const report = await importFile(db, who, 'loans', file);
    expect(report.inserted).toBe(0);
    expect(report.errors).toEqual([
      { row: 3, column: 'first_due_date', value: '2026-02-30', reason: 'not a calendar date in YYYY-MM-DD form' },
      { row: 4, column: 'method', value: 'bullet', reason: 'must be one of annuity, equal-principal, interest-only, balloon' },
      { row: 5, column: 'vin', value: 'LSVAU2180N2183294', reason: 'the check digit (position 9) does not match (ISO 3779)' },
      { row: 6, column: 'principal', value: '-5000', reason: 'must not be negative' },
      { row: 7, column: 'external_id', value: 'N1', reason: 'duplicate of row 2' },
      { row: 8, column: 'term_months', value: '84', reason: 'the new_car product allows at most 60 months' },
    ]);
    expect(await count(db, 'loan')).toBe(before);
    const missing = await importFile(db, who, 'loans', write('no-columns.csv', ['external_id,principal', 'X,1']));
    expect(missing.errors.map((e) => e.column)).toEqual(expect.arrayContaining(['borrower_external_id', 'method', 'first_due_date']));
  });

  it('checks keys across chunks, and a bad row in a later chunk still writes nothing', async () => {
    const { db } = ctx.database;
    const people = Array.from({ length: 5 }, () => identities());
    const header = 'external_id,kind,name,id_number,branch_code';
    const good = people.map((p, k) => `C${k + 1},individual,借款人${k + 1},${p.idNumber},HO`);
    const borrowersBefore = await count(db, 'borrower');
    // Chunks of two rows: every check below crosses a chunk already written by COPY.
    const bad = await importFile(
      db,
      who,
      'borrowers',
      write('chunked-bad-borrowers.csv', [header, ...good, `C2,individual,重复,${people[1]?.idNumber},HO`, `C9,individual,同号,${people[0]?.idNumber},HO`, `C8,individual,占用,${a.idNumber},HO`]),
      undefined,
      undefined,
      { chunkRows: 2 },
    );
    expect(bad.errors).toEqual([
      { row: 7, column: 'external_id', value: 'C2', reason: 'duplicate of row 3' },
      { row: 8, column: 'id_number', value: people[0]?.idNumber, reason: 'the same ID number as row 2' },
      { row: 9, column: 'id_number', value: a.idNumber, reason: 'already the ID number of borrower B1' },
    ]);
    expect(bad.inserted).toBe(0);
    expect(await count(db, 'borrower')).toBe(borrowersBefore);
    expect(await importFile(db, who, 'borrowers', write('chunked-borrowers.csv', [header, ...good]), undefined, undefined, { chunkRows: 2 })).toMatchObject({ inserted: 5, errors: [] });

    const loanHeader = 'external_id,borrower_external_id,branch_code,product,principal,annual_rate,term_months,method,balloon,disbursement_date,first_due_date';
    const loans = people.map((_, k) => `K${k + 1},C${k + 1},HO,new_car,${10000 * (k + 1)},0.05,${12 * (k + 1)},annuity,,2025-10-15,2025-11-15`);
    const installments = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM installment`.execute(db)).rows[0]?.n;
    const loansBefore = await count(db, 'loan');
    const installmentsBefore = await installments();
    const refused = await importFile(db, who, 'loans', write('chunked-bad-loans.csv', [loanHeader, ...loans, loans[1] ?? '', 'K9,NOPE,HO,new_car,10000,0.05,12,annuity,,2025-10-15,2025-11-15']), undefined, undefined, {
      chunkRows: 2,
    });
    expect(refused.errors).toEqual([
      { row: 7, column: 'external_id', value: 'K2', reason: 'duplicate of row 3' },
      { row: 8, column: 'borrower_external_id', value: 'NOPE', reason: 'no borrower with this external id (import borrowers first)' },
    ]);
    expect([await count(db, 'loan'), await installments()]).toEqual([loansBefore, installmentsBefore]);

    const progress: number[] = [];
    const file = write('chunked-loans.csv', [loanHeader, ...loans]);
    expect(await importFile(db, who, 'loans', file, (n) => progress.push(n), undefined, { chunkRows: 2 })).toMatchObject({ rows: 5, inserted: 5, errors: [] });
    expect([await count(db, 'loan'), await installments()]).toEqual([loansBefore + 5, (installmentsBefore ?? 0) + 12 + 24 + 36 + 48 + 60]);
    const k5 = await db.selectFrom('installment as i').innerJoin('loan as l', 'l.id', 'i.loan_id').select(['i.seq', 'i.due_date', 'i.balance_after_fen']).where('l.external_id', '=', 'K5').orderBy('i.seq').execute();
    expect(k5.length).toBe(60);
    expect(k5[0]).toMatchObject({ seq: 1, due_date: '2025-11-15' });
    expect(k5[59]).toMatchObject({ seq: 60, due_date: '2030-10-15', balance_after_fen: 0 });
    expect(await importFile(db, who, 'loans', file, undefined, undefined, { chunkRows: 2 })).toMatchObject({ inserted: 0, unchanged: 5, errors: [] });
  });

  it('reads XLSX and GB18030-encoded CSV', async () => {
    const { db } = ctx.database;
    const c = identities();
    const d = identities();
    const gbk = write('gbk.csv', ['external_id,kind,name,id_number,branch_code', `G1,individual,张伟,${c.idNumber},HO`], 'gb18030');
    expect(await importFile(db, who, 'borrowers', gbk)).toMatchObject({ inserted: 1, errors: [] });
    expect((await db.selectFrom('borrower').select('name').where('external_id', '=', 'G1').executeTakeFirstOrThrow()).name).toBe('张伟');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('借款人');
    sheet.addRow(['external_id', 'kind', 'name', 'id_number', 'branch_code', 'monthly_income']);
    sheet.addRow(['X1', 'individual', '王芳', d.idNumber, 'HO', 12000.5]);
    const xlsx = path.join(dir, 'borrowers.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    expect(await importFile(db, who, 'borrowers', xlsx)).toMatchObject({ rows: 1, inserted: 1, errors: [] });
  });
});

describeEachDatabase('a first load into an empty book', (ctx) => {
  /** The constraints and indexes of installment and loan: what each is, and which catalog row it is. */
  const checks = async (db: Parameters<typeof importFile>[0]) =>
    (
      await sql<{ name: string; definition: string; oid: number }>`
        SELECT conname AS name, pg_get_constraintdef(oid) AS definition, oid::int AS oid FROM pg_constraint WHERE conrelid IN ('installment'::regclass, 'loan'::regclass)
        UNION ALL
        SELECT c.relname, pg_get_indexdef(c.oid), c.oid::int FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid IN ('installment'::regclass, 'loan'::regclass)
        ORDER BY 1, 2`.execute(db)
    ).rows;
  const definitions = (rows: Awaited<ReturnType<typeof checks>>) => rows.map(({ name, definition }) => ({ name, definition }));
  const oid = (rows: Awaited<ReturnType<typeof checks>>, name: string) => rows.find((c) => c.name === name)?.oid;
  const header = 'external_id,borrower_external_id,branch_code,product,principal,annual_rate,term_months,method,balloon,disbursement_date,first_due_date';
  const insertInstallment = (loanId: number, seq: number) =>
    sql`INSERT INTO installment (loan_id, version, seq, due_date, principal_fen, interest_fen, balance_after_fen) VALUES (${loanId}, 1, ${seq}, '2026-01-31', 1, 0, 0)`;

  it('builds indexes and checks keys once at the end: they come back as they were, and a refused file rolls the drop back', async () => {
    const { db } = ctx.database;
    const before = await checks(db);
    expect(before.map((c) => c.name)).toEqual(expect.arrayContaining(['installment_loan_id_fkey', 'installment_pkey', 'installment_unpaid_due', 'loan_borrower', 'loan_external_id_key', 'loan_pkey']));
    const people = [identities(), identities()];
    const borrowers = write('first-borrowers.csv', ['external_id,kind,name,id_number,branch_code', ...people.map((p, k) => `F${k},individual,借款人${k},${p.idNumber},HO`)]);
    expect(await importFile(db, who, 'borrowers', borrowers)).toMatchObject({ inserted: 2, errors: [] });

    const refused = await importFile(db, who, 'loans', write('first-bad.csv', [header, 'FL0,F0,HO,new_car,100000,0.06,36,annuity,,2025-12-31,2026-01-31', 'FL1,NOPE,HO,new_car,1000,0.06,12,annuity,,2025-12-31,2026-01-31']));
    expect(refused.errors.map((e) => e.column)).toEqual(['borrower_external_id']);
    expect(await checks(db)).toEqual(before);

    const loans = write('first-loans.csv', [header, 'FL0,F0,HO,new_car,100000,0.06,36,annuity,,2025-12-31,2026-01-31', 'FL1,F1,HO,new_car,50000,0.07,12,equal-principal,,2025-12-15,2026-01-15']);
    expect(await importFile(db, who, 'loans', loans, undefined, undefined, { chunkRows: 1 })).toMatchObject({ inserted: 2, errors: [] });
    const after = await checks(db);
    expect(definitions(after)).toEqual(definitions(before));
    // dropped and built again (new catalog rows): all of installment's, loan's plain indexes; not
    // loan's keys, which the import looks up
    for (const name of ['installment_unpaid_due', 'installment_loan_id_fkey', 'installment_pkey', 'loan_borrower']) expect(oid(after, name), name).not.toBe(oid(before, name));
    for (const name of ['loan_pkey', 'loan_external_id_key', 'loan_borrower_id_fkey']) expect(oid(after, name), name).toBe(oid(before, name));
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM installment WHERE settled_on IS NULL AND due_date >= '2026-01-15'`.execute(db);
    expect(rows[0]?.n).toBe(48);
    const loanId = (await db.selectFrom('loan').select('id').where('external_id', '=', 'FL0').executeTakeFirstOrThrow()).id;
    await expect(insertInstallment(999_999, 1).execute(db)).rejects.toMatchObject({ code: '23503' });
    await expect(insertInstallment(loanId, 1).execute(db)).rejects.toMatchObject({ code: '23505' });

    // With a book, a later file is checked row by row and leaves the catalog alone.
    expect(await importFile(db, who, 'loans', write('second-loans.csv', [header, 'FL2,F1,HO,new_car,20000,0.05,12,annuity,,2025-12-15,2026-01-15']))).toMatchObject({ inserted: 1, errors: [] });
    expect(await checks(db)).toEqual(after);
  });

  it('still refuses an installment without its loan, or a period twice, when the keys are put back', async () => {
    const { db } = ctx.database;
    const before = await checks(db);
    const loanId = (await db.selectFrom('loan').select('id').where('external_id', '=', 'FL0').executeTakeFirstOrThrow()).id;
    const load = (write: (trx: Parameters<typeof importFile>[0]) => Promise<unknown>) =>
      db.transaction().execute(async (trx) => {
        const deferred = await deferChecks(trx, { keepInstallmentKey: false });
        await write(trx);
        await deferred.restore();
      });
    await expect(load((trx) => insertInstallment(999_999, 1).execute(trx))).rejects.toMatchObject({ code: '23503' });
    await expect(load((trx) => insertInstallment(loanId, 1).execute(trx))).rejects.toMatchObject({ code: '23505' });
    expect(await checks(db)).toEqual(before);
  });
});

describeEachDatabase('the World Omni ABS-EE tape', (ctx) => {
  const tape = path.resolve(import.meta.dirname, '../../shared/data/world_omni_auto_loans_2020.csv');

  it('imports all 7,572 loans, once, with schedules that match the tape’s payments', async () => {
    const { db } = ctx.database;
    const report = await importAbsEe(db, who, tape, 'HO');
    expect(report).toMatchObject({ rows: 7572, inserted: 7572, errors: [] });
    console.log(`World Omni tape on ${ctx.kind}: ${report.rows} loans in ${report.seconds.toFixed(1)} s (${Math.round(report.rows / report.seconds)} loans/s)`);
    const again = await importAbsEe(db, who, tape, 'HO');
    expect(again).toMatchObject({ inserted: 0, unchanged: 7572 });
    const { rows } = await sql<{ loans: number; installments: number }>`
      SELECT count(DISTINCT l.id)::int AS loans, count(*)::int AS installments
        FROM loan l JOIN installment i ON i.loan_id = l.id WHERE l.external_id LIKE 'abs-ee:%'`.execute(db);
    expect(rows[0]?.loans).toBe(7572);
    // The tape's scheduled payment runs 0.7–6.3 % above a plain monthly annuity (servicers accrue
    // simple interest by the day, and a long first period adds to it): compare within that band.
    const csv = fs.readFileSync(tape, 'utf8').split('\n').slice(1).filter(Boolean);
    const header = fs.readFileSync(tape, 'utf8').split('\n')[0]?.split(',') ?? [];
    const col = (name: string) => header.indexOf(name);
    const ratios = csv
      .map((line) => line.split(','))
      .filter((f) => Number(f[col('reportingPeriodScheduledPaymentAmount')]) > 0)
      .map((f) => {
        const principalFen = Math.round(Number(f[col('originalLoanAmount')]) * 100);
        const ours = levelPaymentFen(principalFen, String(Number(f[col('originalInterestRatePercentage')])), Number(f[col('originalLoanTerm')]));
        return Math.round(Number(f[col('reportingPeriodScheduledPaymentAmount')]) * 100) / ours;
      })
      .sort((x, y) => x - y);
    expect(ratios.length).toBe(7567);
    expect(ratios[0]).toBeGreaterThanOrEqual(1.0);
    expect(ratios[ratios.length - 1]).toBeLessThanOrEqual(1.07);
    expect(ratios[Math.floor(ratios.length / 2)]).toBeCloseTo(1.012, 2);
    const first = await db.selectFrom('loan').selectAll().where('external_id', '=', 'abs-ee:world_omni_auto_loans_2020:2').executeTakeFirstOrThrow();
    expect(first).toMatchObject({ principal_fen: 2901959, term_months: 76, annual_rate: '0.0687000000', disbursement_date: '2019-08-01', first_due_date: '2019-09-30', product_code: 'pool_auto' });
    expect(parseBusinessDate(first.first_due_date)).toBe('2019-09-30');
  }, 180_000);
});
