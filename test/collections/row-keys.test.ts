import { type Kysely, sql } from 'kysely';
import type { DB } from '../../src/db/schema.js';
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
    await manyOwnersAndEvents(db, caseId, mine, other);

    // what they point at stays: a case is never deleted nor moved to another loan
    await expect(db.deleteFrom('collection_case').where('id', '=', caseId).execute()).rejects.toThrow(/never deleted/);
    await expect(db.updateTable('collection_case').set({ loan_id: other }).where('id', '=', caseId).execute()).rejects.toThrow(/never changes/);
    await db.updateTable('collection_case').set({ segment: 'early' }).where('id', '=', caseId).execute();
  });

  it('checks a statement of many rows by the keys it names once the table holds ten times as many cases, refusing the same rows (migration 0028)', async () => {
    const w = await buildWorld(ctx.database);
    const { db } = w;
    const [mine, other] = [await makeLoan(ctx.database, w.branches.BJ.id), await makeLoan(ctx.database, w.branches.BJ.id)];
    // a history of 3,000 closed cases, counted by the statistics the check reads
    await sql`INSERT INTO collection_case (loan_id, opened_on, reason, anchor_due, closed_on, close_reason)
              SELECT ${mine}, date '2026-01-01' + g % 300, 'strategy', date '2026-01-04' + g % 300, date '2026-01-05' + g % 300, 'cure'
                FROM generate_series(1, 3000) g`.execute(db);
    const caseId = (await db.insertInto('collection_case').values({ loan_id: mine, opened_on: '2026-11-20', reason: 'overdue' }).returning('id').executeTakeFirstOrThrow()).id;
    await sql`ANALYZE collection_case`.execute(db);
    const { rows } = await sql<{ n: number }>`SELECT reltuples::int AS n FROM pg_class WHERE relname = 'collection_case'`.execute(db);
    expect(rows[0]!.n).toBeGreaterThan(150 * 10);
    // 150 good rows and, when given, a 151st with what is bad about it
    const tasks = (bad: { case_id?: number; loan_id?: number; branch_id?: number } | null) => sql`
      INSERT INTO collection_task (case_id, loan_id, decision_key, kind, for_role, branch_id, action, priority, created_on, due_by, explanation)
      SELECT CASE WHEN g > 150 THEN ${bad?.case_id ?? caseId}::bigint ELSE ${caseId}::bigint END,
             CASE WHEN g > 150 THEN ${bad?.loan_id ?? mine}::bigint ELSE ${mine}::bigint END, 'k' || g, 'warning', 'collector',
             CASE WHEN g > 150 THEN ${bad?.branch_id ?? w.branches.BJ.id}::bigint ELSE ${w.branches.BJ.id}::bigint END,
             'call', 5, '2026-11-21', '2026-11-23T16:00:00Z', '{}'
        FROM generate_series(1, ${bad === null ? 150 : 151}::int) g`;
    await expect(tasks({ case_id: caseId + 1000 }).execute(db)).rejects.toThrow(/collection_task: case \d+ does not exist/);
    await expect(tasks({ loan_id: other }).execute(db)).rejects.toThrow(/collection_task/);
    await expect(tasks({ branch_id: 987_654 }).execute(db)).rejects.toThrow(/collection_task/);
    // a closed case is a case: history may be written against it
    await expect(tasks({ case_id: caseId - 1 }).execute(db)).resolves.toBeDefined();
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM collection_task WHERE loan_id = ${mine}`.execute(db)).rows[0]!.n).toBe(151);

    await manyOwnersAndEvents(db, caseId, mine, other);
    expect((await sql<{ n: number }>`SELECT ((SELECT count(*) FROM collection_case_owner WHERE case_id = ${caseId}) + (SELECT count(*) FROM collection_case_event WHERE case_id = ${caseId}))::int AS n`.execute(db)).rows[0]!.n).toBe(300);
  });
});

/**
 * 150 owner rows and 150 events for the case, each statement refused first with one bad row among
 * them (a missing case; another loan than the case's), then written.
 */
async function manyOwnersAndEvents(db: Kysely<DB>, caseId: number, mine: number, other: number) {
  const owners = (ids: number[]) => sql`INSERT INTO collection_case_owner (case_id, business_date, why, detail, by_name)
    SELECT id, '2026-11-21', 'manual', 'test', 'test' FROM unnest(${`{${ids.join(',')}}`}::bigint[]) AS u(id)`;
  await expect(owners([...Array.from({ length: 150 }, () => caseId), caseId + 1000]).execute(db)).rejects.toThrow(/collection_case_owner: case \d+ does not exist/);
  await owners(Array.from({ length: 150 }, () => caseId)).execute(db);
  const events = (loans: number[]) => sql`INSERT INTO collection_case_event (case_id, loan_id, business_date, kind)
    SELECT ${caseId}, l, '2026-11-21', 'opened' FROM unnest(${`{${loans.join(',')}}`}::bigint[]) AS u(l)`;
  await expect(events([...Array.from({ length: 150 }, () => mine), other]).execute(db)).rejects.toThrow(/collection_case_event/);
  await events(Array.from({ length: 150 }, () => mine)).execute(db);
}
