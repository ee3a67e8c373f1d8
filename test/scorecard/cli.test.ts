import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScoreError, scoreCommand } from '../../src/cli/score.js';
import { openDatabase } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.js';
import { setBusinessDate } from '../support/loans.js';
import { BOOK_LOANS, buildBook } from './book.js';

/** `daihou score train-book` against a database named by DATABASE_URL, as an operator runs it. */
describe.each(DATABASE_KINDS)('daihou score train-book on %s', (kind) => {
  let url: string;
  let dropped: () => Promise<void>;
  const saved = process.env.DATABASE_URL;
  beforeAll(async () => {
    if (kind === 'postgres') {
      const database: TestDatabase = await createTestDatabase('postgres');
      const [ho] = await database.db.selectFrom('branch').select('id').execute();
      await buildBook(database.db, [ho!.id]);
      await setBusinessDate(database, '2026-08-10');
      url = database.url!;
      dropped = () => database.drop();
    } else {
      // the command opens the database itself: a file-backed PGlite, closed before it runs
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daihou-score-cli-'));
      const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'pgdata') });
      await migrate(database.db);
      const [ho] = await database.db.selectFrom('branch').select('id').execute();
      await buildBook(database.db, [ho!.id]);
      await setBusinessDate(database, '2026-08-10');
      await database.close();
      url = `file:${path.join(dir, 'pgdata')}`;
      dropped = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
    process.env.DATABASE_URL = url;
  }, 180_000);
  afterAll(async () => {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    await dropped?.();
  });

  it('trains on the month-end sample and registers a draft; a dry run stores nothing; a bad date is refused', { timeout: 120_000 }, async () => {
    await expect(scoreCommand(['train-book', '--as-of', '2025-12-30', '--lang', 'en-US'])).rejects.toThrow(new ScoreError('2025-12-30 is not a month end: features come from the month-end snapshots'));
    await expect(scoreCommand(['train-book', '--as-of', '31/12/2025'])).rejects.toMatchObject({ exitCode: 2 });
    const dry = await scoreCommand(['train-book', '--as-of', '2025-12-31', '--dry-run', '--lang', 'en-US']);
    expect(dry).toContain('not registered: --dry-run');
    const out = await scoreCommand(['train-book', '--as-of', '2025-12-31', '--lang', 'en-US', '--json']);
    expect(out).toMatch(/registered as draft #\d+, awaiting a risk officer's approval/);
    const figures = JSON.parse(out.split('\n').at(-1)!) as { rows: number; bads: number; auc: number; features: string[] };
    expect(figures).toMatchObject({ rows: BOOK_LOANS, features: expect.arrayContaining(['maxDpd3m']) });
    expect(figures.auc).toBeGreaterThan(0.75);
    expect(await scoreCommand(['train-book', '--as-of', '2025-12-31', '--lang', 'en-US'])).toMatch(/already registered as #\d+ \(draft\)/);
  });
});
