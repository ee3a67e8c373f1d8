import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, type BusinessDate, parseBusinessDate } from '../../src/domain/business-date.js';
import { closeBusinessDate, type EodOptions } from '../../src/jobs/close-of-business.js';
import { queueChunkRunner, startBoss } from '../../src/jobs/eod-queue.js';
import { postRepayment } from '../../src/modules/loans/repayments.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { publishedState } from './eod-state.js';

/**
 * Close of business across processes, on PostgreSQL only (the embedded database is one process):
 * two `daihou worker`s sharing the chunks give what one process gives, and a run killed with
 * SIGKILL mid-way leaves nothing half-written and resumes to the same result.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const who = { userId: null, name: 'test' };
const START = parseBusinessDate('2026-01-31');
const LAST = parseBusinessDate('2026-03-03');
const LOANS = 24;
const OPTIONS: EodOptions = { chunkSize: 3 };

function daihou(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'src/cli/index.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function output(child: ChildProcess): { text: () => string; waitFor: (pattern: RegExp) => Promise<void>; exited: Promise<number | null> } {
  let seen = '';
  child.stdout?.on('data', (d: Buffer) => (seen += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (seen += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return {
    text: () => seen,
    exited,
    waitFor: async (pattern) => {
      const deadline = Date.now() + 60_000;
      while (!pattern.test(seen)) {
        if (child.exitCode !== null) throw new Error(`exited before ${pattern}: ${seen}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}: ${seen}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

/** 24 loans; on each due date two in three pay; the rest fall behind. Closes through `until`. */
async function walk(database: TestDatabase, until: BusinessDate, close: (date: BusinessDate) => Promise<unknown>): Promise<void> {
  await setBusinessDate(database, START);
  const ids: number[] = [];
  for (let k = 0; k < LOANS; k++) ids.push(await makeLoan(database, 1));
  for (let date = START; date <= until; date = addDays(date, 1)) {
    if (date === '2026-01-31' || date === '2026-02-28') {
      for (const [k, id] of ids.entries()) {
        if (k % 3 !== 0) await postRepayment(database.db, who, id, { externalId: `${date}-${k}`, valueDate: date, amountFen: 304219, channel: 'counter' });
      }
    }
    await close(date);
  }
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('close of business across processes (PostgreSQL)', () => {
  let reference: TestDatabase;
  beforeAll(async () => {
    reference = await createTestDatabase('postgres');
    await walk(reference, LAST, (date) => closeBusinessDate(reference.db, date, OPTIONS));
  }, 120_000);
  afterAll(async () => {
    await reference?.drop();
  });

  it('gives the same result with two worker processes sharing the chunks as with one process', async () => {
    const shared = await createTestDatabase('postgres');
    const workers = [0, 1].map(() => daihou(['worker'], { DATABASE_URL: shared.url ?? '', DAIHOU_EOD_PAUSE_MS: '50' }));
    const outputs = workers.map(output);
    const boss = await startBoss(shared.url ?? '');
    try {
      await Promise.all(outputs.map((o) => o.waitFor(/ready/)));
      const runner = queueChunkRunner(boss, { pollMs: 50, timeoutMs: 60_000 });
      // the last dates through the queue: a month end, a due date and the days after it
      await walk(shared, LAST, (date) => closeBusinessDate(shared.db, date, OPTIONS, date >= '2026-02-27' ? runner : undefined));
      expect(await publishedState(shared.db)).toEqual(await publishedState(reference.db));
      const names = await shared.db.selectFrom('eod_chunk').select('worker').distinct().where('business_date', '>=', '2026-02-27').execute();
      const ready = outputs.map((o) => /worker (\S+) ready/.exec(o.text())?.[1]);
      expect(names.map((n) => n.worker).sort()).toEqual(ready.sort()); // both took chunks, and only they did
      for (const w of workers) w.kill('SIGTERM');
      expect(await Promise.all(outputs.map((o) => o.exited))).toEqual([0, 0]);
    } finally {
      for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
      await boss.stop({ graceful: false, wait: true });
      await shared.drop();
    }
  }, 180_000);

  it('leaves nothing half-written when the process is killed mid-run, and a rerun completes the date identically', async () => {
    const killed = await createTestDatabase('postgres');
    try {
      await walk(killed, addDays(LAST, -1), (date) => closeBusinessDate(killed.db, date, OPTIONS));
      const before = await publishedState(killed.db, { penalties: false });
      const child = daihou(['eod', '--date', LAST], { DATABASE_URL: killed.url ?? '', DAIHOU_EOD_CHUNK: '3', DAIHOU_EOD_PAUSE_MS: '300' });
      const out = output(child);
      const deadline = Date.now() + 60_000;
      for (;;) {
        const done = await killed.db.selectFrom('eod_chunk').select('chunk').where('business_date', '=', LAST).where('done_at', 'is not', null).execute();
        if (done.length >= 2) break;
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the run ended before it could be killed: ${out.text()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      child.kill('SIGKILL');
      expect(await out.exited).toBe(-1);
      expect(await publishedState(killed.db, { penalties: false })).toEqual(before);
      const run = await killed.db.selectFrom('eod_run').select('status').where('business_date', '=', LAST).executeTakeFirstOrThrow();
      expect(run.status).toBe('running');
      const open = await killed.db.selectFrom('eod_chunk').select('chunk').where('business_date', '=', LAST).where('done_at', 'is', null).execute();
      expect(open.length).toBeGreaterThan(0);
      const steps = await closeBusinessDate(killed.db, LAST, OPTIONS);
      expect(steps.find((s) => s.step === 'plan')?.rows).toBe(open.length); // resumed, not restarted
      expect(await publishedState(killed.db)).toEqual(await publishedState(reference.db));
    } finally {
      await killed.drop();
    }
  }, 180_000);
});
