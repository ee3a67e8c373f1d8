import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { addDays, type BusinessDate, parseBusinessDate } from '../../src/domain/business-date.js';
import { closeBusinessDate, closeThrough } from '../../src/jobs/close-of-business.js';
import { outstanding, payoffQuote, replayLedger } from '../../src/domain/loan-ledger.js';
import { loadLedger } from '../../src/modules/loans/ledger.js';
import { postRepayment } from '../../src/modules/loans/repayments.js';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld, call } from '../support/world.js';

const d = parseBusinessDate;
const who = { userId: null, name: 'test' };

async function status(db: TestDatabase['db'], loanId: number) {
  return db.selectFrom('loan_status').select(['as_of', 'dpd', 'bucket', 'risk_class', 'stage']).where('loan_id', '=', loanId).executeTakeFirstOrThrow();
}

async function events(db: TestDatabase['db'], loanId: number, on: string) {
  const rows = await db.selectFrom('loan_event').select(['kind', 'from_value', 'to_value']).where('loan_id', '=', loanId).where('business_date', '=', on).orderBy('kind').execute();
  return rows.map((r) => `${r.kind}:${r.from_value ?? ''}→${r.to_value ?? ''}`);
}

describeEachDatabase('close of business, day by day', (ctx) => {
  it('walks a loan that never pays through every DPD boundary', async () => {
    const { db } = ctx.database;
    const loanId = await makeLoan(ctx.database, 1);
    await setBusinessDate(ctx.database, '2026-01-31');
    const expectAt = async (date: string, dpd: number, bucket: string, riskClass: string, stage: number) => {
      await closeThrough(db, d(date));
      expect(await status(db, loanId)).toEqual({ as_of: date, dpd, bucket, risk_class: riskClass, stage });
    };
    await expectAt('2026-01-31', 0, 'M0', 'normal', 1);
    await expectAt('2026-02-01', 1, 'M1', 'special_mention', 1);
    expect(await events(db, loanId, '2026-02-01')).toEqual(['became_overdue:→1', 'bucket_up:M0→M1', 'class_changed:normal→special_mention']);
    await expectAt('2026-03-02', 30, 'M1', 'special_mention', 1);
    await expectAt('2026-03-03', 31, 'M2', 'special_mention', 2);
    expect(await events(db, loanId, '2026-03-03')).toEqual(['bucket_up:M1→M2', 'stage_changed:1→2']);
    await expectAt(addDays(d('2026-01-31'), 90), 90, 'M3', 'special_mention', 2);
    await expectAt(addDays(d('2026-01-31'), 91), 91, 'M4', 'substandard', 3);
    await expectAt(addDays(d('2026-01-31'), 270), 270, 'M7+', 'substandard', 3);
    await expectAt(addDays(d('2026-01-31'), 271), 271, 'M7+', 'doubtful', 3);
    await expectAt(addDays(d('2026-01-31'), 360), 360, 'M7+', 'doubtful', 3);
    await expectAt(addDays(d('2026-01-31'), 361), 361, 'M7+', 'loss', 3);
    const { business_date } = await db.selectFrom('business_date').select('business_date').executeTakeFirstOrThrow();
    expect(business_date).toBe(addDays(d('2026-01-31'), 362));
    // any past date reads back from the history: the row holding the date, DPD = date − overdue_since
    const past = await sql<{ bucket: string; risk_class: string; dpd: number }>`
      SELECT bucket, risk_class, (DATE '2026-04-15' - overdue_since) AS dpd FROM loan_status_history
       WHERE loan_id = ${loanId} AND valid_from <= DATE '2026-04-15' AND (valid_to IS NULL OR valid_to >= DATE '2026-04-15')`.execute(db);
    expect(past.rows).toEqual([{ bucket: 'M3', risk_class: 'special_mention', dpd: 74 }]);
    const historyRows = await db.selectFrom('loan_status_history').select(sql<number>`count(*)::int`.as('n')).where('loan_id', '=', loanId).executeTakeFirstOrThrow();
    expect(historyRows.n).toBeLessThan(20); // changes only, not a row a day
    const snapshots = await db.selectFrom('month_end_snapshot').select(['month_end', 'bucket']).where('loan_id', '=', loanId).orderBy('month_end').limit(3).execute();
    expect(snapshots).toEqual([
      { month_end: '2026-01-31', bucket: 'M0' },
      { month_end: '2026-02-28', bucket: 'M1' },
      { month_end: '2026-03-31', bucket: 'M2' },
    ]);
  }, 120_000);

  it('cures on full payment of the arrears, not on a partial one', async () => {
    const { db } = ctx.database;
    const loanId = await makeLoan(ctx.database, 1, { firstDueDate: d('2027-02-28') });
    await setBusinessDate(ctx.database, '2027-02-28');
    await closeThrough(db, d('2027-03-02'));
    expect((await status(db, loanId)).dpd).toBe(2);
    await postRepayment(db, who, loanId, { externalId: `part-${loanId}`, valueDate: d('2027-03-03'), amountFen: 100000, channel: 'counter' });
    await closeThrough(db, d('2027-03-03'));
    expect(await status(db, loanId)).toMatchObject({ dpd: 3, bucket: 'M1' });
    const ledger = await loadLedger(db, loanId);
    const due = payoffQuote(ledger.terms, ledger.repayments, d('2027-03-04'));
    const arrears = due.totalFen - due.principalFen + (ledger.terms.installments[0]?.principalFen ?? 0) - (ledger.terms.installments[1]?.interestFen ?? 0);
    await postRepayment(db, who, loanId, { externalId: `cure-${loanId}`, valueDate: d('2027-03-04'), amountFen: arrears, channel: 'counter' });
    await closeThrough(db, d('2027-03-04'));
    expect(await status(db, loanId)).toMatchObject({ dpd: 0, bucket: 'M0', risk_class: 'normal', stage: 1 });
    expect(await events(db, loanId, '2027-03-04')).toEqual(['bucket_down:M1→M0', 'class_changed:special_mention→normal', 'cured:3→0']);
  }, 60_000);

  it('keeps a non-performing loan substandard after it cures, until two on-time periods and six months have passed', async () => {
    const { db } = ctx.database;
    const loanId = await makeLoan(ctx.database, 1, { firstDueDate: d('2027-06-30') });
    await setBusinessDate(ctx.database, '2027-06-30');
    await closeThrough(db, d('2027-10-08'));
    expect(await status(db, loanId)).toMatchObject({ dpd: 100, risk_class: 'substandard', stage: 3 });
    const ledger = await loadLedger(db, loanId);
    const state = replayLedger(ledger.terms, ledger.repayments, d('2027-10-09'));
    const o = outstanding(state);
    await postRepayment(db, who, loanId, { externalId: `clear-${loanId}`, valueDate: d('2027-10-09'), amountFen: o.overduePrincipalFen + o.overdueInterestFen + o.penaltyFen, channel: 'counter' });
    await closeThrough(db, d('2027-10-09'));
    expect(await status(db, loanId)).toMatchObject({ dpd: 0, bucket: 'M0', risk_class: 'substandard', stage: 1 });
    for (const inst of ledger.terms.installments.filter((i) => i.dueDate > '2027-10-09' && i.dueDate <= '2028-04-30')) {
      await closeThrough(db, addDays(inst.dueDate, -1));
      await postRepayment(db, who, loanId, { externalId: `due-${loanId}-${inst.seq}`, valueDate: inst.dueDate, amountFen: inst.paymentFen, channel: 'direct_debit' });
      await closeThrough(db, inst.dueDate);
      const expected = inst.dueDate < '2028-04-09' ? 'substandard' : 'normal';
      expect([inst.dueDate, (await status(db, loanId)).risk_class]).toEqual([inst.dueDate, expected]);
    }
  }, 120_000);

  it('applies a manual class that is worse than the rules, from the next close, with its reason and role', async () => {
    const { db } = ctx.database;
    const loanId = await makeLoan(ctx.database, 1, { firstDueDate: d('2028-06-30') });
    await setBusinessDate(ctx.database, '2028-06-30');
    await closeThrough(db, d('2028-06-30'));
    expect((await status(db, loanId)).risk_class).toBe('normal');
    const w = await buildWorld(ctx.database);
    const risk = await w.session('HO', ['risk_officer']);
    const qa = await w.session('HO', ['qa']);
    expect((await call(w.app, 'POST', `/api/v1/loans/${loanId}/class-override`, { cookie: qa.cookie, body: { riskClass: 'doubtful', reason: 'x y' } })).status).toBe(403);
    const set = await call(w.app, 'POST', `/api/v1/loans/${loanId}/class-override`, { cookie: risk.cookie, body: { riskClass: 'doubtful', reason: '逃废债 evasion of debts' } });
    expect(set.status).toBe(201);
    expect(set.body).toMatchObject({ riskClass: 'doubtful', role: 'risk_officer', effectiveFrom: '2028-07-01' });
    await closeThrough(db, d('2028-07-01'));
    expect(await status(db, loanId)).toMatchObject({ dpd: 1, risk_class: 'doubtful' });
    expect(await events(db, loanId, '2028-07-01')).toContain('class_changed:normal→doubtful');
  });

  it('publishes each loan’s next unpaid due dates beside its status, as installments are paid or fall overdue', async () => {
    const { db } = ctx.database;
    // later than the dates the tests before it closed
    const loanId = await makeLoan(ctx.database, 1, { firstDueDate: d('2029-01-31') });
    const dues = await db.selectFrom('installment').select(['due_date', 'principal_fen', 'interest_fen']).where('loan_id', '=', loanId).orderBy('seq').execute();
    const due = (n: number) => dues[n]!.due_date;
    const published = () => db.selectFrom('loan_status').select(['as_of', 'dpd', 'next_due', 'following_due']).where('loan_id', '=', loanId).executeTakeFirstOrThrow();
    await setBusinessDate(ctx.database, '2029-01-20');
    await closeThrough(db, d('2029-01-20'));
    expect(await published()).toEqual({ as_of: '2029-01-20', dpd: 0, next_due: due(0), following_due: due(1) });
    // nothing changes the loan until its due date: the close leaves it, and the dates still hold
    await closeThrough(db, d('2029-01-30'));
    expect(await published()).toEqual({ as_of: '2029-01-20', dpd: 0, next_due: due(0), following_due: due(1) });
    // paid on its due date: the payment marks the loan, and the close moves both dates on
    await postRepayment(db, who, loanId, { externalId: `due-${loanId}`, valueDate: d('2029-01-31'), amountFen: dues[0]!.principal_fen + dues[0]!.interest_fen, channel: 'counter' });
    await closeThrough(db, d('2029-01-31'));
    expect(await published()).toEqual({ as_of: '2029-01-31', dpd: 0, next_due: due(1), following_due: due(2) });
    // the next one left unpaid: overdue from the day after, anchored on it; the next due date is the
    // one after it, and no following one is kept for an overdue loan
    await closeThrough(db, addDays(d(due(1)), 1));
    expect(await published()).toEqual({ as_of: addDays(d(due(1)), 1), dpd: 1, next_due: due(2), following_due: null });
  }, 60_000);

  it('gives the same result when a date is closed again, and refuses a date ahead of the business date', async () => {
    const { db } = ctx.database;
    const { business_date } = await db.selectFrom('business_date').select('business_date').executeTakeFirstOrThrow();
    const last = addDays(business_date as BusinessDate, -1);
    const before = await db.selectFrom('loan_status').selectAll().orderBy('loan_id').execute();
    const eventsBefore = await db.selectFrom('loan_event').select(['loan_id', 'business_date', 'kind']).orderBy('id').execute();
    await closeBusinessDate(db, last);
    expect(await db.selectFrom('loan_status').selectAll().orderBy('loan_id').execute()).toEqual(before);
    expect(await db.selectFrom('loan_event').select(['loan_id', 'business_date', 'kind']).orderBy('id').execute()).toEqual(eventsBefore);
    await expect(closeBusinessDate(db, addDays(business_date as BusinessDate, 5))).rejects.toThrow(/after the business date/);
    const w = await buildWorld(ctx.database);
    const admin = await w.session('HO', ['admin']);
    const runs = await call(w.app, 'GET', '/api/v1/eod-runs?limit=2', { cookie: admin.cookie });
    expect(runs.body.items[0]).toMatchObject({ businessDate: last, status: 'done' });
    expect(runs.body.items[0].steps.map((s: { step: string }) => s.step)).toEqual(['plan', 'select', 'penalty', 'derive', 'month_end', 'portfolio_change', 'events', 'history', 'status', 'portfolio', 'snapshot']);
  });
});
