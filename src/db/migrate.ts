import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import type { DB } from './schema.js';

/**
 * Forward-only SQL migrations. Each file `NNNN_name.sql` runs once, in its own transaction, under
 * an advisory lock so two processes starting together cannot both apply it. Its SHA-256 is stored:
 * a file edited after it was applied is refused, because the database no longer matches what the
 * code says it is. Fixes go in a new migration.
 */

// Resolved from the package root so the same files serve `src/` (tests) and `dist/` (the program).
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../src/db/migrations/', import.meta.url));
const LOCK_KEY = 7_240_011;
const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export interface MigrationFile {
  version: number;
  name: string;
  checksum: string;
  sql: string;
}

export type MigrationState = 'applied' | 'pending' | 'modified' | 'unknown';

export interface MigrationStatus {
  version: number;
  name: string;
  state: MigrationState;
  appliedAt: string | null;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export function readMigrationFiles(dir = MIGRATIONS_DIR): MigrationFile[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const seen = new Set<number>();
  return files.map((file) => {
    const m = FILE_NAME.exec(file);
    if (!m) throw new MigrationError(`migration file ${file} is not named NNNN_name.sql`);
    const version = Number(m[1]);
    if (seen.has(version)) throw new MigrationError(`two migrations share version ${m[1]}`);
    seen.add(version);
    const text = fs.readFileSync(path.join(dir, file), 'utf8').replace(/\r\n/g, '\n');
    return { version, name: m[2] ?? file, checksum: sha256(text), sql: text };
  });
}

let cachedFiles: MigrationFile[] | undefined;
/** The program's own migrations, read once per process. */
export function bundledMigrations(): MigrationFile[] {
  cachedFiles ??= readMigrationFiles();
  return cachedFiles;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function ensureTable(db: Kysely<DB>): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migration (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
}

async function tableExists(db: Kysely<DB>): Promise<boolean> {
  const { rows } = await sql<{ present: boolean }>`SELECT to_regclass('schema_migration') IS NOT NULL AS present`.execute(db);
  return rows[0]?.present === true;
}

export async function migrationStatus(db: Kysely<DB>, files = bundledMigrations()): Promise<MigrationStatus[]> {
  const applied = (await tableExists(db))
    ? await db.selectFrom('schema_migration').selectAll().orderBy('version').execute()
    : [];
  const byVersion = new Map(applied.map((row) => [row.version, row]));
  const statuses: MigrationStatus[] = files.map((file) => {
    const row = byVersion.get(file.version);
    if (!row) return { version: file.version, name: file.name, state: 'pending', appliedAt: null };
    const state = row.checksum === file.checksum ? 'applied' : 'modified';
    return { version: file.version, name: file.name, state, appliedAt: row.applied_at };
  });
  const known = new Set(files.map((f) => f.version));
  for (const row of applied) {
    if (!known.has(row.version)) {
      statuses.push({ version: row.version, name: row.name, state: 'unknown', appliedAt: row.applied_at });
    }
  }
  return statuses.sort((a, b) => a.version - b.version);
}

/** Throws on an edited or unknown migration; these need a person, not a retry. */
export function assertConsistent(statuses: MigrationStatus[]): void {
  const modified = statuses.filter((s) => s.state === 'modified');
  if (modified.length > 0) {
    const names = modified.map((s) => `${String(s.version).padStart(4, '0')}_${s.name}.sql`).join(', ');
    throw new MigrationError(`already-applied migration(s) were edited: ${names}; restore them and put the change in a new migration`);
  }
  const unknown = statuses.filter((s) => s.state === 'unknown');
  if (unknown.length > 0) {
    const names = unknown.map((s) => `${String(s.version).padStart(4, '0')}_${s.name}`).join(', ');
    throw new MigrationError(`the database has migration(s) this program does not know: ${names}; run a newer daihou`);
  }
}

/** Applies every pending migration; returns the versions it applied (empty when up to date). */
export async function migrate(db: Kysely<DB>, files = bundledMigrations()): Promise<MigrationFile[]> {
  const appliedNow: MigrationFile[] = [];
  for (;;) {
    const next = await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx);
      await ensureTable(trx);
      const statuses = await migrationStatus(trx, files);
      assertConsistent(statuses);
      const pending = statuses.find((s) => s.state === 'pending');
      const file = pending && files.find((f) => f.version === pending.version);
      if (!file) return null;
      await sql.raw(file.sql).execute(trx);
      await trx.insertInto('schema_migration').values({ version: file.version, name: file.name, checksum: file.checksum }).execute();
      return file;
    });
    if (!next) return appliedNow;
    appliedNow.push(next);
  }
}
