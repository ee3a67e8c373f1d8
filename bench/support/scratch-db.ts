import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/database.js';

/**
 * A database for one benchmark run, removed afterwards: a fresh file-backed PGlite in a temporary
 * folder, or a fresh database on the PostgreSQL server that DATABASE_URL names.
 */
export async function scratchDatabase(kind: 'pglite' | 'postgres', prefix: string): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  if (kind === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `daihou-${prefix}-`));
    const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'pgdata') });
    return { database, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const url = process.env.DATABASE_URL;
  if (!url?.startsWith('postgres')) throw new Error('a PostgreSQL benchmark needs DATABASE_URL=postgres://…');
  const name = `daihou_${prefix.replace(/\W/g, '_')}_${process.pid}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: u.toString() });
  return { database, cleanup: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
