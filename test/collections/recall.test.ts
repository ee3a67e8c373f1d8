import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { parseBusinessDate } from '../../src/domain/business-date.js';
import { closeThrough } from '../../src/jobs/close-of-business.js';
import { SYSTEM } from '../../src/modules/collections/allocation.js';
import { runCollectionsForDate } from '../../src/modules/collections/run.js';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld, call } from '../support/world.js';

const d = parseBusinessDate;

describeEachDatabase('recall (回收) and reallocation', (ctx) => {
  it('recalls on an agency term end, a bucket leaving its rule, an SLA breach and lapsed training, and places each again elsewhere; managers may reassign by hand', async () => {
    const w = await buildWorld(ctx.database);
    const { db, app } = w;
    const a = await w.user('BJ-T1', ['collector']);
    const b = await w.user('BJ-T1', ['collector']);
    await sql`INSERT INTO collector_profile (user_id, training_valid_until) SELECT id, '2026-12-31' FROM app_user`.execute(db);
    const loans = [await makeLoan(ctx.database, w.branches.BJ.id), await makeLoan(ctx.database, w.branches.BJ.id), await makeLoan(ctx.database, w.branches.BJ.id)];
    await setBusinessDate(ctx.database, '2026-02-01');
    await closeThrough(db, d('2026-02-01'));
    await runCollectionsForDate(db, d('2026-02-01'), { batch: 1 });
    const cases = await db.selectFrom('collection_case').select(['id', 'loan_id', 'owner_id']).orderBy('id').execute();
    expect(cases.map((c) => [c.loan_id, c.owner_id])).toEqual([
      [loans[0], a.id],
      [loans[1], b.id],
      [loans[2], a.id],
    ]);
    const [c1, c2, c3] = cases.map((c) => c.id) as [number, number, number];

    // c1 placed with an agency whose term ends on 02-02; c3's rule covers M0 only (the loan is M1);
    // c2's collector leaves its task undone past its SLA (c1's and c3's are done)
    const agency = await db.insertInto('collection_agency').values({ code: 'AG1', name_zh: '某催收公司', name_en: 'Agency one', branch_id: w.branches.BJ.id }).returning('id').executeTakeFirstOrThrow();
    const m0 = await db.insertInto('collection_allocation_rule').values({ code: 'bj-m0', position: 1, buckets: ['M0'], assign: 'collector', active: false }).returning('id').executeTakeFirstOrThrow();
    await db.updateTable('collection_case').set({ owner_kind: 'agency', owner_id: agency.id, owner_until: '2026-02-02' }).where('id', '=', c1).execute();
    await db.updateTable('collection_case').set({ allocation_rule_id: m0.id }).where('id', '=', c3).execute();
    await db.updateTable('collection_task').set({ status: 'done' }).where('case_id', 'in', [c1, c3]).execute();
    await closeThrough(db, d('2026-02-02'));
    await runCollectionsForDate(db, d('2026-02-02'), { batch: 1 });

    // each recall placed again at once is one transfer in the owner history: from the old owner to
    // the new, with the recall's reason and the rule that placed it (migration 0024)
    const history = await db.selectFrom('collection_case_owner').select(['case_id', 'why', 'detail', 'rule_code', 'from_kind', 'from_id', 'to_id']).where('business_date', '=', '2026-02-02').orderBy('id').execute();
    expect(history).toEqual([
      // all three to place, loads 0 and 0: c1 to the first; c2 not back to b; c3 not back to a
      { case_id: c1, why: 'recall', detail: 'agency_term_end', rule_code: 'own-branch-balance', from_kind: 'agency', from_id: agency.id, to_id: a.id },
      { case_id: c2, why: 'recall', detail: 'sla_breach', rule_code: 'own-branch-balance', from_kind: 'collector', from_id: b.id, to_id: a.id },
      { case_id: c3, why: 'recall', detail: 'bucket_change', rule_code: 'own-branch-balance', from_kind: 'collector', from_id: a.id, to_id: b.id },
    ]);
    // the first day's placements were allocations: no owner before, the rule in detail and rule_code
    const first = await db.selectFrom('collection_case_owner').select(['case_id', 'why', 'detail', 'rule_code', 'from_id', 'to_id']).where('business_date', '=', '2026-02-01').orderBy('id').execute();
    expect(first).toEqual([
      { case_id: c1, why: 'allocation', detail: 'own-branch-balance', rule_code: 'own-branch-balance', from_id: null, to_id: a.id },
      { case_id: c2, why: 'allocation', detail: 'own-branch-balance', rule_code: 'own-branch-balance', from_id: null, to_id: b.id },
      { case_id: c3, why: 'allocation', detail: 'own-branch-balance', rule_code: 'own-branch-balance', from_id: null, to_id: a.id },
    ]);

    // a's training ends on 02-03: from the close of 02-03 a may not work cases, so a's go to b
    await db.updateTable('collector_profile').set({ training_valid_until: '2026-02-03' }).where('user_id', '=', a.id).execute();
    await closeThrough(db, d('2026-02-03'));
    await runCollectionsForDate(db, d('2026-02-03'), { batch: 1 });
    const moved = await db.selectFrom('collection_case_owner').select(['case_id', 'why', 'detail', 'from_id', 'to_id']).where('business_date', '=', '2026-02-03').orderBy('id').execute();
    expect(moved).toEqual([
      { case_id: c1, why: 'recall', detail: 'owner_unavailable', from_id: a.id, to_id: b.id },
      { case_id: c2, why: 'recall', detail: 'owner_unavailable', from_id: a.id, to_id: b.id },
    ]);

    // by hand: not to a collector without current training; to a team; then back to the rules
    const manager = await w.session('BJ', ['branch_manager']);
    const assign = (body: Record<string, unknown>) => call(app, 'POST', `/api/v1/cases/${c2}/assign`, { cookie: manager.cookie, body });
    expect((await assign({ ownerKind: 'collector', ownerId: a.id, reason: '客户要求换人' })).body.errors).toEqual([{ field: 'ownerId', message: 'training not current' }]);
    expect((await assign({ ownerKind: 'team', ownerId: w.branches.SH.id, reason: '越权' })).status).toBe(403);
    const given = await assign({ ownerKind: 'team', ownerId: w.branches['BJ-T1'].id, reason: '转组跟进' });
    expect(given.body).toMatchObject({ owner: { kind: 'team', id: w.branches['BJ-T1'].id }, since: '2026-02-04' });
    await assign({ ownerKind: null, ownerId: null, reason: '重新分案' });
    const view = (await call(app, 'GET', `/api/v1/cases/${c2}`, { cookie: manager.cookie })).body;
    expect(view.owner).toBeNull();
    expect(view.ownerHistory.slice(-2).map((o: { why: string; detail: string; by: string }) => [o.why, o.detail, o.by])).toEqual([
      ['manual', '转组跟进', manager.user.username],
      ['recall', '重新分案', manager.user.username],
    ]);

    // b's training ends on 02-04 too: b's cases are recalled and, with no collector left to take
    // them, stay without an owner (the recall and the placement are written together)
    await db.updateTable('collector_profile').set({ training_valid_until: '2026-02-04' }).where('user_id', '=', b.id).execute();
    await closeThrough(db, d('2026-02-04'));
    await runCollectionsForDate(db, d('2026-02-04'), { batch: 1 });
    const stranded = await db.selectFrom('collection_case_owner').select(['case_id', 'why', 'detail', 'rule_code', 'from_id', 'to_id']).where('business_date', '=', '2026-02-04').where('by_name', '=', SYSTEM).orderBy('id').execute();
    expect(stranded).toEqual([
      { case_id: c1, why: 'recall', detail: 'owner_unavailable', rule_code: null, from_id: b.id, to_id: null },
      { case_id: c3, why: 'recall', detail: 'owner_unavailable', rule_code: null, from_id: b.id, to_id: null },
    ]);
    const owners = await db.selectFrom('collection_case').select(['id', 'owner_kind', 'owner_id', 'owner_since', 'allocation_rule_id']).orderBy('id').execute();
    expect(owners).toEqual([c1, c2, c3].map((id) => ({ id, owner_kind: null, owner_id: null, owner_since: null, allocation_rule_id: null })));
  }, 300_000);
});
