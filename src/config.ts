import { z } from 'zod';
import { DATABASE_URL_FORMS, type DatabaseTarget, parseDatabaseUrl } from './db/database-url.js';
import { DEFAULT_EOD_TIME_ZONE } from './domain/eod-schedule.js';
import { checkEodSchedule } from './jobs/eod-schedule.js';

/**
 * Every setting comes from the environment and is checked once, at start. A wrong value stops the
 * program with the variable's name and what it accepts, rather than failing later at first use.
 */
export interface Config {
  database: DatabaseTarget;
  databaseUrl: string;
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionIdleMinutes: number;
  dbPoolMax: number;
  cookieSecure: boolean;
  /** Close of business on a timetable inside `daihou serve`; null: off. */
  eodCron: string | null;
  eodTimeZone: string;
}

export const DEFAULT_DATABASE_URL = 'file:./.daihou/pgdata';

export const ENV_DOCS: ReadonlyArray<{ name: string; default: string; allowed: string }> = [
  { name: 'DATABASE_URL', default: DEFAULT_DATABASE_URL, allowed: DATABASE_URL_FORMS },
  { name: 'PORT', default: '3000', allowed: 'an integer 1–65535' },
  { name: 'HOST', default: '127.0.0.1', allowed: 'an interface address to listen on, e.g. 0.0.0.0' },
  { name: 'LOG_LEVEL', default: 'info', allowed: 'fatal, error, warn, info, debug, trace or silent' },
  { name: 'SESSION_IDLE_MINUTES', default: '480', allowed: 'an integer 5–10080: minutes of inactivity before a session expires' },
  { name: 'DB_POOL_MAX', default: '10', allowed: 'an integer 1–200: PostgreSQL connections per process' },
  { name: 'COOKIE_SECURE', default: 'false', allowed: 'true or false: mark the session cookie Secure (behind HTTPS)' },
  { name: 'DAIHOU_EOD_CRON', default: 'off', allowed: 'a cron pattern, e.g. "30 1 * * *": daihou serve closes business through yesterday at each tick' },
  { name: 'DAIHOU_EOD_TZ', default: DEFAULT_EOD_TIME_ZONE, allowed: 'an IANA time zone: where the cron pattern and "yesterday" are read' },
];

export class ConfigError extends Error {
  constructor(readonly problems: Array<{ variable: string; message: string }>) {
    super(problems.map((p) => `${p.variable}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

const intIn = (min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max} (got ${JSON.stringify(v)})` });
        return z.NEVER;
      }
      return n;
    });

const schema = z.object({
  PORT: intIn(1, 65535, 3000),
  HOST: z.string().optional().transform((v) => v || '127.0.0.1'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: (issue) => `must be one of fatal, error, warn, info, debug, trace, silent (got ${JSON.stringify(issue.input)})`,
    })
    .optional()
    .transform((v) => v ?? 'info'),
  SESSION_IDLE_MINUTES: intIn(5, 10080, 480),
  DB_POOL_MAX: intIn(1, 200, 10),
  COOKIE_SECURE: z
    .enum(['true', 'false'], { error: (issue) => `must be true or false (got ${JSON.stringify(issue.input)})` })
    .optional()
    .transform((v) => v === 'true'),
});

export function loadConfig(env: Record<string, string | undefined>, cwd: string): Config {
  const problems: Array<{ variable: string; message: string }> = [];
  const databaseUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const database = parseDatabaseUrl(databaseUrl, cwd);
  if (!database) {
    problems.push({ variable: 'DATABASE_URL', message: `must be ${DATABASE_URL_FORMS} (got ${JSON.stringify(databaseUrl)})` });
  }
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push({ variable: String(issue.path[0]), message: issue.message });
  }
  const eodCron = env.DAIHOU_EOD_CRON?.trim() || null;
  const eodTimeZone = env.DAIHOU_EOD_TZ?.trim() || DEFAULT_EOD_TIME_ZONE;
  const eodProblem = checkEodSchedule({ cron: eodCron ?? '0 0 * * *', timeZone: eodTimeZone });
  if (eodProblem) problems.push({ variable: eodProblem.field === 'timeZone' ? 'DAIHOU_EOD_TZ' : 'DAIHOU_EOD_CRON', message: eodProblem.message });
  if (problems.length > 0 || !parsed.success || !database) throw new ConfigError(problems);
  const v = parsed.data;
  return {
    database,
    databaseUrl,
    port: v.PORT,
    host: v.HOST,
    logLevel: v.LOG_LEVEL,
    sessionIdleMinutes: v.SESSION_IDLE_MINUTES,
    dbPoolMax: v.DB_POOL_MAX,
    cookieSecure: v.COOKIE_SECURE,
    eodCron,
    eodTimeZone,
  };
}
