import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Next } from 'hono';
import type { Api, AppEnv } from './context.js';

/** `web/dist` of this checkout: the same two levels up from src/api/ (tsx) and dist/api/ (built). */
export const DEFAULT_WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

// Vite names everything under assets/ by content hash, so a browser may keep it for good; index.html
// names the current hashes, so it is revalidated on every load and a new build shows at once.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

const NOT_BUILT = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Daihou 贷后</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto">
<h1>Daihou 贷后</h1>
<p>网页端尚未构建。请运行 <code>npm run build:web</code>（或 <code>npm start</code>，它会自动构建），然后刷新本页。</p>
<p>The web app is not built yet. Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it when needed), then reload this page.</p>
<p>API: <a href="/api/docs">/api/docs</a></p>
</body></html>`;

function wantsHtml(c: Context<AppEnv>): boolean {
  return (c.req.header('accept') ?? '').includes('text/html');
}

/** A file inside `root` for a URL path, or null: no escaping the folder, no directories, no dotfiles. */
function fileFor(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').some((part) => part.startsWith('.'))) return null;
  const full = path.resolve(root, `.${decoded}`);
  if (!full.startsWith(root + path.sep)) return null;
  try {
    return fs.statSync(full).isFile() ? full : null;
  } catch {
    return null;
  }
}

/**
 * Serves the built web app (`web/dist`) at `/`: its files, and index.html for any other GET that
 * accepts HTML so the app's own router handles deep links. `/api/...` is never answered here, so an
 * unknown API path stays a problem+json 404. When the app is not built, pages say how to build it.
 */
export function mountWebApp(app: Api, distDir: string = DEFAULT_WEB_DIST): void {
  const root = path.resolve(distDir);
  const index = path.join(root, 'index.html');
  const handler = async (c: Context<AppEnv>, next: Next) => {
    const urlPath = c.req.path;
    if (urlPath === '/api' || urlPath.startsWith('/api/')) return next();
    const file = urlPath === '/' ? null : fileFor(root, urlPath);
    if (file) {
      c.header('content-type', TYPES[path.extname(file)] ?? 'application/octet-stream');
      c.header('cache-control', file === index ? REVALIDATE : urlPath.startsWith('/assets/') ? IMMUTABLE : 'public, max-age=3600');
      return c.body(await fs.promises.readFile(file));
    }
    if (!wantsHtml(c) && urlPath !== '/') return next();
    if (!fs.existsSync(index)) {
      c.header('cache-control', REVALIDATE);
      return c.html(NOT_BUILT, 503);
    }
    c.header('cache-control', REVALIDATE);
    return c.html(await fs.promises.readFile(index, 'utf8'));
  };
  app.get('*', handler);
}
