import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { addDays, parseBusinessDate } from '../../src/domain/business-date.js';
import { closeThrough } from '../../src/jobs/close-of-business.js';
import { postRepayment } from '../../src/modules/loans/repayments.js';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld, call } from '../support/world.js';

const d = parseBusinessDate;

async function riskClass(db: TestDatabase['db'], loanId: number) {
  return (await db.selectFrom('loan_status').select('risk_class').where('loan_id', '=', loanId).executeTakeFirstOrThrow()).risk_class;
}

async function classOn(db: TestDatabase['db'], loanId: number, date: string) {
  const { rows } = await sql<{ risk_class: string }>`
    SELECT risk_class FROM loan_status_history WHERE loan_id = ${loanId} AND valid_from <= ${date}::date AND (valid_to IS NULL OR valid_to >= ${date}::date)`.execute(db);
  return rows[0]?.risk_class;
}

describeEachDatabase('withdrawing a manual 五级分类', (ctx) => {
  it('withdraws once, with who, role and why; close of business stops applying it from the next close', async () => {
    const { db } = ctx.database;
    const w = await buildWorld(ctx.database);
    const risk = await w.session('BJ', ['risk_officer']);
    const collector = await w.session('BJ', ['collector']);
    // nothing falls due before 2028-06-30, so the rules alone say 正常 throughout
    const loanId = await makeLoan(ctx.database, w.branches.BJ.id, { firstDueDate: d('2028-06-30') });
    await setBusinessDate(ctx.database, '2028-06-01');
    await closeThrough(db, d('2028-06-01'));
    const set = await call(w.app, 'POST', `/api/v1/loans/${loanId}/class-override`, { cookie: risk.cookie, body: { riskClass: 'special_mention', reason: '经营异常 business trouble reported' } });
    expect(set.body).toMatchObject({ effectiveFrom: '2028-06-02' });
    await closeThrough(db, d('2028-06-04'));
    expect(await riskClass(db, loanId)).toBe('special_mention');

    const withdrawn = await call(w.app, 'POST', `/api/v1/loans/${loanId}/class-overrides/${set.body.id}/withdraw`, { cookie: risk.cookie, body: { reason: '已核实经营正常 verified as trading normally' } });
    expect(withdrawn.status).toBe(201);
    expect(withdrawn.body).toMatchObject({ id: set.body.id, loanId, riskClass: 'special_mention', withdrawnOn: '2028-06-05', withdrawnRole: 'risk_officer', effectiveUntil: '2028-06-05' });
    // nothing changes until the next close
    expect(await riskClass(db, loanId)).toBe('special_mention');
    await closeThrough(db, d('2028-06-05'));
    // 关注 is not non-performing and nothing is in arrears, so the upgrade rule lets it go at once
    expect(await riskClass(db, loanId)).toBe('normal');
    expect(await classOn(db, loanId, '2028-06-04')).toBe('special_mention');
    expect(await classOn(db, loanId, '2028-06-05')).toBe('normal');
    const events = await db.selectFrom('loan_event').select(['business_date', 'from_value', 'to_value']).where('loan_id', '=', loanId).where('kind', '=', 'class_changed').orderBy('business_date').execute();
    expect(events).toEqual([
      { business_date: '2028-06-02', from_value: 'normal', to_value: 'special_mention' },
      { business_date: '2028-06-05', from_value: 'special_mention', to_value: 'normal' },
    ]);
    // a rerun of a date before the withdrawal still applies it: the history does not change
    await closeThrough(db, d('2028-06-05'));
    expect(await classOn(db, loanId, '2028-06-04')).toBe('special_mention');

    const twice = await call(w.app, 'POST', `/api/v1/loans/${loanId}/class-overrides/${set.body.id}/withdraw`, { cookie: risk.cookie, headers: { 'accept-language': 'en-US' }, body: { reason: 'again' } });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ type: 'urn:daihou:problem:conflict', detail: 'this manual class was already withdrawn on 2028-06-05' });
    expect((await call(w.app, 'POST', `/api/v1/loans/${loanId}/class-overrides/${set.body.id}/withdraw`, { cookie: risk.cookie, body: {} })).status).toBe(400);

    const listed = await call(w.app, 'GET', `/api/v1/loans/${loanId}/class-overrides`, { cookie: collector.cookie });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id: set.body.id,
        riskClass: 'special_mention',
        reason: '经营异常 business trouble reported',
        role: 'risk_officer',
        setBy: risk.user.username,
        setOn: '2028-06-02',
        status: 'withdrawn',
        withdrawal: expect.objectContaining({ withdrawnOn: '2028-06-05', reason: '已核实经营正常 verified as trading normally', role: 'risk_officer', byUserId: risk.user.id, by: risk.user.username }),
      }),
    ]);
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'loan.class_override_withdraw').where('entity_id', '=', String(loanId)).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: risk.user.id, reason: '已核实经营正常 verified as trading normally', branch_path: '/HO/BJ/' });

    // the row takes no other change, and is never deleted
    await expect(sql`UPDATE loan_class_override SET risk_class = 'loss' WHERE id = ${set.body.id}`.execute(db)).rejects.toThrow(/only withdrawn/);
    await expect(sql`DELETE FROM loan_class_override WHERE id = ${set.body.id}`.execute(db)).rejects.toThrow(/only withdrawn/);
  }, 60_000);

  it('does not better a non-performing class at once: the upgrade rule still holds after a withdrawal', async () => {
    const { db } = ctx.database;
    const w = await buildWorld(ctx.database);
    const risk = await w.session('HO', ['risk_officer']);
    const loanId = await makeLoan(ctx.database, w.branches.SH.id, { firstDueDate: d('2029-06-30') });
    const other = await makeLoan(ctx.database, w.branches.SH.id, { firstDueDate: d('2029-06-30') });
    await setBusinessDate(ctx.database, '2029-06-01');
    await closeThrough(db, d('2029-06-01'));
    const set = await call(w.app, 'POST', `/api/v1/loans/${loanId}/class-override`, { cookie: risk.cookie, body: { riskClass: 'doubtful', reason: '逃废债 evasion of debts' } });
    await closeThrough(db, d('2029-06-02'));
    expect(await riskClass(db, loanId)).toBe('doubtful');

    // an override is withdrawn through its own loan only
    expect((await call(w.app, 'POST', `/api/v1/loans/${other}/class-overrides/${set.body.id}/withdraw`, { cookie: risk.cookie, body: { reason: 'wrong loan' } })).status).toBe(404);
    const withdrawn = await call(w.app, 'POST', `/api/v1/loans/${loanId}/class-overrides/${set.body.id}/withdraw`, { cookie: risk.cookie, body: { reason: '误判 set in error' } });
    expect(withdrawn.body.withdrawnOn).toBe('2029-06-03');

    // 可疑 is non-performing: it stays until the arrears are cleared and two on-time periods and six
    // months have passed, however the class was reached; the override itself no longer counts
    await closeThrough(db, d('2029-06-10'));
    expect(await riskClass(db, loanId)).toBe('doubtful');
    const applied = await db.selectFrom('loan_class_override').select('id').where('loan_id', '=', loanId).where((eb) => eb.or([eb('withdrawn_on', 'is', null), eb('withdrawn_on', '>', '2029-06-10')])).execute();
    expect(applied).toEqual([]);

    // …and it does get better: the loan pays every installment on its due date, and once two
    // on-time periods and six months have passed since the rules first allowed 正常, it is 正常
    const due = await db.selectFrom('installment').select(['due_date', 'principal_fen', 'interest_fen']).where('loan_id', '=', loanId).where('version', '=', 1).execute();
    const dueOn = new Map(due.map((i) => [i.due_date, i.principal_fen + i.interest_fen]));
    for (let date = d('2029-06-11'); date <= d('2029-12-02'); date = addDays(date, 1)) {
      const amount = dueOn.get(date);
      if (amount !== undefined) await postRepayment(db, { userId: null, name: 'test' }, loanId, { externalId: `ontime-${loanId}-${date}`, valueDate: date, amountFen: amount, channel: 'direct_debit' });
      await closeThrough(db, date);
    }
    expect(await riskClass(db, loanId)).toBe('doubtful'); // 2029-12-02: six months not yet over
    await closeThrough(db, d('2029-12-03')); // six months after the withdrawal took effect (06-03)
    expect(await riskClass(db, loanId)).toBe('normal');
  }, 120_000);
});
