import type { Database } from '../db/database.js';
import { type BusinessDate, isBusinessDate } from '../domain/business-date.js';
import { closeBusinessDate, closeThrough, EodRefused, optionsFromEnv, runChunksHere } from '../jobs/close-of-business.js';
import { queueChunkRunner, startBoss } from '../jobs/eod-queue.js';
import { CliError } from './context.js';

type Values = Record<string, string | boolean | string[] | undefined>;

/** `daihou eod --date D` closes D (the business date, or a rerun of a closed one); `--through D` catches up to D. */
export async function eodCommand(values: Values, database: Database, queueUrl: string | null = null): Promise<string> {
  const date = typeof values.date === 'string' ? values.date : undefined;
  const through = typeof values.through === 'string' ? values.through : undefined;
  if ((date === undefined) === (through === undefined)) throw new CliError('usage: daihou eod --date YYYY-MM-DD | --through YYYY-MM-DD', 2);
  const target = (date ?? through) as string;
  if (!isBusinessDate(target)) throw new CliError(`not a calendar date as YYYY-MM-DD: ${JSON.stringify(target)}`, 2);
  const started = performance.now();
  // loaded here, not at the top: every daihou command would otherwise load every module's code
  const { runAfterClose } = await import('../jobs/after-close.js');
  const boss = queueUrl === null ? null : await startBoss(queueUrl);
  const runner = boss === null ? runChunksHere : queueChunkRunner(boss);
  try {
    if (date !== undefined) {
      const steps = [...(await closeBusinessDate(database.db, date as BusinessDate, optionsFromEnv(), runner)), ...(await runAfterClose(database.db, date as BusinessDate))];
      return `closed ${date}: ${steps.map((s) => `${s.step} ${s.ms} ms (${s.rows} rows)`).join(', ')}`;
    }
    const days = await closeThrough(database.db, target as BusinessDate, optionsFromEnv(), (d, steps) => {
      process.stderr.write(`closed ${d} in ${steps.reduce((t, s) => t + s.ms, 0)} ms\n`);
    }, runner, runAfterClose);
    return `closed ${days} business date(s) through ${target} in ${((performance.now() - started) / 1000).toFixed(1)} s`;
  } catch (error) {
    if (error instanceof EodRefused) throw new CliError(error.message);
    throw error;
  } finally {
    await boss?.stop({ graceful: false, wait: true });
  }
}
