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
  /**
   * The subtree whose data the user may see. A team (催收组, 回访组) works its branch's loans, so a
   * team member's scope is the branch above the team, not the team itself.
   */
  branchPath: string;
  /** The user's own unit when it is a team (whose queue is theirs); absent: the same as branchPath. */
  unitPath?: string;
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
