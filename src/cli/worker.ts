import type { Config } from '../config.js';
import { startBoss, startChunkWorker } from '../jobs/eod-queue.js';
import { CliError, requireCurrentSchema, withDatabase } from './context.js';
import { untilSignal } from './serve.js';

/** The PostgreSQL URL a queue needs; the embedded database has no other processes to share with. */
export function queueUrl(config: Config, what: string): string {
  if (config.database.kind !== 'postgres') throw new CliError(`${what} needs PostgreSQL (DATABASE_URL=postgres://…): the embedded database runs close of business in-process`, 2);
  return config.database.url;
}

/** `daihou worker`: derives close-of-business chunks from the queue until SIGINT or SIGTERM. */
export async function workerCommand(config: Config): Promise<void> {
  const url = queueUrl(config, 'daihou worker');
  await withDatabase(config, async (database) => {
    await requireCurrentSchema(database);
    const boss = await startBoss(url);
    try {
      const pauseMs = Number(process.env.DAIHOU_EOD_PAUSE_MS ?? 0) || undefined;
      const name = await startChunkWorker(database.db, boss, {
        ...(pauseMs ? { pauseMs } : {}),
        onChunk: (date, chunk, ms) => console.log(`chunk ${chunk} of ${date} in ${ms} ms`),
      });
      console.log(`worker ${name} ready: taking close-of-business chunks`);
      const signal = await untilSignal();
      console.log(`worker ${name} stopping (${signal})`);
    } finally {
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    }
  });
}
