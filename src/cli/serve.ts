import type { AddressInfo } from 'node:net';
import { serve as serveHttp } from '@hono/node-server';
import { createApp } from '../api/app.js';
import { systemClock } from '../api/context.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { optionsFromEnv } from '../jobs/close-of-business.js';
import { startEodScheduler } from '../jobs/eod-schedule.js';
import { createLogger } from '../log.js';
import { CliError, pendingMigrations } from './context.js';

/**
 * Embedded databases belong to this process alone, so pending migrations are applied at start.
 * A PostgreSQL database is shared: a program that is newer than its schema refuses to start
 * (unless told `--migrate`), so a deploy never changes a shared schema by accident.
 */
export async function prepareSchema(database: Database, allowMigrate: boolean, say: (line: string) => void): Promise<void> {
  const pending = await pendingMigrations(database);
  if (pending.length === 0) return;
  if (database.kind === 'postgres' && !allowMigrate) {
    const names = pending.map((s) => `${String(s.version).padStart(4, '0')}_${s.name}`).join(', ');
    throw new CliError(`the database schema is behind this program by ${pending.length} migration(s) (${names}); run \`daihou db migrate\` or start with \`daihou serve --migrate\``);
  }
  const applied = await migrate(database.db);
  say(`applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);
}

export interface Running {
  url: string;
  stop(): Promise<void>;
}

export async function startServer(config: Config, database: Database, port: number): Promise<Running> {
  const log = createLogger(config.logLevel);
  // Off unless configured (DAIHOU_EOD_CRON or --eod-cron): closes through yesterday in DAIHOU_EOD_TZ.
  const eodSchedule = config.eodCron ? startEodScheduler({ cron: config.eodCron, timeZone: config.eodTimeZone }, { db: database.db, log, options: optionsFromEnv() }) : undefined;
  const app = createApp({ db: database.db, config, clock: systemClock, log, eodSchedule });
  const server = serveHttp({ fetch: app.fetch, port, hostname: config.host });
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('listening', () => resolve(server.address() as AddressInfo));
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new CliError(`port ${port} on ${config.host} is already in use; choose another with --port or PORT`) : error);
    });
  }).catch(async (error: unknown) => {
    await eodSchedule?.stop();
    throw error;
  });
  const host = address.address === '127.0.0.1' || address.address === '::1' || address.address === '0.0.0.0' ? 'localhost' : address.address;
  const url = `http://${host}:${address.port}`;
  return {
    url,
    stop: async () => {
      // A close under way finishes the date it is closing before the database is closed.
      await eodSchedule?.stop();
      await new Promise<void>((resolve) => {
        // In-flight requests finish; idle keep-alive sockets are closed so shutdown is not held open.
        server.close(() => resolve());
        (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        setTimeout(() => {
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          resolve();
        }, 10_000).unref();
      });
    },
  };
}

/** Resolves when SIGINT or SIGTERM arrives; the caller then stops the server and closes the database. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
