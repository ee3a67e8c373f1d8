import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { bundledMigrations } from '../src/db/migrate.js';
import { describeEachDatabase } from './support/databases.js';

const ROOT = path.resolve(import.meta.dirname, '..');
// Absolute, because the commands run in their own working directory where `tsx` would not resolve.
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function daihou(args: string[], env: Record<string, string>, input?: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'src/cli/index.ts'), ...args], {
      cwd: env.CWD ?? ROOT,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; saw: ${seen}`)), 45_000);
    child.stdout?.on('data', (d: Buffer) => {
      seen += d.toString();
      const m = pattern.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.stderr?.on('data', (d: Buffer) => (seen += d.toString()));
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ${pattern}; saw: ${seen}`));
    });
  });
}

it('stops on a wrong setting with the variable and what it accepts, not a stack trace', async () => {
  const out = await daihou(['serve'], { DATABASE_URL: 'mysql://localhost/x', SESSION_IDLE_MINUTES: 'forever' });
  expect(out.code).toBe(2);
  expect(out.stderr).toContain('DATABASE_URL: must be postgres://');
  expect(out.stderr).toContain('SESSION_IDLE_MINUTES: must be an integer from 5 to 10080 (got "forever")');
  expect(out.stderr).not.toMatch(/\n\s+at /);
});

it('refuses a wrong close-of-business schedule, from the flags or the environment, before opening anything', async () => {
  const flag = await daihou(['serve', '--eod-cron', '30 25 * * *'], { DATABASE_URL: 'memory:' });
  expect(flag.code).toBe(2);
  expect(flag.stderr).toContain('daihou: --eod-cron: not a cron pattern');
  const tz = await daihou(['serve', '--eod-cron', '30 1 * * *', '--eod-tz', 'Beijing'], { DATABASE_URL: 'memory:' });
  expect(tz.code).toBe(2);
  expect(tz.stderr).toContain('daihou: --eod-tz: unknown time zone "Beijing"');
  const env = await daihou(['serve'], { DATABASE_URL: 'memory:', DAIHOU_EOD_CRON: 'nightly' });
  expect(env.code).toBe(2);
  expect(env.stderr).toContain('DAIHOU_EOD_CRON: not a cron pattern');
});

