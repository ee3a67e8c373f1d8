import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import pino from 'pino';
import { expect } from 'vitest';
import { createApp } from '../../src/api/app.js';
import type { Clock } from '../../src/api/context.js';
import type { Database } from '../../src/db/database.js';
import type { BusinessDate } from '../../src/domain/business-date.js';
import { closeBusinessDate } from '../../src/jobs/close-of-business.js';
import { generatePortfolio } from '../../src/modules/generate/portfolio.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
export const PASSWORD = 'browser-test-password';
/** The generated book's date: repayments are simulated up to it, then it is closed once. */
export const AS_OF = '2026-10-31' as BusinessDate;
export const SESSION_IDLE_MINUTES = 30;

/** Builds web/dist when it is missing or older than web/src (what `npm start` does). */
export function ensureWebBuilt(): void {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'ensure-built.mjs'), '--web'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building the web app failed:\n${result.stdout}\n${result.stderr}`);
}

/** Real time, plus however far a test has moved it (to let a session expire without waiting). */
export class ShiftedClock implements Clock {
  private shiftMs = 0;
  now(): Date {
    return new Date(Date.now() + this.shiftMs);
  }
  advanceMinutes(minutes: number): void {
    this.shiftMs += minutes * 60_000;
  }
}

/**
 * A small generated book (branches, users of every role with PASSWORD, `loans` loans with their
 * repayment history), closed once so every loan has DPD, bucket, class and stage.
 */
export async function seedBook(database: Database, loans: number): Promise<void> {
  await generatePortfolio(database.db, { loans, seed: 'browser', asOf: AS_OF, userPassword: PASSWORD, parallel: false });
  await closeBusinessDate(database.db, AS_OF);
}

export interface AppServer {
  url: string;
  clock: ShiftedClock;
  stop(): Promise<void>;
}

/** The app as `daihou serve` runs it (API and built web app), in this process on a free port. */
export async function startAppServer(database: Database): Promise<AppServer> {
  const clock = new ShiftedClock();
  const app = createApp({ db: database.db, config: { sessionIdleMinutes: SESSION_IDLE_MINUTES, cookieSecure: false }, clock, log: pino({ level: 'silent' }) });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('listening', () => resolve(server.address() as AddressInfo));
    server.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${address.port}`,
    clock,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with a profile of its own that is removed afterwards. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`the browser tests drive Debian's Chromium at ${CHROMIUM}: install it with \`apt-get install chromium\` (.ci/run does)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'daihou-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  // What a page is given to show what it was just asked for. 10 s ran out now and then in CI,
  // where every core is busy with tests; the files' polls wait as long.
  context.setDefaultTimeout(20_000);
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Saves the page as test-results/screenshots/<name>.png, for people to look at (the issue asks that
 * every page look like a product): taken after the page's content has been checked.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.join(ROOT, 'test-results', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/**
 * Chooses an option of the antd Select with this test id (its options float in a list outside the
 * form). The list it opens must be the only one open: one still closing from the select before
 * matched the option too, and the click waited on it until it timed out.
 */
export async function chooseOption(page: Page, testId: string, option: string): Promise<void> {
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count(), { timeout: 20_000, interval: 100 }).toBe(0);
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}
