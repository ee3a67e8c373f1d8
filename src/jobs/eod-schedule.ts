import { Cron } from 'croner';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../db/schema.js';
import type { BusinessDate } from '../domain/business-date.js';
import { DEFAULT_EOD_TIME_ZONE, eodThroughDate, isTimeZone } from '../domain/eod-schedule.js';
import { closeThrough, type EodOptions } from './close-of-business.js';

/**
 * Close of business on a timetable, inside `daihou serve`: at each tick of a cron pattern, read
 * in the lender's time zone, it closes every business date up to the day before "today" there.
 * One close at a time: a tick that comes while the previous close still runs is skipped and
 * logged (the next tick catches up, since closing is by date and a closed date is not closed
 * twice). A failed close is logged and the server goes on answering; stopping lets the date being
 * closed finish and closes no further ones.
 */
export interface EodScheduleConfig {
  cron: string;
  timeZone: string;
}

export interface EodScheduleStatus {
  cron: string;
  timeZone: string;
  nextRunAt: string | null;
  running: boolean;
}

export type TickOutcome = { kind: 'closed'; through: BusinessDate; dates: number } | { kind: 'skipped' } | { kind: 'failed'; error: string } | { kind: 'stopped' };

export interface EodScheduler {
  status(): EodScheduleStatus;
  /** Runs one tick now, as the timer would (tests and operators). */
  tick(): Promise<TickOutcome>;
  /** Stops the timer; waits for a close under way to finish its current date. */
  stop(): Promise<void>;
}

/** Why a pattern or a time zone cannot be used, or null when both are fine. */
export function checkEodSchedule(config: EodScheduleConfig): { field: 'cron' | 'timeZone'; message: string } | null {
  if (!isTimeZone(config.timeZone)) return { field: 'timeZone', message: `unknown time zone ${JSON.stringify(config.timeZone)}: use an IANA name such as ${DEFAULT_EOD_TIME_ZONE}` };
  try {
    new Cron(config.cron, { paused: true, timezone: config.timeZone }).stop();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { field: 'cron', message: `not a cron pattern (minute hour day month weekday, with an optional leading seconds field): ${JSON.stringify(config.cron)}: ${why}` };
  }
  return null;
}

class Stopping extends Error {}

export interface EodSchedulerDeps {
  db: Kysely<DB>;
  log: Logger;
  options?: EodOptions;
  /** The instant of a tick; the system clock unless a test fixes it. */
  now?: () => Date;
}

export function startEodScheduler(config: EodScheduleConfig, deps: EodSchedulerDeps): EodScheduler {
  const problem = checkEodSchedule(config);
  if (problem) throw new Error(problem.message);
  const log = deps.log.child({ job: 'eod-schedule' });
  const now = deps.now ?? (() => new Date());
  let inFlight: Promise<TickOutcome> | null = null;
  let stopping = false;

  async function closeNow(): Promise<TickOutcome> {
    const started = performance.now();
    let through: BusinessDate | null = null;
    try {
      const target = eodThroughDate(now(), config.timeZone);
      through = target;
      const dates = await closeThrough(deps.db, target, deps.options ?? {}, (date, steps) => {
        log.info({ businessDate: date, ms: steps.reduce((t, s) => t + s.ms, 0), steps }, 'close of business: date closed');
        if (stopping) throw new Stopping();
      }, undefined, async (db, date) => (await import('./after-close.js')).runAfterClose(db, date));
      const ms = Math.round(performance.now() - started);
      log.info({ through, dates, ms }, dates === 0 ? 'close of business: nothing to close' : `close of business: closed ${dates} date(s) through ${through}`);
      return { kind: 'closed', through: target, dates };
    } catch (error) {
      if (error instanceof Stopping) {
        log.info({ through }, 'close of business: stopped after the date under way, as the server stops');
        return { kind: 'stopped' };
      }
      log.error({ err: error, through }, 'close of business: scheduled run failed');
      return { kind: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
  }

  function tick(): Promise<TickOutcome> {
    if (stopping) return Promise.resolve({ kind: 'stopped' });
    if (inFlight) {
      log.warn({ cron: config.cron }, 'close of business: tick skipped, the previous close is still running');
      return Promise.resolve({ kind: 'skipped' });
    }
    const run = closeNow().finally(() => {
      inFlight = null;
    });
    inFlight = run;
    return run;
  }

  const job = new Cron(config.cron, { timezone: config.timeZone }, () => {
    void tick();
  });
  log.info({ cron: config.cron, timeZone: config.timeZone, nextRunAt: job.nextRun()?.toISOString() ?? null }, 'close of business scheduled');

  return {
    status: () => ({ cron: config.cron, timeZone: config.timeZone, nextRunAt: stopping ? null : (job.nextRun()?.toISOString() ?? null), running: inFlight !== null }),
    tick,
    async stop() {
      stopping = true;
      job.stop();
      await inFlight;
    },
  };
}
