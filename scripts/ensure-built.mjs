// Builds dist/ (the server) and web/dist/ (the web app) when either is missing or older than its
// sources, so `npm start` on an unchanged checkout goes straight to serving. `--web` checks the web
// app only (the browser tests' setup uses it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..');

function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);

function run(label, args) {
  console.log(label);
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function ensureServerBuilt() {
  const stamp = path.join(root, 'dist', '.build-stamp');
  const sources = Math.max(newest(path.join(root, 'src')), mtime(path.join(root, 'tsconfig.json')), mtime(path.join(root, 'tsconfig.build.json')));
  if (mtime(stamp) >= sources) return;
  run('building daihou (dist/ is missing or stale)…', [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.build.json')]);
  fs.writeFileSync(stamp, new Date().toISOString());
}

function ensureWebBuilt() {
  const web = path.join(root, 'web');
  // vite empties web/dist before writing, so the stamp is written after a build that finished.
  const stamp = path.join(web, 'dist', '.build-stamp');
  const sources = Math.max(
    newest(path.join(web, 'src')),
    newest(path.join(web, 'public')),
    // the permission matrix page imports the server's own role table
    mtime(path.join(root, 'src', 'domain', 'access.ts')),
    ...['index.html', 'vite.config.ts', 'tsconfig.json'].map((f) => mtime(path.join(web, f))),
    mtime(path.join(root, 'package-lock.json')),
  );
  if (mtime(stamp) >= sources) return;
  run('building the web app (web/dist/ is missing or stale)…', [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', path.join(web, 'vite.config.ts'), '--logLevel', 'warn']);
  fs.writeFileSync(stamp, new Date().toISOString());
}

if (!process.argv.includes('--web')) ensureServerBuilt();
ensureWebBuilt();
