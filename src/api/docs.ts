import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Api } from './context.js';

const require = createRequire(import.meta.url);
const ASSETS = ['swagger-ui.css', 'swagger-ui-bundle.js'] as const;
const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

const PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Daihou 贷后 API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/api/docs/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#ui', withCredentials: true });</script>
</body></html>`;

/** OpenAPI 3.1 from the same zod schemas that validate requests, and a docs page served locally (no CDN). */
export function mountDocs(app: Api): void {
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Daihou 贷后 API',
      version: '1',
      description: 'Post-loan management and collections. Errors are application/problem+json; send Accept-Language: en-US for English titles.',
    },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'daihou_session' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'token', { type: 'http', scheme: 'bearer' });
  app.get('/api/docs', (c) => c.html(PAGE));
  const dir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  const cache = new Map<string, string>();
  for (const asset of ASSETS) {
    app.get(`/api/docs/${asset}`, (c) => {
      let body = cache.get(asset);
      if (body === undefined) {
        body = fs.readFileSync(path.join(dir, asset), 'utf8');
        cache.set(asset, body);
      }
      c.header('content-type', TYPES[path.extname(asset)] ?? 'application/octet-stream');
      c.header('cache-control', 'public, max-age=86400');
      return c.body(body);
    });
  }
}
