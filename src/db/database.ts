import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type CopyRunner, takeCopyJob } from './bulk.js';
import type { DatabaseTarget } from './database-url.js';
import { describeTarget } from './database-url.js';
import type { DB } from './schema.js';
import { typeParsers } from './type-parsers.js';

export interface Database {
  readonly db: Kysely<DB>;
  readonly kind: 'postgres' | 'pglite';
  readonly description: string;
  close(): Promise<void>;
}

export class DatabaseUnavailable extends Error {
  constructor(description: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message || cause.name : String(cause);
    super(`cannot reach the database (${description}): ${reason}`);
    this.name = 'DatabaseUnavailable';
  }
}

const setUtc = CompiledQuery.raw("SET TIME ZONE 'UTC'");

/**
 * A pg client class that runs the COPY jobs of `copyInto` (src/db/bulk.ts) on itself, so a COPY
 * joins whatever transaction the connection is in; every other query passes through.
 */
function copyingClient(Base: typeof pg.Client, runner: (client: pg.Client) => CopyRunner): typeof pg.Client {
  return class extends Base {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg's query() has a dozen overloads; this only forwards them
    override query(...args: any[]): any {
      const job = takeCopyJob(args[0]);
      if (job) return job(runner(this)).then(() => ({ command: 'COPY', rowCount: 0, rows: [], fields: [] }));
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
  };
}

/** PostgreSQL: `COPY ... FROM STDIN`, the data streamed through pg-copy-streams. */
const copyOnPostgres =
  (client: pg.Client): CopyRunner =>
  async (copySql, data) => {
    await pipeline(Readable.from(data), client.query(copyFrom(copySql)));
  };

/**
 * PGlite: COPY FROM STDIN through its pg adapter kills the instance, so the data goes in as the
 * `blob` query option, which the statement reads as '/dev/blob' (one Blob per call: callers chunk).
 */
const copyOnPglite =
  (pglite: PGlite): CopyRunner =>
  async (copySql, data) => {
    const parts: Array<string | Uint8Array> = [];
    for await (const part of data) parts.push(part);
    await pglite.query(copySql.replace(/ FROM STDIN\b/, " FROM '/dev/blob'"), [], { blob: new Blob(parts) });
  };

export async function openDatabase(target: DatabaseTarget, options: { poolMax?: number } = {}): Promise<Database> {
  const description = describeTarget(target);
  if (target.kind === 'postgres') return openPostgres(target.url, description, options.poolMax ?? 10);
  if (target.dataDir) fs.mkdirSync(target.dataDir, { recursive: true });
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(target.dataDir ? { dataDir: target.dataDir } : {});
  } catch (error) {
    throw new DatabaseUnavailable(description, error);
  }
  return wrapPglite(pglite, description, true);
}

async function openPostgres(url: string, description: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max, types: typeParsers, connectionTimeoutMillis: 10_000, Client: copyingClient(pg.Client, copyOnPostgres) });
  // An idle client that loses its server must not take the process down; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailable(description, error);
  }
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool, onCreateConnection: (c) => c.executeQuery(setUtc).then(() => undefined) }),
  });
  return { db, kind: 'postgres', description, close: () => db.destroy() };
}

/**
 * PGlite is one single-user backend. It is driven through its node-postgres adapter in a pool of
 * one, so transactions are serialised by the pool and the type mapping is the same `pg` one as on
 * PostgreSQL. Each client gets a fresh adapter, and a reserved connection first rolls back any
 * transaction a dropped client left open: without that, one aborted request poisons every later
 * query on the instance (see shared/STACK-NOTES.md).
 */
export function wrapPglite(pglite: PGlite, description: string, ownsInstance: boolean): Database {
  class PgliteClient extends pg.Client {
    constructor(config: pg.ClientConfig = {}) {
      super({ ...config, ...createPgConfig(pglite) } as pg.ClientConfig);
    }
  }
  const pool = new pg.Pool({ max: 1, Client: copyingClient(PgliteClient, () => copyOnPglite(pglite)), types: typeParsers });
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({
      pool,
      onCreateConnection: (c) => c.executeQuery(setUtc).then(() => undefined),
      onReserveConnection: async (c) => {
        if (pglite.isInTransaction()) await c.executeQuery(CompiledQuery.raw('ROLLBACK'));
      },
    }),
  });
  let closing: Promise<void> | undefined;
  return {
    db,
    kind: 'pglite',
    description,
    close: () => {
      closing ??= db.destroy().then(() => (ownsInstance && !pglite.closed ? pglite.close() : undefined));
      return closing;
    },
  };
}
