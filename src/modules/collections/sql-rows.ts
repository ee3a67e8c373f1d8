import { type Kysely, type RawBuilder, sql } from 'kysely';
import { arrayLiteral, type ColumnType } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';

/**
 * Rows from JS as a relation in SQL: one array parameter per column, unnested side by side, so a
 * batch of any size is one statement with a handful of parameters (see src/db/bulk.ts).
 */
export function rowsOf<T>(columns: ReadonlyArray<readonly [string, ColumnType | 'jsonb' | 'timestamptz', (row: T) => unknown]>, rows: readonly T[]): RawBuilder<unknown> {
  const arrays = columns.map(([, type, get]) => {
    const stored = type === 'jsonb' || type === 'timestamptz' ? 'text' : type;
    return sql`${arrayLiteral(rows.map(get), stored)}::${sql.raw(stored)}[]`;
  });
  const names = columns.map(([name]) => sql.ref(name));
  return sql`(SELECT * FROM unnest(${sql.join(arrays)}) AS u(${sql.join(names)}))`;
}

/** Splits a list into slices of `size`: writes go in batches, never a statement per row. */
export function* slices<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** The lowest and highest of a non-empty list of ids (a loop: a batch is too long to spread into Math.min). */
export function idRange(ids: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const id of ids) {
    if (id < lo) lo = id;
    if (id > hi) hi = id;
  }
  return [lo, hi];
}

/**
 * A temporary table for staging one run's rows, empty, dropped when the transaction ends: a rerun
 * inside the same transaction (tests, previews) starts from a new one.
 */
export async function stagingTable(trx: Kysely<DB>, name: string, columns: RawBuilder<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS ${sql.id(name)}`.execute(trx);
  await sql`CREATE TEMP TABLE ${sql.id(name)} (${columns}) ON COMMIT DROP`.execute(trx);
}

/** The same, filled by a query as it is made (CREATE … AS). */
export async function stagingTableAs(trx: Kysely<DB>, name: string, query: RawBuilder<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS ${sql.id(name)}`.execute(trx);
  await sql`CREATE TEMP TABLE ${sql.id(name)} ON COMMIT DROP AS ${query}`.execute(trx);
}

/**
 * A query's rows read through a cursor, `size` at a time, for a caller that deals with each batch
 * before it asks for the next, and so never holds every row (each batch's objects die young, where
 * a whole result read at once survives into the old generation and is costly to collect). The cursor is planned for all its rows, as a query is:
 * it is otherwise planned for its first tenth (cursor_tuple_fraction), with nested loops where the
 * whole result wants hash joins.
 */
export async function* throughCursor<R>(trx: Kysely<DB>, name: string, query: RawBuilder<unknown>, size: number): AsyncGenerator<R[]> {
  await sql`SET LOCAL cursor_tuple_fraction = 1`.execute(trx);
  await sql`DECLARE ${sql.id(name)} NO SCROLL CURSOR FOR ${query}`.execute(trx);
  try {
    for (;;) {
      const { rows } = await sql<R>`FETCH ${sql.raw(String(size))} FROM ${sql.id(name)}`.execute(trx);
      if (rows.length === 0) return;
      yield rows;
    }
  } finally {
    await sql`CLOSE ${sql.id(name)}`.execute(trx);
  }
}

/**
 * A loan's branch or product as close of business copied them beside its status (`s`, a
 * loan_status joined on the loan), read from the loan itself only for a loan without a status:
 * joining the loan table for one or two columns cost a pass over all of it (284 MB at 1,000,000
 * loans), where the status is joined anyway.
 */
export function loanColumn(column: 'branch_id' | 'product_code', loanId: RawBuilder<unknown>): RawBuilder<unknown> {
  const c = sql.ref(column);
  return sql`coalesce(s.${c}, (SELECT x.${c} FROM loan x WHERE x.id = ${loanId}))`;
}
