import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.js';

const noDatabase = null as never;
const appFor = (webDist: string) => createApp({ db: noDatabase, config: { sessionIdleMinutes: 30, cookieSecure: false }, clock: { now: () => new Date() }, log: pino({ level: 'silent' }) }, [], { webDist });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daihou-web-'));
fs.mkdirSync(path.join(dir, 'assets'));
fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>app</title><div id="root"></div>');
fs.writeFileSync(path.join(dir, 'assets', 'index-Ab12.js'), 'console.log(1)');
fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg/>');
fs.writeFileSync(path.join(dir, '.build-stamp'), 'x');
fs.writeFileSync(path.join(path.dirname(dir), `${path.basename(dir)}-secret.txt`), 'TOP-SECRET-CONTENT');
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.join(path.dirname(dir), `${path.basename(dir)}-secret.txt`), { force: true });
});

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('the built web app at /', () => {
  const app = appFor(dir);

  it('answers / and any deep link that accepts HTML with index.html, revalidated on every load', async () => {
    for (const url of ['/', '/loans?bucket=M2&sort=dpd', '/loans/12', '/admin/eod-runs']) {
      const res = await app.request(url, { headers: html });
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<div id="root">');
    }
  });

  it('serves hashed assets with a year-long immutable cache and other files with a short one', async () => {
    const js = await app.request('/assets/index-Ab12.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toBe('console.log(1)');
    const icon = await app.request('/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('keeps API 404s as problem+json, even for a browser asking for HTML', async () => {
    for (const url of ['/api/v1/no-such-thing', '/api', '/api/nope']) {
      const res = await app.request(url, { headers: html });
      expect(res.status, url).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await res.json()) as { type: string }).type).toBe('urn:daihou:problem:route-not-found');
    }
  });

  it('answers a missing asset (not asking for HTML) with 404, not the page', async () => {
    const res = await app.request('/assets/gone-123.js', { headers: { accept: '*/*' } });
    expect(res.status).toBe(404);
  });

  it('serves nothing outside the folder and no dotfiles', async () => {
    const secret = `${path.basename(dir)}-secret.txt`;
    for (const url of [`/..%2f${secret}`, `/%2e%2e/${secret}`, '/.build-stamp', '/assets/..%2f..%2fpackage.json']) {
      const res = await app.request(url, { headers: { accept: '*/*' } });
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('TOP-SECRET-CONTENT');
    }
  });
});

describe('before the web app is built', () => {
  const app = appFor(path.join(dir, 'not-built'));

  it('answers pages with how to build it, and the API as usual', async () => {
    const res = await app.request('/loans', { headers: html });
    expect(res.status).toBe(503);
    const body = await res.text();
    expect(body).toContain('npm run build:web');
    expect(body).toContain('网页端尚未构建');
    const api = await app.request('/api/v1/nope', { headers: html });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
