import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const load = (env: Record<string, string>) => loadConfig(env, '/srv/daihou');

describe('configuration', () => {
  it('defaults to an embedded database on disk under the working directory', () => {
    const config = load({});
    expect(config.database).toEqual({ kind: 'pglite', dataDir: '/srv/daihou/.daihou/pgdata' });
    expect(config.port).toBe(3000);
    expect(config.logLevel).toBe('info');
  });

  it('reads the three database forms', () => {
    expect(load({ DATABASE_URL: 'memory:' }).database).toEqual({ kind: 'pglite', dataDir: null });
    expect(load({ DATABASE_URL: 'file:/var/lib/daihou' }).database).toEqual({ kind: 'pglite', dataDir: '/var/lib/daihou' });
    expect(load({ DATABASE_URL: 'postgres://u:p@db:5432/daihou' }).database).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/daihou' });
  });

  it('names every wrong variable and what it accepts', () => {
    try {
      load({ DATABASE_URL: 'mysql://x', PORT: '70000', LOG_LEVEL: 'loud', COOKIE_SECURE: 'yes' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems.map((p) => p.variable).sort()).toEqual(['COOKIE_SECURE', 'DATABASE_URL', 'LOG_LEVEL', 'PORT']);
      expect((error as Error).message).toContain('PORT: must be an integer from 1 to 65535 (got "70000")');
      expect((error as Error).message).toContain('DATABASE_URL: must be postgres://');
    }
  });
});
