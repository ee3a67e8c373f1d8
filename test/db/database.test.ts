import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';

describeEachDatabase('one type mapping on both databases', (ctx) => {
  it('returns bigint as number, numeric as string, date as YYYY-MM-DD, timestamptz as UTC ISO', async () => {
    const { rows } = await sql<{ fen: number; rate: string; due: string; at: string; n: number }>`
      SELECT 123456789012::bigint AS fen, 0.0435::numeric(8,6) AS rate, DATE '2026-01-31' AS due,
             TIMESTAMPTZ '2026-11-22 08:00:00+08' AS at, 7::integer AS n`.execute(ctx.database.db);
    expect(rows[0]).toEqual({ fen: 123456789012, rate: '0.043500', due: '2026-01-31', at: '2026-11-22T00:00:00.000Z', n: 7 });
  });

  it('refuses a bigint beyond 2^53 instead of rounding it', async () => {
    await expect(sql`SELECT 9007199254740993::bigint AS fen`.execute(ctx.database.db)).rejects.toThrow(/safe integer/);
    const { rows } = await sql<{ ok: number }>`SELECT 1 AS ok`.execute(ctx.database.db);
    expect(rows[0]?.ok).toBe(1);
  });

  it('reports affected row counts for updates', async () => {
    const result = await ctx.database.db.updateTable('branch').set({ name_en: 'Head Office' }).where('code', '=', 'HO').executeTakeFirst();
    expect(result.numUpdatedRows).toBe(1n);
  });

  it('rolls a failed transaction back completely, and the next query works', async () => {
    const { db } = ctx.database;
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.updateTable('branch').set({ name_en: 'Changed' }).where('code', '=', 'HO').execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const row = await db.selectFrom('branch').select('name_en').where('code', '=', 'HO').executeTakeFirstOrThrow();
    expect(row.name_en).toBe('Head Office');
  });

  it('keeps working after a statement fails inside a transaction', async () => {
    const { db } = ctx.database;
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`SELECT * FROM no_such_table`.execute(trx);
      }),
    ).rejects.toThrow(/no_such_table/);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => sql<{ i: number }>`SELECT ${i}::int AS i`.execute(db)));
    expect(results.map((r) => r.rows[0]?.i)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('serialises concurrent transactions without losing an update', async () => {
    const { db } = ctx.database;
    await sql`CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)`.execute(db);
    await sql`INSERT INTO counter VALUES (1, 0)`.execute(db);
    await Promise.all(
      Array.from({ length: 10 }, () =>
        db.transaction().execute(async (trx) => {
          const { rows } = await sql<{ n: number }>`SELECT n FROM counter WHERE id = 1 FOR UPDATE`.execute(trx);
          await sql`UPDATE counter SET n = ${(rows[0]?.n ?? 0) + 1} WHERE id = 1`.execute(trx);
        }),
      ),
    );
    const { rows } = await sql<{ n: number }>`SELECT n FROM counter WHERE id = 1`.execute(db);
    expect(rows[0]?.n).toBe(10);
  });
});
