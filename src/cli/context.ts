import os from 'node:os';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { type Database, DatabaseUnavailable, openDatabase } from '../db/database.js';
import { assertConsistent, MigrationError, type MigrationStatus, migrationStatus } from '../db/migrate.js';
import type { AuditWho } from '../modules/audit/record.js';

/** A failure the operator can act on: printed as one line, exit code 1 (2 for usage). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function cliConfig(): Config {
  try {
    return loadConfig(process.env, process.cwd());
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`configuration error:\n${error.message}`, 2);
    throw error;
  }
}

export async function withDatabase<T>(config: Config, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(config.database, { poolMax: config.dbPoolMax }).catch((error: unknown) => {
    if (error instanceof DatabaseUnavailable) throw new CliError(`${error.message}\n  (DATABASE_URL=${describeUrl(config)})`);
    throw error;
  });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

function describeUrl(config: Config): string {
  if (config.database.kind !== 'postgres') return config.databaseUrl;
  const url = new URL(config.database.url);
  if (url.password) url.password = '***';
  return url.toString();
}

/** Migrations not yet applied; an edited or unknown migration stops the command. */
export async function pendingMigrations(database: Database): Promise<MigrationStatus[]> {
  const statuses = await migrationStatus(database.db);
  try {
    assertConsistent(statuses);
  } catch (error) {
    if (error instanceof MigrationError) throw new CliError(error.message);
    throw error;
  }
  return statuses.filter((s) => s.state === 'pending');
}

/** Commands that write data need a schema that is current; they do not migrate behind your back. */
export async function requireCurrentSchema(database: Database): Promise<void> {
  const pending = await pendingMigrations(database);
  if (pending.length > 0) {
    throw new CliError(`the database schema is behind by ${pending.length} migration(s); run \`daihou db migrate\` first`);
  }
}

export function cliWho(): AuditWho {
  let name = 'unknown';
  try {
    name = os.userInfo().username;
  } catch {
    // some containers have no passwd entry for the uid
  }
  return { userId: null, name: `cli:${name}` };
}
