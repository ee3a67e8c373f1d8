import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { demoCredentialsFile, seedDemo } from '../src/cli/demo.js';
import { describeEachDatabase } from './support/databases.js';
import { buildWorld } from './support/world.js';

const who = { userId: null, name: 'cli:test' };

it('keeps the demo password beside an on-disk embedded database only', () => {
  expect(demoCredentialsFile({ kind: 'pglite', dataDir: '/srv/x/.daihou/pgdata' })).toBe('/srv/x/.daihou/demo-admin.json');
  expect(demoCredentialsFile({ kind: 'pglite', dataDir: null })).toBeNull();
  expect(demoCredentialsFile({ kind: 'postgres', url: 'postgres://h/db' })).toBeNull();
});

describeEachDatabase('the demo seed', (ctx) => {
  it('creates the organisation and an admin once, and gives the same sign-in on every start', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'daihou-demo-')), 'demo-admin.json');
    const first = await seedDemo(ctx.database.db, who, file);
    expect(first).toMatchObject({ username: 'admin', createdNow: true });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = await seedDemo(ctx.database.db, who, file);
    expect(second).toEqual({ username: 'admin', password: first?.password, createdNow: false });
    const codes = (await ctx.database.db.selectFrom('branch').select('code').orderBy('path').execute()).map((b) => b.code);
    expect(codes).toEqual(['HO', 'BJ', 'BJ-C1', 'SH', 'SH-F1']);
    const w = await buildWorld(ctx.database);
    await expect(w.login('admin', first?.password)).resolves.toMatch(/^daihou_session=/);
  });
});
