import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { DB } from '../db/schema.js';
import type { Permission, Role } from '../domain/access.js';
import type { Lang } from './i18n.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What every request can reach: the database, settings, the clock and the logger. */
export interface Deps {
  db: Kysely<DB>;
  config: Pick<Config, 'sessionIdleMinutes' | 'cookieSecure'>;
  clock: Clock;
  log: Logger;
  /** The scheduled close of business of `daihou serve`, when one is configured. */
  eodSchedule?: { status(): { cron: string; timeZone: string; nextRunAt: string | null; running: boolean } } | undefined;
}

/** The signed-in user a request acts for, with the branch subtree they may see. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  branchId: number;
  branchCode: string;
  branchPath: string;
  roles: Role[];
  permissions: ReadonlySet<Permission>;
  via: 'session' | 'token';
  credentialId: string;
}

export interface AppEnv {
  Variables: {
    deps: Deps;
    actor: Actor;
    lang: Lang;
    requestId: string;
  };
}

export type Api = OpenAPIHono<AppEnv>;
