import path from 'node:path';

export type DatabaseTarget =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite'; dataDir: null };

export const DATABASE_URL_FORMS = 'postgres://USER@HOST:PORT/DB, file:PATH (embedded, on disk) or memory: (embedded, in memory)';

/** Returns null for a value none of the three forms accepts. */
export function parseDatabaseUrl(value: string, cwd: string): DatabaseTarget | null {
  if (/^postgres(ql)?:\/\/[^/]+/.test(value)) {
    try {
      new URL(value);
      return { kind: 'postgres', url: value };
    } catch {
      return null;
    }
  }
  if (value === 'memory:' || value === 'memory://') return { kind: 'pglite', dataDir: null };
  if (value.startsWith('file:') && value.length > 'file:'.length) {
    const rest = value.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
    return { kind: 'pglite', dataDir: path.resolve(cwd, rest) };
  }
  return null;
}

/** For logs and messages: the password never leaves the process. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'pglite') return target.dataDir ? `embedded PGlite at ${target.dataDir}` : 'embedded PGlite in memory';
  const url = new URL(target.url);
  if (url.password) url.password = '***';
  return `PostgreSQL ${url.toString()}`;
}
