import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { bundledMigrations, type MigrationFile, migrate, migrationStatus, readMigrationFiles } from '../../src/db/migrate.js';
import { prepareSchema } from '../../src/cli/serve.js';
import { describeEachDatabase } from '../support/databases.js';

const extra = (version: number, name: string, body: string): MigrationFile => ({ version, name, checksum: `sum-${body}`, sql: body });

describeEachDatabase(
  'migrations',
  (ctx) => {
    it('applies every migration once, in order, and records it', async () => {
      const { db } = ctx.database;
      expect((await migrationStatus(db)).every((s) => s.state === 'pending')).toBe(true);
      const applied = await migrate(db);
      expect(applied.map((m) => m.version)).toEqual(bundledMigrations().map((m) => m.version));
      expect(await migrate(db)).toEqual([]);
      expect((await migrationStatus(db)).every((s) => s.state === 'applied')).toBe(true);
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM branch WHERE code = 'HO'`.execute(db);
      expect(rows[0]?.n).toBe(1);
    });

    it('refuses an applied migration whose file was edited', async () => {
      const { db } = ctx.database;
      const files = bundledMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m));
      expect((await migrationStatus(db, files))[0]?.state).toBe('modified');
      await expect(migrate(db, files)).rejects.toThrow(/were edited: 0001_platform\.sql/);
    });

    it('refuses a database that has migrations this program does not know', async () => {
      const { db } = ctx.database;
      const newer = [...bundledMigrations(), extra(9001, 'from_the_future', 'CREATE TABLE future_thing (id int)')];
      await migrate(db, newer);
      await expect(migrate(db, bundledMigrations())).rejects.toThrow(/does not know: 9001_from_the_future/);
      expect((await migrationStatus(db)).find((s) => s.version === 9001)?.state).toBe('unknown');
    });

    it('leaves nothing half-applied when a migration fails', async () => {
      const { db } = ctx.database;
      const files = [...bundledMigrations(), extra(9001, 'from_the_future', 'CREATE TABLE future_thing (id int)'), extra(9002, 'broken', 'CREATE TABLE half_done (id int); SELECT 1/0;')];
      await expect(migrate(db, files)).rejects.toThrow(/division by zero/);
      const { rows } = await sql<{ present: boolean }>`SELECT to_regclass('half_done') IS NOT NULL AS present`.execute(db);
      expect(rows[0]?.present).toBe(false);
      expect((await migrationStatus(db, files)).find((s) => s.version === 9002)?.state).toBe('pending');
    });

    it('lets two migrators race without applying anything twice', async () => {
      const { db } = ctx.database;
      const files = [...bundledMigrations(), extra(9001, 'from_the_future', 'CREATE TABLE future_thing (id int)'), extra(9003, 'raced', 'CREATE TABLE raced (id int)')];
      const [a, b] = await Promise.all([migrate(db, files), migrate(db, files)]);
      expect([...(a ?? []), ...(b ?? [])].map((m) => m.version)).toEqual([9003]);
    });
  },
  { migrated: false },
);

describeEachDatabase(
  'starting a server on a schema that is behind',
  (ctx) => {
    it('migrates an embedded database by itself, and refuses a PostgreSQL one unless told --migrate', async () => {
      const lines: string[] = [];
      if (ctx.kind === 'postgres') {
        await expect(prepareSchema(ctx.database, false, (l) => lines.push(l))).rejects.toThrow(/run `daihou db migrate` or start with `daihou serve --migrate`/);
        await prepareSchema(ctx.database, true, (l) => lines.push(l));
      } else {
        await prepareSchema(ctx.database, false, (l) => lines.push(l));
      }
      const all = bundledMigrations();
      expect(lines[0]).toBe(`applied ${all.length} migration(s): ${all.map((m) => m.name).join(', ')}`);
      expect((await migrationStatus(ctx.database.db)).every((s) => s.state === 'applied')).toBe(true);
    });
  },
  { migrated: false },
);

it('reads migration files named NNNN_name.sql and refuses other names', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daihou-migrations-'));
  fs.writeFileSync(path.join(dir, '0001_first.sql'), 'SELECT 1;\r\n');
  expect(readMigrationFiles(dir)).toEqual([{ version: 1, name: 'first', checksum: expect.any(String), sql: 'SELECT 1;\n' }]);
  fs.writeFileSync(path.join(dir, 'second.sql'), 'SELECT 2;');
  expect(() => readMigrationFiles(dir)).toThrow(/not named NNNN_name\.sql/);
  fs.rmSync(dir, { recursive: true });
});
