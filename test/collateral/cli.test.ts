import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { DEFAULT_LISTINGS_DIR } from '../../src/modules/collateral/uk-listings.js';
import { describeEachDatabase } from '../support/databases.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

function daihou(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'src/cli/index.ts'), ...args], { cwd: env.CWD ?? ROOT, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end('');
  });
}

describeEachDatabase('daihou token --scope, import telematics and valuation fit', (ctx) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daihou-risk-cli-'));
  const env = () => ({ DATABASE_URL: ctx.database.url ?? `file:${path.join(dir, 'pgdata')}`, CWD: dir });

  it('issues a vendor token scoped to ingestion, imports a vendor file, and stores a new fit', async () => {
    if (ctx.kind === 'pglite') {
      await ctx.database.close(); // the CLI uses its own on-disk database here
      expect((await daihou(['db', 'migrate'], env())).code).toBe(0);
    }
    expect((await daihou(['user', 'add', '--username', 'gps.vendor', '--name', 'GPS 厂商', '--branch', 'HO', '--role', 'admin'], env())).code).toBe(0);
    const bad = await daihou(['token', 'create', '--username', 'gps.vendor', '--name', 'vendor', '--scope', 'telematics.everything'], env());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown permission(s) telematics.everything');
    const token = await daihou(['token', 'create', '--username', 'gps.vendor', '--name', 'vendor', '--scope', 'telematics.ingest'], env());
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/\ndh_[\w-]{40,}\n$/);

    const file = path.join(dir, 'gps.csv');
    fs.writeFileSync(file, 'event_id,device_id,at,kind,lat,lng\ne1,GPS-CLI,2026-01-01T08:00:00+08:00,position,31.23,121.47\ne2,GPS-CLI,2026-01-01T08:05:00+08:00,heartbeat,,\n');
    const imported = await daihou(['import', 'telematics', file], env());
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(/^gps\.csv: 2 events, 2 stored, 0 already there, 0 alert\(s\) raised/);
    fs.writeFileSync(file, 'event_id,device_id,at,kind,lat,lng\ne3,GPS-CLI,2026-01-01 08:00,position,31.23,121.47\n');
    const refused = await daihou(['import', 'telematics', file], env());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('row 2, column at, value "2026-01-01 08:00"');

    if (fs.existsSync(DEFAULT_LISTINGS_DIR)) {
      const fit = await daihou(['valuation', 'fit'], env());
      expect(fit.stderr).toBe('');
      expect(fit.stdout.split('\n').filter((l) => /^(economy|mid|luxury|suv|mpv|new_energy) /.test(l))).toHaveLength(6);
      expect(fit.stdout).toContain('stored as fit version 2');
    }
    // seven command runs, each a fresh process compiling TypeScript: minutes on a busy machine
  }, 300_000);
});
