import { type Kysely, sql } from 'kysely';
import { BINARY_COPY_HEADER, BINARY_COPY_TRAILER } from './binary-copy.js';
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

/**
 * COPY: the fastest way into PostgreSQL, run *on the connection of the caller's transaction* so a
 * failed import still writes nothing. Kysely hides its connections, so the COPY travels as a marker
 * query: `copyInto` registers the rows under a token and executes `/* daihou:copy TOKEN *\/`
 * through the caller's Kysely (a transaction runs it on its own connection); the clients that
 * `openDatabase` builds (src/db/database.ts) recognise the marker and run the COPY themselves —
 * `COPY ... FROM STDIN` through pg-copy-streams on PostgreSQL, `COPY ... FROM '/dev/blob'` with
 * the `blob` query option on PGlite (COPY FROM STDIN through PGlite's pg adapter kills it). A
 * marker that reaches a server unrecognised fails as a syntax error, never silently.
 */
export type CopyValue = string | number | boolean | null | undefined;

/** Runs one COPY statement (`FROM STDIN`, text or binary) with the given data on a connection. */
export type CopyRunner = (copySql: string, data: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>) => Promise<void>;

type CopyJob = (run: CopyRunner) => Promise<void>;
const copyJobs = new Map<string, CopyJob>();
const MARKER = /^\/\* daihou:copy (\d+) \*\/ COPY_NOT_INTERCEPTED$/;
let nextToken = 0;

/** For the database clients: the COPY job a query text stands for, taken once; else undefined. */
export function takeCopyJob(queryText: unknown): CopyJob | undefined {
  if (typeof queryText !== 'string' || !queryText.startsWith('/* daihou:copy ')) return undefined;
  const token = MARKER.exec(queryText)?.[1];
  const job = token === undefined ? undefined : copyJobs.get(token);
  if (token !== undefined) copyJobs.delete(token);
  return job;
}

/** One value in COPY text format: `\N` for NULL, backslash, tab, newline and CR escaped. */
export function copyText(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : value;
}

/** One row in COPY text format, newline included. */
export function copyLine(values: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : '\t') + copyText(values[i]);
  return `${line}\n`;
}

const COPY_BATCH_CHARS = 1 << 18;

/** Joins many short lines into ~256 KiB strings: one socket write (or Blob part) each. */
function* batchedSync(lines: Iterable<string>): Generator<string> {
  let batch = '';
  for (const line of lines) {
    batch += line;
    if (batch.length >= COPY_BATCH_CHARS) {
      yield batch;
      batch = '';
    }
  }
  if (batch.length > 0) yield batch;
}

async function* batched(lines: Iterable<string> | AsyncIterable<string>): AsyncGenerator<string> {
  if (Symbol.iterator in lines) {
    // A synchronous source is batched without an await per line.
    yield* batchedSync(lines);
    return;
  }
  let batch = '';
  for await (const line of lines) {
    batch += line;
    if (batch.length >= COPY_BATCH_CHARS) {
      yield batch;
      batch = '';
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Copies rows (COPY text lines from `copyLine`, any number per string) into `table (columns)`
 * within the caller's transaction. The lines are consumed as the database takes them, so a
 * generator keeps memory flat (on PGlite, one call's data is held as one Blob: call it per chunk).
 */
export async function copyInto(db: Kysely<DB>, table: string, columns: readonly string[], lines: Iterable<string> | AsyncIterable<string>): Promise<void> {
  await runCopy(db, copyFromStdin(table, columns), batched(lines));
}

/**
 * Copies rows in binary COPY format (`BinaryRowWriter`, src/db/binary-copy.ts) into
 * `table (columns)`, whose types must be exactly the ones written; the header and trailer are
 * added here, and the rows sent in batches of about 256 KiB.
 */
export async function copyBinaryInto(db: Kysely<DB>, table: string, columns: readonly string[], rows: Iterable<Uint8Array>): Promise<void> {
  await runCopy(db, `${copyFromStdin(table, columns)} WITH (FORMAT binary)`, framedBinary(rows));
}

function* framedBinary(rows: Iterable<Uint8Array>): Generator<Uint8Array> {
  let parts: Uint8Array[] = [BINARY_COPY_HEADER];
  let bytes = BINARY_COPY_HEADER.length;
  for (const row of rows) {
    parts.push(row);
    bytes += row.length;
    if (bytes >= COPY_BATCH_CHARS) {
      yield Buffer.concat(parts, bytes);
      parts = [];
      bytes = 0;
    }
  }
  parts.push(BINARY_COPY_TRAILER);
  yield Buffer.concat(parts);
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const copyFromStdin = (table: string, columns: readonly string[]) => `COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM STDIN`;

async function runCopy(db: Kysely<DB>, copySql: string, data: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>): Promise<void> {
  const token = String(nextToken++);
  let ran = false;
  copyJobs.set(token, async (run) => {
    ran = true;
    await run(copySql, data);
  });
  try {
    await sql.raw(`/* daihou:copy ${token} */ COPY_NOT_INTERCEPTED`).execute(db);
  } finally {
    copyJobs.delete(token);
  }
  if (!ran) throw new Error('COPY was not run: this Kysely does not come from openDatabase');
}

/**
 * `n` fresh ids from the identity sequence of `table`.id, in order, so rows can be written by COPY
 * with their ids known beforehand (COPY writes an identity column's given values).
 */
export async function reserveIds(db: Kysely<DB>, table: keyof DB & string, n: number): Promise<number[]> {
  if (n === 0) return [];
  // The sequence is named once (`OFFSET 0` keeps the planner from folding the name back into each
  // row): resolved per row, 2,500 ids took 8.3 ms on PostgreSQL, named once 1.2 ms.
  const { rows } = await sql<{ id: number }>`
    SELECT nextval(q.seq) AS id FROM (SELECT pg_get_serial_sequence(${table}, 'id')::regclass AS seq OFFSET 0) AS q, generate_series(1, ${n}::int)`.execute(db);
  return rows.map((r) => r.id);
}
