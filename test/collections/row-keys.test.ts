import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan } from '../support/loans.js';
import { buildWorld } from '../support/world.js';

// Migration 0020: the keys of tasks, owner history and case events are checked once per statement
describeEachDatabase('the keys of collection tasks, owner history and case events', (ctx) => {
  it('refuses rows naming a missing case, another loan than the case’s or a missing branch, in a statement of many rows too, and keeps what they point at', async () => {
    const w = await buildWorld(ctx.database);
    const { db } = w;
    const [mine, other] = [await makeLoan(ctx.database, w.branches.BJ.id), await makeLoan(ctx.database, w.branches.BJ.id)];
    const opened = await db.insertInto('collection_case').values({ loan_id: mine, opened_on: '2026-11-20', reason: 'overdue' }).returning('id').executeTakeFirstOrThrow();
    const caseId = opened.id;
    const task = (over: { case_id?: number; loan_id?: number; branch_id?: number; key?: string }) => ({
      case_id: over.case_id ?? caseId,
      loan_id: over.loan_id ?? mine,
      decision_key: over.key ?? 'k',
      kind: 'warning' as const,
      for_role: 'collector' as const,
      branch_id: over.branch_id ?? w.branches.BJ.id,
      action: 'call',
      priority: 5,
      created_on: '2026-11-21',
      due_by: '2026-11-23T16:00:00Z',
      explanation: '{}',
    });
    const tasks = () => db.selectFrom('collection_task').select('decision_key').orderBy('id').execute();

    // alone, or one bad row among many good ones (more than 100 rows are checked another way), refuses the whole statement
    await expect(db.insertInto('collection_task').values(task({ key: 'x', loan_id: other })).execute()).rejects.toThrow(/collection_task/);
    const good = Array.from({ length: 150 }, (_, i) => task({ key: `good-${i}` }));
    await expect(db.insertInto('collection_task').values([...good, task({ key: 'x', case_id: caseId + 1000 })]).execute()).rejects.toThrow(/case \d+ does not exist|another loan/);
    await expect(db.insertInto('collection_task').values([...good, task({ key: 'x', loan_id: other })]).execute()).rejects.toThrow(/collection_task/);
    await expect(db.insertInto('collection_task').values([...good, task({ key: 'x', branch_id: 987_654 })]).execute()).rejects.toThrow(/collection_task/);
    expect(await tasks()).toEqual([]);
    await db.insertInto('collection_task').values(good).execute();
    expect(await tasks()).toHaveLength(150);

    await expect(db.updateTable('collection_task').set({ loan_id: other }).where('decision_key', '=', 'good-1').execute()).rejects.toThrow(/never changes/);
    await db.updateTable('collection_task').set({ status: 'cancelled', cancelled_reason: 'superseded' }).where('decision_key', '=', 'good-1').execute();

    const history = (id: number) => sql`INSERT INTO collection_case_owner (case_id, business_date, why, detail, by_name) VALUES (${id}, '2026-11-21', 'manual', 'test', 'test')`;
    await expect(history(caseId + 1000).execute(db)).rejects.toThrow(/collection_case_owner/);
    await history(caseId).execute(db);
    const event = (id: number, loanId: number) => sql`INSERT INTO collection_case_event (case_id, loan_id, business_date, kind) VALUES (${id}, ${loanId}, '2026-11-21', 'opened')`;
    await expect(event(caseId, other).execute(db)).rejects.toThrow(/collection_case_event/);
    await expect(event(caseId + 1000, mine).execute(db)).rejects.toThrow(/collection_case_event/);
    await event(caseId, mine).execute(db);
    // many rows at once (more than 100: checked by a join with every case), one of them bad
    const owners = (ids: number[]) => sql`INSERT INTO collection_case_owner (case_id, business_date, why, detail, by_name)
      SELECT id, '2026-11-21', 'manual', 'test', 'test' FROM unnest(${`{${ids.join(',')}}`}::bigint[]) AS u(id)`;
    await expect(owners([...Array.from({ length: 150 }, () => caseId), caseId + 1000]).execute(db)).rejects.toThrow(/collection_case_owner: case \d+ does not exist/);
    await owners(Array.from({ length: 150 }, () => caseId)).execute(db);
    const events = (loans: number[]) => sql`INSERT INTO collection_case_event (case_id, loan_id, business_date, kind)
      SELECT ${caseId}, l, '2026-11-21', 'opened' FROM unnest(${`{${loans.join(',')}}`}::bigint[]) AS u(l)`;
    await expect(events([...Array.from({ length: 150 }, () => mine), other]).execute(db)).rejects.toThrow(/collection_case_event/);
    await events(Array.from({ length: 150 }, () => mine)).execute(db);

    // what they point at stays: a case is never deleted nor moved to another loan
    await expect(db.deleteFrom('collection_case').where('id', '=', caseId).execute()).rejects.toThrow(/never deleted/);
    await expect(db.updateTable('collection_case').set({ loan_id: other }).where('id', '=', caseId).execute()).rejects.toThrow(/never changes/);
    await db.updateTable('collection_case').set({ segment: 'early' }).where('id', '=', caseId).execute();
  });
});
