/**
 * Startup time and memory at rest of `daihou serve` on an existing embedded database: what a
 * user waits for on every `npm start` after the first. Prints the median of five starts.
 *   npm run bench -- startup
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
spawnSync(process.execPath, [path.join(ROOT, 'scripts/ensure-built.mjs')], { stdio: 'inherit' });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daihou-bench-'));
const env = { ...process.env, DATABASE_URL: `file:${path.join(dir, 'pgdata')}`, LOG_LEVEL: 'silent' };

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function start(): Promise<{ readyMs: number; healthMs: number; rss: number }> {
  const began = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/daihou.js'), 'serve', '--port', '0'], { cwd: dir, env });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (d: Buffer) => {
      seen += d.toString();
      const m = /serving (http:\/\/localhost:\d+)/.exec(seen);
      if (m?.[1]) resolve(m[1]);
    });
    child.stderr.on('data', (d: Buffer) => (seen += d.toString()));
    child.on('close', (code) => reject(new Error(`exited ${code}: ${seen}`)));
  });
  const readyMs = performance.now() - began;
  await fetch(`${url}/api/health`);
  const healthMs = performance.now() - began;
  await new Promise((r) => setTimeout(r, 3000));
  const rss = rssMiB(child.pid ?? 0);
  const closed = new Promise((r) => child.on('close', r));
  child.kill('SIGTERM');
  await closed;
  return { readyMs, healthMs, rss };
}

await start(); // the first start creates and migrates the database; it is not what is measured
const runs = [];
for (let i = 0; i < 5; i++) runs.push(await start());
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
console.log(`startup on an existing embedded database (median of ${runs.length}):`);
console.log(`  process start → listening: ${Math.round(median(runs.map((r) => r.readyMs)))} ms`);
console.log(`  process start → first /api/health answered: ${Math.round(median(runs.map((r) => r.healthMs)))} ms`);
console.log(`  resident memory at rest (3 s after start): ${median(runs.map((r) => r.rss))} MiB`);
fs.rmSync(dir, { recursive: true, force: true });
