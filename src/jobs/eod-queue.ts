import os from 'node:os';
import type { Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import type { DB } from '../db/schema.js';
import type { BusinessDate } from '../domain/business-date.js';
import type { ChunkRunner } from './close-of-business.js';
import { type Chunk, runChunk } from './eod-chunk.js';
import type { EodOptions } from './eod-common.js';

/**
 * Close-of-business chunks on a Postgres-backed queue (pg-boss), so that `daihou worker`
 * processes on any number of machines sharing one PostgreSQL derive them in parallel. The
 * coordinator (`daihou eod --queue`) plans, enqueues, waits for eod_chunk to show every chunk
 * done, and publishes. A chunk run twice (a retried job, a slow worker) writes the same rows.
 */
export const EOD_QUEUE = 'eod-chunk';

interface ChunkJob {
  date: BusinessDate;
  chunk: Chunk;
  options: Pick<EodOptions, 'toleranceFen' | 'operationalGraceDays'>;
}

export async function startBoss(url: string): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: url, schema: 'pgboss', max: 2, schedule: false, application_name: 'daihou-eod' });
  boss.on('error', () => undefined);
  await boss.start();
  if (!(await boss.getQueue(EOD_QUEUE))) await boss.createQueue(EOD_QUEUE, { name: EOD_QUEUE, retryLimit: 3, retryDelay: 2, expireInSeconds: 15 * 60 });
  return boss;
}

export function queueChunkRunner(boss: PgBoss, wait: { pollMs?: number; timeoutMs?: number } = {}): ChunkRunner {
  return async (db, date, chunks, options) => {
    const ids = await Promise.all(
      chunks.map((chunk) =>
        boss.send(EOD_QUEUE, { date, chunk, options: { toleranceFen: options.toleranceFen, operationalGraceDays: options.operationalGraceDays } } satisfies ChunkJob),
      ),
    );
    const deadline = Date.now() + (wait.timeoutMs ?? 60 * 60_000);
    for (let polls = 0; ; polls++) {
      const open = await db.selectFrom('eod_chunk').select((eb) => eb.fn.countAll<number>().as('n')).where('business_date', '=', date).where('done_at', 'is', null).executeTakeFirstOrThrow();
      if (Number(open.n) === 0) return;
      if (polls % 10 === 9) {
        for (const id of ids) {
          const job = id === null ? null : await boss.getJobById(EOD_QUEUE, id);
          if (job?.state === 'failed') throw new Error(`a worker failed chunk job ${id} of ${date} after its retries: ${JSON.stringify(job.output)}`);
        }
      }
      if (Date.now() > deadline) throw new Error(`${open.n} chunk(s) of ${date} were not done in time: are \`daihou worker\` processes running?`);
      await new Promise((r) => setTimeout(r, wait.pollMs ?? 200));
    }
  };
}

/** Takes chunks off the queue until stopped. Returns the worker's name (host:pid). */
export async function startChunkWorker(db: Kysely<DB>, boss: PgBoss, options: { pauseMs?: number; onChunk?: (date: string, chunk: number, ms: number) => void } = {}): Promise<string> {
  const name = `${os.hostname()}:${process.pid}`;
  await boss.work<ChunkJob>(EOD_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
    if (!job) return;
    const started = performance.now();
    await runChunk(db, job.data.date, job.data.chunk, job.data.options, name);
    options.onChunk?.(job.data.date, job.data.chunk.chunk, Math.round(performance.now() - started));
    if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
  });
  return name;
}
