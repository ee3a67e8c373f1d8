import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { parseBusinessDate } from '../../src/domain/business-date.js';
import { closeThrough } from '../../src/jobs/close-of-business.js';
import { runCollectionsForDate } from '../../src/modules/collections/run.js';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld, call } from '../support/world.js';

const d = parseBusinessDate;

describeEachDatabase('the contact log and its compliance guard', (ctx) => {
  it('logs attempts, refuses what the rules forbid (logging the refusal), takes corrections as new rows, and feeds what it hears to the strategy', async () => {
    const w = await buildWorld(ctx.database);
    const { app, db, clock } = w;
    const a = await w.session('BJ', ['collector']);
    const b = await w.session('BJ', ['collector']);
    const lapsed = await w.session('BJ', ['collector']);
    await sql`INSERT INTO collector_profile (user_id, training_valid_until) SELECT id, '2026-12-31' FROM app_user`.execute(db);
    await db.updateTable('collector_profile').set({ training_valid_until: '2026-01-31' }).where('user_id', '=', lapsed.user.id).execute();
    const loanId = await makeLoan(ctx.database, w.branches.BJ.id);
    await setBusinessDate(ctx.database, '2026-02-01');
    await closeThrough(db, d('2026-02-01'));
    await runCollectionsForDate(db, d('2026-02-01'));
    const caseId = (await db.selectFrom('collection_case').select('id').where('loan_id', '=', loanId).executeTakeFirstOrThrow()).id;
    const at = (local: string) => clock.advanceMinutes((Date.parse(`${local}+08:00`) - clock.now().getTime()) / 60_000);
    // a minute passes between attempts: the guard counts those strictly before the one it judges
    const log = (cookie: string, body: Record<string, unknown>) => {
      clock.advanceMinutes(1);
      return call(app, 'POST', `/api/v1/cases/${caseId}/contacts`, { cookie, body });
    };
    const emergency = (await db.selectFrom('borrower_contact').innerJoin('loan', 'loan.borrower_id', 'borrower_contact.borrower_id').select('borrower_contact.id').where('loan.id', '=', loanId).executeTakeFirstOrThrow()).id;
    at('2026-02-02T10:00:00');

    // training lapsed: refused, and waiting will not help (422)
    const untrained = await log(lapsed.cookie, { channel: 'call', party: 'borrower', outcome: 'no_answer' });
    expect(untrained.status).toBe(422);
    expect(untrained.body).toMatchObject({ rule: 'collector-training', nextAllowedAt: null });
    // a field visit needs two collectors named
    expect((await log(a.cookie, { channel: 'visit', party: 'borrower', outcome: 'right_party' })).body.errors).toEqual([{ field: 'collectorIds', message: 'name two collectors' }]);
    expect((await log(a.cookie, { channel: 'visit', party: 'borrower', outcome: 'no_answer', collectorIds: [a.user.id, lapsed.user.id] })).body.rule).toBe('collector-training');
    // the emergency contact only once the borrower cannot be reached
    const tooSoon = await log(a.cookie, { channel: 'call', party: 'emergency_contact', contactId: emergency, outcome: 'no_answer' });
    expect(tooSoon.status).toBe(422);
    expect(tooSoon.body.rule).toBe('third-party-gate');
    for (let i = 0; i < 3; i++) expect((await log(a.cookie, { channel: 'call', party: 'borrower', outcome: 'no_answer' })).status).toBe(201);
    expect((await log(a.cookie, { channel: 'call', party: 'emergency_contact', contactId: emergency, outcome: 'right_party', notes: '请其转告借款人回电' })).status).toBe(201);

    // a visit, with both collectors named
    expect((await log(a.cookie, { channel: 'visit', party: 'borrower', outcome: 'right_party', collectorIds: [a.user.id, b.user.id] })).status).toBe(201);
    // a wrong entry is corrected by a new row; the guard then counts what really happened
    const wrong = await log(a.cookie, { channel: 'call', party: 'borrower', outcome: 'no_answer' });
    expect(wrong.status).toBe(201);
    const corrected = await log(a.cookie, { channel: 'call', party: 'borrower', outcome: 'right_party', correctsId: wrong.body.id, notes: '实际已接通' });
    expect(corrected.body).toMatchObject({ correctsId: wrong.body.id, outcome: 'right_party', channel: 'call', collectorIds: [a.user.id], at: wrong.body.at });
    expect((await log(a.cookie, { channel: 'call', party: 'borrower', outcome: 'right_party', correctsId: wrong.body.id })).status).toBe(409);
    // two more conversations make three calls today (the corrected one counts); the fourth waits for 08:00 tomorrow
    expect((await log(a.cookie, { channel: 'call', party: 'borrower', outcome: 'right_party' })).status).toBe(201);
    expect((await log(b.cookie, { channel: 'call', party: 'borrower', outcome: 'hardship', notes: '失业，申请延期' })).status).toBe(201);
    const fourth = await log(b.cookie, { channel: 'call', party: 'borrower', outcome: 'right_party' });
    expect(fourth.status).toBe(409);
    expect(fourth.body).toMatchObject({ rule: 'daily-conversations', nextAllowedAt: '2026-02-03T00:00:00.000Z' });
    const refusedRows = await db.selectFrom('collection_contact').select(['status', 'rule_code', 'next_allowed_at']).where('status', '=', 'refused').orderBy('id').execute();
    expect(refusedRows.map((r) => r.rule_code)).toEqual(['collector-training', 'collector-training', 'third-party-gate', 'daily-conversations']);

    // the hardship heard on the phone puts the loan on the soft track at the next close
    await closeThrough(db, d('2026-02-02'));
    await runCollectionsForDate(db, d('2026-02-02'));
    const view = (await call(app, 'GET', `/api/v1/cases/${caseId}`, { cookie: a.cookie })).body;
    expect(view.strategy.segment).toBe('hardship');
    expect(view.tasks.at(-1).explanation.facts.tags).toEqual(['hardship']);

    // promises are checked for sense, field by field
    const past = await call(app, 'POST', `/api/v1/cases/${caseId}/promises`, { cookie: a.cookie, body: { amountFen: 100_000, dueDate: '2026-02-01' } });
    expect(past.body.errors).toEqual([{ field: 'instalments.0.dueDate', message: 'dates must be on or after the day of the promise and each later than the one before' }]);
    const two = await call(app, 'POST', `/api/v1/cases/${caseId}/promises`, { cookie: a.cookie, body: { instalments: [{ dueDate: '2026-02-05', amountFen: 150_000 }, { dueDate: '2026-02-20', amountFen: 154_219 }] } });
    expect(two.body).toMatchObject({ state: 'active', totalFen: 304_219 });
    const again = await call(app, 'POST', `/api/v1/cases/${caseId}/promises`, { cookie: a.cookie, body: { amountFen: 304_219, dueDate: '2026-02-10' } });
    expect(again.body.replaced).toEqual([two.body.id]);
  }, 300_000);
});
