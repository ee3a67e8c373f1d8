import pino from 'pino';
import { createApp } from '../../src/api/app.js';
import type { Api, Clock } from '../../src/api/context.js';
import type { Database } from '../../src/db/database.js';
import type { Role } from '../../src/domain/access.js';
import { createBranch, findBranchByCode } from '../../src/modules/org/branches.js';
import { createUser } from '../../src/modules/org/users.js';

export const PASSWORD = 'correct-horse-battery';

export class TestClock implements Clock {
  private millis: number;
  constructor(iso: string) {
    this.millis = Date.parse(iso);
  }
  now(): Date {
    return new Date(this.millis);
  }
  advanceMinutes(minutes: number): void {
    this.millis += minutes * 60_000;
  }
}

export interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  headers: Headers;
}

export interface CallOptions {
  cookie?: string | undefined;
  token?: string | undefined;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export async function call(app: Api, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await app.request(path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

const WHO = { userId: null, name: 'test-setup' };
let counter = 0;
export const unique = (prefix: string) => `${prefix}${process.pid % 1000}${++counter}`;

/**
 * A small organisation to test against: head office HO; branch BJ with team BJ-T1; branch SH.
 * Users are created on demand with any roles at any branch.
 */
export async function buildWorld(database: Database, modules?: Parameters<typeof createApp>[1]) {
  const { db } = database;
  const clock = new TestClock('2026-11-22T08:00:00.000Z');
  const app = createApp({ db, config: { sessionIdleMinutes: 30, cookieSecure: false }, clock, log: pino({ level: 'silent' }) }, modules);
  const ensureBranch = async (code: string, kind: 'branch' | 'team', parent: string) => {
    const existing = await findBranchByCode(db, code);
    if (existing) return existing;
    const parentRow = await findBranchByCode(db, parent);
    if (!parentRow) throw new Error(`no parent ${parent}`);
    return createBranch(db, WHO, { code, nameZh: `${code} 机构`, nameEn: `${code} unit`, kind, parentId: parentRow.id });
  };
  const ho = await findBranchByCode(db, 'HO');
  if (!ho) throw new Error('no head office');
  const bj = await ensureBranch('BJ', 'branch', 'HO');
  const bjTeam = await ensureBranch('BJ-T1', 'team', 'BJ');
  const sh = await ensureBranch('SH', 'branch', 'HO');
  const branches = { HO: ho, BJ: bj, 'BJ-T1': bjTeam, SH: sh };

  async function user(branch: keyof typeof branches, roles: Role[], extra: { phone?: string } = {}) {
    const username = unique('u');
    const created = await createUser(db, WHO, { username, displayName: `测试 ${username}`, branchId: branches[branch].id, roles, password: PASSWORD, ...extra });
    return { ...created, password: PASSWORD };
  }

  async function login(username: string, password = PASSWORD): Promise<string> {
    const reply = await call(app, 'POST', '/api/v1/auth/login', { body: { username, password } });
    if (reply.status !== 200) throw new Error(`login ${username} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    const cookie = reply.headers.get('set-cookie')?.split(';')[0];
    if (!cookie) throw new Error('no session cookie');
    return cookie;
  }

  async function session(branch: keyof typeof branches, roles: Role[]) {
    const u = await user(branch, roles);
    return { user: u, cookie: await login(u.username) };
  }

  return { app, db, clock, branches, user, login, session };
}

export type World = Awaited<ReturnType<typeof buildWorld>>;
