import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { type BusinessDate, parseBusinessDate } from '../../src/domain/business-date.js';
import { unpackFacts } from '../../src/domain/collections/packed-facts.js';
import { closeThrough } from '../../src/jobs/close-of-business.js';
import { runCollectionsForDate } from '../../src/modules/collections/run.js';
import { explanationsOf } from '../../src/modules/collections/task-explanations.js';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld } from '../support/world.js';

const d = parseBusinessDate;

describeEachDatabase('collections after close of business', (ctx) => {
  it('reminds before due, opens and allocates cases by workload, and a rerun of a date changes nothing', async () => {
    const w = await buildWorld(ctx.database);
    const { db } = w;
    const busy = await w.user('BJ-T1', ['collector']);
    const idle = await w.user('BJ-T1', ['collector']);
    const untrained = await w.user('BJ-T1', ['collector']);
    await db.insertInto('collector_profile').values([
      { user_id: busy.id, training_valid_until: '2026-12-31' },
      { user_id: idle.id, training_valid_until: '2026-12-31' },
      { user_id: untrained.id, training_valid_until: '2025-12-31' },
    ]).execute();
    const loans = [await makeLoan(ctx.database, w.branches.BJ.id), await makeLoan(ctx.database, w.branches.BJ.id), await makeLoan(ctx.database, w.branches.BJ.id, { firstDueDate: d('2026-02-28') })];
    await setBusinessDate(ctx.database, '2026-01-27');
    const day = async (date: string) => {
      await closeThrough(db, d(date));
      return runCollectionsForDate(db, date as BusinessDate, { batch: 1 });
    };
    await day('2026-01-27');
    expect(await db.selectFrom('collection_case').select('id').execute()).toEqual([]);
    const steps = await day('2026-01-28');
    expect(steps.map((s) => s.step)).toEqual(['promises', 'close', 'open', 'plans', 'evaluate', 'recall', 'allocate', 'coverage']);
    const cases = await db.selectFrom('collection_case').selectAll().orderBy('loan_id').execute();
    expect(cases.map((c) => [c.loan_id, c.reason, c.anchor_due, c.segment, c.owner_kind])).toEqual([
      [loans[0], 'strategy', '2026-01-31', 'pre-due', 'collector'],
      [loans[1], 'strategy', '2026-01-31', 'pre-due', 'collector'],
    ]);
    // balanced: one each, never the collector whose training has lapsed
    expect(cases.map((c) => c.owner_id).sort()).toEqual([busy.id, idle.id].sort());
    const tasks = await db
      .selectFrom('collection_task')
      .select(['loan_id', 'decision_key', 'action', 'due_by', 'explanation', 'facts', 'strategy_code', 'strategy_version', 'strategy_group'])
      .orderBy('loan_id')
      .execute();
    // due 24 hours after the day it is worked starts (2026-01-29 00:00 in Beijing)
    expect(tasks.map((t) => [t.loan_id, t.decision_key, t.action, t.due_by])).toEqual([
      [loans[0], 'cn-standard@1/pre-due/sms-d-3/2026-01-31#0', 'sms', '2026-01-29T16:00:00.000Z'],
      [loans[1], 'cn-standard@1/pre-due/sms-d-3/2026-01-31#0', 'sms', '2026-01-29T16:00:00.000Z'],
    ]);
    // a strategy task keeps the facts it was decided on; its explanation is rendered from them
    expect(tasks[0]!.explanation).toBeNull();
    expect(unpackFacts(tasks[0]!.facts)).toMatchObject({ loanId: loans[0], asOf: '2026-01-28', dpd: 0, nextDue: '2026-01-31' });
    expect(Array.isArray(tasks[0]!.facts)).toBe(true);
    const [explained] = await explanationsOf(db, tasks);
    expect((explained as { why: { en: string } }).why.en).toBe('day -3 from 2026-01-31: at step sms-d-3 (from day -3)');
    // the due date the reminder is about, read from the lead-time window
    expect((explained as { facts: { nextDue: string | null } }).facts.nextDue).toBe('2026-01-31');

    const before = await sql<{ n: number }>`SELECT (SELECT count(*) FROM collection_task) + (SELECT count(*) FROM collection_case) + (SELECT count(*) FROM collection_case_owner) + (SELECT count(*) FROM collection_case_event) AS n`.execute(db);
    await runCollectionsForDate(db, d('2026-01-28'));
    const after = await sql<{ n: number }>`SELECT (SELECT count(*) FROM collection_task) + (SELECT count(*) FROM collection_case) + (SELECT count(*) FROM collection_case_owner) + (SELECT count(*) FROM collection_case_event) AS n`.execute(db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);

    // a dispute hold moves the first loan's case to the held segment, which has no steps: the case
    // records where it is now without a new task; the other case stays where it was
    await db.insertInto('collection_hold').values({ loan_id: loans[0]!, kind: 'dispute', reason: '借款人对扣款有异议', from_at: '2026-01-28T08:00:00Z', placed_by: 'test' }).execute();
    await day('2026-01-29');
    const moved = await db.selectFrom('collection_case').select(['loan_id', 'segment', 'last_task_key']).orderBy('loan_id').execute();
    expect(moved).toEqual([
      { loan_id: loans[0], segment: 'held', last_task_key: 'cn-standard@1/pre-due/sms-d-3/2026-01-31#0' },
      { loan_id: loans[1], segment: 'pre-due', last_task_key: 'cn-standard@1/pre-due/sms-d-3/2026-01-31#0' },
    ]);
    expect(await db.selectFrom('collection_task').select('id').where('kind', '=', 'strategy').execute()).toHaveLength(2);
  }, 120_000);
});