it('names an unreachable PostgreSQL server plainly', async () => {
  const out = await daihou(['db', 'status'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
  expect(out.code).toBe(1);
  expect(out.stderr).toMatch(/cannot reach the database \(PostgreSQL postgres:\/\/postgres@127\.0\.0\.1:1\/none\): connect ECONNREFUSED/);
  expect(out.stderr).not.toMatch(/\n\s+at /);
});

it('answers an unknown command or flag with the usage', async () => {
  const unknown = await daihou(['frobnicate'], { DATABASE_URL: 'memory:' });
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('unknown command: frobnicate');
  expect(unknown.stderr).toContain('daihou serve [--port N] [--migrate]');
  const flag = await daihou(['serve', '--colour'], { DATABASE_URL: 'memory:' });
  expect(flag.code).toBe(2);
  expect(flag.stderr).toContain("Unknown option '--colour'");
});

describeEachDatabase(
  'the daihou command',
  (ctx) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daihou-cli-'));
    const env = () => ({ DATABASE_URL: ctx.database.url ?? `file:${path.join(dir, 'pgdata')}`, CWD: dir });

    it('migrates, reports status, and administers branches, users and tokens', async () => {
      if (ctx.kind === 'pglite') await ctx.database.close(); // the CLI uses its own on-disk database here
      const before = await daihou(['db', 'status'], env());
      expect(before.stdout).toMatch(/0001 +pending +platform/);
      if (ctx.kind === 'postgres') {
        const serveBehind = await daihou(['serve', '--port', '0'], env());
        expect(serveBehind.code).toBe(1);
        expect(serveBehind.stderr).toContain('run `daihou db migrate` or start with `daihou serve --migrate`');
      }
      const migrated = await daihou(['db', 'migrate'], env());
      const all = bundledMigrations().map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`);
      expect([migrated.stdout.trim(), migrated.code]).toEqual([`applied: ${all.join(', ')}`, 0]);
      expect((await daihou(['db', 'migrate'], env())).stdout.trim()).toBe('the schema is up to date');
      expect((await daihou(['db', 'status'], env())).stdout).toMatch(/0001 +applied +platform +\d{4}-/);

      const branch = await daihou(['branch', 'add', '--code', 'GZ', '--name-zh', '广州分行', '--name-en', 'Guangzhou Branch', '--parent', 'HO'], env());
      expect(branch.stdout.trim()).toBe('created branch GZ (广州分行) at /HO/GZ/');
      const badRole = await daihou(['user', 'add', '--username', 'wang', '--name', '王五', '--branch', 'GZ', '--role', 'boss'], env());
      expect(badRole.code).toBe(2);
      expect(badRole.stderr).toContain('unknown role(s) boss');
      const user = await daihou(['user', 'add', '--username', 'Wang.Wu', '--name', '王五', '--branch', 'GZ', '--role', 'collector', '--role', 'qa'], env());
      expect(user.code).toBe(0);
      expect(user.stdout).toMatch(/created user wang\.wu \(id \d+\) at GZ with roles collector, qa\npassword: [A-Za-z0-9]{16}\n/);
      const chosen = await daihou(['user', 'add', '--username', 'li', '--name', '李', '--branch', 'GZ', '--role', 'admin', '--password-stdin'], env(), 'my-own-long-password\n');
      expect(chosen.stdout).not.toContain('password:');
      const token = await daihou(['token', 'create', '--username', 'li', '--name', 'dialer'], env());
      expect(token.stdout).toMatch(/\ndh_[\w-]{40,}\n$/);
      const dupe = await daihou(['user', 'add', '--username', 'li', '--name', '李', '--branch', 'GZ', '--role', 'qa'], env());
      expect(dupe.code).toBe(1);
      expect(dupe.stderr).toContain('username li is taken');
    }, 120_000);

    it('serves, answers health, and shuts down cleanly on SIGTERM', async () => {
      const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'src/cli/index.ts'), 'serve', '--port', '0'], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env() },
      });
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      const [, url] = await waitForLine(child, /serving (http:\/\/localhost:\d+)/);
      const health = await fetch(`${url}/api/health`);
      expect(await health.json()).toMatchObject({ status: 'ok', database: { ok: true, pendingMigrations: 0 } });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    });
  },
  { migrated: false },
);

it('prints a schedule as exact JSON, with no database, and refuses bad terms plainly', async () => {
  const args = ['schedule', '--principal', '100000', '--annual-rate', '0.06', '--term', '36', '--method', 'annuity', '--first-due', '2026-01-31'];
  const json = await daihou([...args, '--json'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
  expect(json.code).toBe(0);
  expect(json.stdout.startsWith('{"installments":[{"seq":1,"dueDate":"2026-01-31","principalFen":254219,"interestFen":50000,"paymentFen":304219,"balanceAfterFen":9745781},{"seq":2,')).toBe(true);
  expect(json.stdout.trimEnd().endsWith('"balanceAfterFen":0}],"totalInterestFen":951901}')).toBe(true);
  expect(JSON.parse(json.stdout).installments).toHaveLength(36);
  const table = await daihou(args, {});
  expect(table.stdout).toContain('合计 Total: payments 109519.01, interest 9519.01');
  const badDate = await daihou([...args.slice(0, -1), '2026-02-29'], {});
  expect([badDate.code, badDate.stderr.trim()]).toEqual([2, 'daihou: --first-due must be a real calendar date as YYYY-MM-DD (got "2026-02-29")']);
  const badAmount = await daihou(['schedule', '--principal=-5', ...args.slice(3)], {});
  expect([badAmount.code, badAmount.stderr.trim()]).toEqual([2, 'daihou: --principal: not an amount in yuan with at most 2 decimals: "-5"']);
  const dashed = await daihou(['schedule', '--principal', '-5', ...args.slice(3)], {});
  expect(dashed.code).toBe(2);
  expect(dashed.stderr).toContain("use '--principal=-XYZ'");
  // four processes, each starting the CLI under tsx: seconds apiece on a loaded machine
}, 120_000);
