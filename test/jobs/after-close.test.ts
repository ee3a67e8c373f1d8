import { describe, expect, it } from 'vitest';
import { parseBusinessDate } from '../../src/domain/business-date.js';
import { AFTER_CLOSE_STEPS, AfterCloseFailed, endOfBusinessDate, runAfterClose } from '../../src/jobs/after-close.js';
import { closeBusinessDate } from '../../src/jobs/close-of-business.js';
import { createTestDatabase, DATABASE_KINDS } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';

describe.each(DATABASE_KINDS)('after close of business on %s', (kind) => {
  it('runs every module step once the date is closed, records their timings, and a rerun repeats nothing', async () => {
    const database = await createTestDatabase(kind);
    try {
      const db = database.db;
      const branch = await db.selectFrom('branch').select('id').orderBy('id').executeTakeFirstOrThrow();
      // an unpaid loan, overdue since its first due date: every step has something to look at
      await makeLoan(database, branch.id);
      const date = parseBusinessDate('2026-03-05');
      await setBusinessDate(database, date);
      await closeBusinessDate(db, date);
      const timings = await runAfterClose(db, date);
      expect(timings.map((t) => t.step)).toEqual(AFTER_CLOSE_STEPS.map((s) => `after:${s.name}`));
      // the score runs before early warning (the score-drop indicator reads its change)
      expect(AFTER_CLOSE_STEPS.map((s) => s.name)).toEqual(['collateral', 'telematics', 'score', 'warnings', 'restructuring', 'followups', 'qa_sample', 'collections']);
      // no champion is approved: the score step scored nothing and said so
      expect(await db.selectFrom('score_run').select(['model_id', 'counts']).where('business_date', '=', date).executeTakeFirstOrThrow()).toEqual({ model_id: null, counts: expect.objectContaining({ loans: 0, note: expect.stringContaining('no approved champion') }) });
      const run = await db.selectFrom('eod_run').select('steps').where('business_date', '=', date).executeTakeFirstOrThrow();
      expect((run.steps as { step: string }[]).filter((s) => s.step.startsWith('after:'))).toHaveLength(AFTER_CLOSE_STEPS.length);
      await runAfterClose(db, date);
    } finally {
      await database.drop();
    }
  });

  it('names the step that failed and keeps the timings of the steps before it', async () => {
    const database = await createTestDatabase(kind);
    try {
      const date = parseBusinessDate('2026-01-05');
      await setBusinessDate(database, date);
      await closeBusinessDate(database.db, date);
      const failing = [
        { name: 'first', run: async () => 3 },
        {
          name: 'second',
          run: async () => {
            throw new Error('boom');
          },
        },
      ];
      await expect(runAfterClose(database.db, date, failing)).rejects.toThrow(AfterCloseFailed);
      await expect(runAfterClose(database.db, date, failing)).rejects.toThrow('after close of 2026-01-05, step second failed: boom');
      const run = await database.db.selectFrom('eod_run').select('steps').where('business_date', '=', date).executeTakeFirstOrThrow();
      expect((run.steps as { step: string; rows: number }[]).filter((s) => s.step === 'after:first').map((s) => s.rows)).toEqual([3, 3]);
    } finally {
      await database.drop();
    }
  });
});

describe('the end of a business date', () => {
  it('is midnight in China', () => {
    expect(new Date(endOfBusinessDate(parseBusinessDate('2026-11-22'))).toISOString()).toBe('2026-11-22T16:00:00.000Z');
  });
});
