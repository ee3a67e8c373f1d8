import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { expect, it } from 'vitest';
import { BinaryRowWriter, binaryRowBytes } from '../../src/db/binary-copy.js';
import { copyBinaryInto, copyInto, copyLine } from '../../src/db/bulk.js';
import type { DB } from '../../src/db/schema.js';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan } from '../support/loans.js';

const rows = async (db: Kysely<DB>) => (await sql<{ n: number; t: string | null }>`SELECT n, t FROM copy_probe ORDER BY n`.execute(db)).rows;

describeEachDatabase('COPY inside the caller’s transaction', (ctx) => {
  it('copies escaped text and NULLs, many lines at a time', async () => {
    const { db } = ctx.database;
    await sql`CREATE TABLE copy_probe (n integer PRIMARY KEY, t text)`.execute(db);
    const tricky = ['tab\there', 'new\nline', 'back\\slash', '\\N', '张伟', '', 'cr\rhere'];
    function* lines() {
      for (let n = 0; n < 20_000; n++) yield copyLine([n, n < tricky.length ? tricky[n] : n % 2 === 0 ? null : `row ${n}`]);
    }
    await db.transaction().execute((trx) => copyInto(trx, 'copy_probe', ['n', 't'], lines()));
    const got = await rows(db);
    expect(got.length).toBe(20_000);
    expect(got.slice(0, tricky.length).map((r) => r.t)).toEqual(tricky);
    expect(got[tricky.length + 1]).toEqual({ n: 8, t: null });
    expect(got[19_999]).toEqual({ n: 19_999, t: 'row 19999' });
  });

  it('writes nothing when the transaction fails after the COPY, and a bad row fails the COPY', async () => {
    const { db } = ctx.database;
    await expect(
      db.transaction().execute(async (trx) => {
        await copyInto(trx, 'copy_probe', ['n', 't'], [copyLine([100_000, 'kept?'])]);
        expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM copy_probe`.execute(trx)).rows[0]?.n).toBe(20_001);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(db.transaction().execute((trx) => copyInto(trx, 'copy_probe', ['n', 't'], [copyLine([200_000, 'x']), copyLine([0, 'duplicate key'])]))).rejects.toThrow(/duplicate key|unique/);
    expect((await rows(db)).length).toBe(20_000);
    // the connection is usable afterwards
    expect((await sql<{ ok: number }>`SELECT 1 AS ok`.execute(db)).rows[0]?.ok).toBe(1);
  });

  it('copies binary rows exactly: bigints past 32 bits and below zero, dates either side of 2000, across many buffers', async () => {
    const { db } = ctx.database;
    await sql`CREATE TABLE copy_binary_probe (n bigint PRIMARY KEY, k integer NOT NULL, d date NOT NULL)`.execute(db);
    const edge: Array<[number, number, string]> = [
      [Number.MAX_SAFE_INTEGER, 2_147_483_647, '9999-12-31'],
      [-Number.MAX_SAFE_INTEGER, -2_147_483_648, '0001-01-01'],
      [-1, -1, '1999-12-31'],
      [0, 0, '2000-01-01'],
      [4_294_967_296, 1, '2000-01-02'],
      [4_294_967_295, 2, '2028-02-29'],
    ];
    const rowBytes = binaryRowBytes([8, 4, 4]);
    function* data(): Generator<Uint8Array> {
      const first = new BinaryRowWriter(edge.length * rowBytes);
      for (const [n, k, d] of edge) first.row(3).int8(n).int4(k).date(d as never);
      yield first.done();
      // 40,000 rows of 30 bytes, a thousand to a buffer: several batches
      for (let from = 1; from <= 40_000; from += 1000) {
        const out = new BinaryRowWriter(1000 * rowBytes);
        for (let n = from; n < from + 1000; n++) out.row(3).int8(n * 1_000_003).int4(n).date('2026-01-31' as never);
        yield out.done();
      }
    }
    await db.transaction().execute((trx) => copyBinaryInto(trx, 'copy_binary_probe', ['n', 'k', 'd'], data()));
    const got = await sql<{ n: string; k: number; d: string }>`SELECT n::text AS n, k, d::text AS d FROM copy_binary_probe WHERE d <> '2026-01-31' ORDER BY copy_binary_probe.n`.execute(db);
    expect(got.rows.map((r) => [r.n, r.k, r.d])).toEqual([...edge].sort((a, b) => a[0] - b[0]).map(([n, k, d]) => [String(n), k, d]));
    const { rows: all } = await sql<{ count: number; sum: string; last: string }>`
      SELECT count(*)::int AS count, sum(k) FILTER (WHERE d = '2026-01-31')::text AS sum, max(n) FILTER (WHERE d = '2026-01-31')::text AS last FROM copy_binary_probe`.execute(db);
    expect(all[0]).toEqual({ count: 40_006, sum: String((40_000 * 40_001) / 2), last: String(40_000 * 1_000_003) });
  });

  it('refuses a binary value that is not a whole number, and rows that do not fill what they announced', () => {
    expect(() => new BinaryRowWriter(14).row(1).int8(1.5)).toThrow(RangeError);
    expect(() => new BinaryRowWriter(14).row(1).int8(2 ** 53)).toThrow(RangeError);
    expect(() => new BinaryRowWriter(10).row(1).int4(2 ** 31)).toThrow(RangeError);
    expect(() => new BinaryRowWriter(20).row(1).int4(7).done()).toThrow(/10 bytes written, 20 announced/);
    expect(new BinaryRowWriter(10).row(1).int4(7).done()).toEqual(Buffer.from([0, 1, 0, 0, 0, 4, 0, 0, 0, 7]));
  });

  it('keeps every installment tied to an existing loan, checked once per statement', async () => {
    const { db } = ctx.database;
    const branch = await db.selectFrom('branch').select('id').where('code', '=', 'HO').executeTakeFirstOrThrow();
    const loanId = await makeLoan(ctx.database, branch.id);
    const columns = ['loan_id', 'version', 'seq', 'due_date', 'principal_fen', 'interest_fen', 'balance_after_fen'];
    const missing = loanId + 1_000_000;
    await expect(sql`INSERT INTO installment (loan_id, version, seq, due_date, principal_fen, interest_fen, balance_after_fen) VALUES (${missing}, 1, 1, '2026-01-31', 1, 0, 0)`.execute(db)).rejects.toMatchObject({
      code: '23503',
    });
    await expect(
      db.transaction().execute((trx) => copyInto(trx, 'installment', columns, [copyLine([loanId, 2, 1, '2026-01-31', 1, 0, 0]), copyLine([missing, 2, 1, '2026-01-31', 1, 0, 0])])),
    ).rejects.toMatchObject({ code: '23503' });
    await expect(sql`UPDATE installment SET loan_id = ${missing} WHERE loan_id = ${loanId} AND seq = 1`.execute(db)).rejects.toMatchObject({ code: '23503' });
    // A loan with installments cannot be deleted; one without can. Other tables that point at
    // loans are emptied for these two first, so only the installment rule is tested.
    const bare = await sql<{ id: number }>`
      INSERT INTO loan (external_id, borrower_id, branch_id, product_code, principal_fen, annual_rate, term_months, method, disbursement_date, first_due_date)
      SELECT 'bare-' || id, borrower_id, branch_id, product_code, principal_fen, annual_rate, term_months, method, disbursement_date, first_due_date FROM loan WHERE id = ${loanId}
      RETURNING id`.execute(db);
    const bareId = bare.rows[0]?.id ?? 0;
    const others = await sql<{ table_name: string }>`
      SELECT DISTINCT cl.relname AS table_name FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid
       WHERE c.contype = 'f' AND c.confrelid = 'loan'::regclass AND cl.relname <> 'installment'`.execute(db);
    const clear = async (trx: Kysely<DB>, id: number) => {
      for (const { table_name } of others.rows) await sql`DELETE FROM ${sql.table(table_name)} WHERE loan_id = ${id}`.execute(trx);
    };
    await expect(
      db.transaction().execute(async (trx) => {
        await clear(trx, loanId);
        await sql`DELETE FROM loan WHERE id = ${loanId}`.execute(trx);
      }),
    ).rejects.toThrow(/installment_loan/);
    expect(await db.selectFrom('loan').select('id').where('id', '=', loanId).executeTakeFirst()).toEqual({ id: loanId });
    await db.transaction().execute(async (trx) => {
      await clear(trx, bareId);
      await sql`DELETE FROM loan WHERE id = ${bareId}`.execute(trx);
    });
    expect(await db.selectFrom('loan').select('id').where('id', '=', bareId).executeTakeFirst()).toBeUndefined();
  });

  it('refuses loudly on a Kysely that does not come from openDatabase', async () => {
    if (ctx.kind !== 'postgres' || !ctx.database.url) return;
    const pool = new pg.Pool({ connectionString: ctx.database.url, max: 1 });
    // the suite's database is dropped WITH (FORCE) after it: a connection of this pool still closing
    // then is told it was terminated, on the pool, which would throw it as uncaught (a CI run failed so)
    pool.on('error', () => {});
    const foreign = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    try {
      await expect(copyInto(foreign, 'copy_probe', ['n'], [copyLine([1])])).rejects.toThrow();
    } finally {
      await foreign.destroy();
    }
  });
});
