import { type Kysely, sql } from 'kysely';
import type { DB } from './schema.js';

/**
 * Bulk insert through `INSERT ... SELECT FROM unnest($1::type[], $2::type[], ...)`: one array
 * parameter per column instead of one parameter per value, so a statement carries 50,000 rows in a
 * handful of parameters and PostgreSQL parses it once. It runs inside the caller's transaction
 * (unlike COPY on a separate connection) and works the same on PGlite and PostgreSQL.
 */
export type ColumnType = 'bigint' | 'integer' | 'text' | 'date' | 'boolean' | 'numeric';

const ROWS_PER_STATEMENT = 50_000;

/**
 * The array as PostgreSQL's text literal, built here rather than by the driver's per-element
 * escaping (which measured as the largest cost of a bulk load): numbers and dates need no quoting,
 * text is double-quoted with backslash escapes.
 */
export function arrayLiteral(values: readonly unknown[], type: ColumnType): string {
  const items = values.map((v) => {
    if (v === null || v === undefined) return 'NULL';
    if (type === 'text') return `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`;
    if (type === 'boolean') return v ? 't' : 'f';
    return String(v);
  });
  return `{${items.join(',')}}`;
}

export async function insertColumns<T extends Record<string, unknown>>(
  db: Kysely<DB>,
  table: keyof DB & string,
  columns: ReadonlyArray<readonly [keyof T & string, ColumnType]>,
  rows: readonly T[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const slice = rows.slice(start, start + ROWS_PER_STATEMENT);
    const arrays = columns.map(([name, type]) => sql`${arrayLiteral(slice.map((r) => r[name]), type)}::${sql.raw(type)}[]`);
    await sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map(([name]) => sql.ref(name)))}) SELECT * FROM unnest(${sql.join(arrays)})`.execute(db);
  }
}
