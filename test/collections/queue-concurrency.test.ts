import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/api/context.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { permissionsOf } from '../../src/domain/access.js';
import { claimNext, completeTask } from '../../src/modules/collections/queue.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { makeLoan } from '../support/loans.js';
import { buildWorld } from '../support/world.js';

/**
 * 50 collectors of one team draw from its queue of 10,000 tasks at once, each claiming, completing
 * and claiming again until the queue is empty. PostgreSQL only: PGlite is one backend serving one
 * connection, so claimers there never overlap and the test would prove nothing about locking.
 */
const CLAIMERS = 50;
const TASKS = 10_000;
const LOANS = 10;

describe.skipIf(!process.env.TEST_DATABASE_URL)('the work queue under 50 concurrent claimers, on PostgreSQL only', () => {
  let database: TestDatabase;
  let pool: Database;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  }, 120_000);
  afterAll(async () => {
    await pool?.close();
    await database?.drop();
  });

  it('never gives one task to two claimers, and every task is claimed', async () => {
    const w = await buildWorld(database);
    const { db } = w;
    const team = w.branches['BJ-T1'];
    const collectors = await Promise.all(Array.from({ length: CLAIMERS }, () => w.user('BJ-T1', ['collector'])));
    await sql`INSERT INTO collector_profile (user_id, training_valid_until) SELECT id, '2026-12-31' FROM app_user`.execute(db);
    const loans: number[] = [];
    for (let i = 0; i < LOANS; i++) loans.push(await makeLoan(database, w.branches.BJ.id));
    await sql`
      INSERT INTO collection_case (loan_id, opened_on, reason, owner_kind, owner_id, owner_since)
      SELECT id, '2026-03-01', 'overdue', 'team', ${team.id}, '2026-03-01' FROM loan`.execute(db);
    // calls and letters, so the compliance guard is asked about most claims
    await sql`
      INSERT INTO collection_task (case_id, loan_id, decision_key, kind, for_role, branch_id, action, priority, created_on, due_by, explanation)
      SELECT c.id, c.loan_id, 'load/' || g, 'strategy', 'collector', ${w.branches.BJ.id}, CASE WHEN g % 3 = 0 THEN 'letter' ELSE 'call' END,
             1 + g % 50, '2026-03-01', timestamptz '2026-03-02 16:00Z' + (g % 97) * interval '1 minute', '{}'
        FROM generate_series(1, ${TASKS}) g
        JOIN collection_case c ON c.loan_id = (SELECT id FROM loan ORDER BY id OFFSET (g % ${LOANS}) LIMIT 1)`.execute(db);
    pool = await openDatabase({ kind: 'postgres', url: database.url! }, { poolMax: 20 });

    const now = new Date('2026-03-02T02:00:00Z'); // 10:00 in Beijing
    const claims: { taskId: number; by: number }[] = [];
    const actorOf = (u: { id: number; username: string }): Actor => ({
      userId: u.id,
      username: u.username,
      displayName: u.username,
      branchId: team.id,
      branchCode: team.code,
      branchPath: team.path,
      roles: ['collector'],
      permissions: permissionsOf(['collector']),
      via: 'session',
      credentialId: 'test',
    });
    const started = performance.now();
    await Promise.all(
      collectors.map(async (u) => {
        const actor = actorOf(u);
        for (;;) {
          const { task } = await claimNext(pool.db, actor, now);
          if (task === null) return;
          claims.push({ taskId: task.id, by: u.id });
          await completeTask(pool.db, actor, { userId: u.id, name: u.username }, task.id, undefined, now);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(`queue: ${claims.length} claims by ${CLAIMERS} claimers in ${seconds.toFixed(1)} s (${Math.round(claims.length / seconds)} claims/s)`);

    const ids = claims.map((c) => c.taskId);
    expect(new Set(ids).size).toBe(ids.length); // zero double claims
    expect(ids.length).toBe(TASKS);
    const { rows } = await sql<{ status: string; n: number }>`SELECT status, count(*)::int AS n FROM collection_task GROUP BY status`.execute(db);
    expect(rows).toEqual([{ status: 'done', n: TASKS }]);
    // each task was completed by the one who claimed it
    const doneBy = new Map((await db.selectFrom('collection_task').select(['id', 'done_by']).execute()).map((t) => [t.id, t.done_by]));
    expect(claims.every((c) => doneBy.get(c.taskId) === c.by)).toBe(true);
    // the work was shared, not taken by a few
    expect(new Set(claims.map((c) => c.by)).size).toBe(CLAIMERS);
  }, 900_000);
});
