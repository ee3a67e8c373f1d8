import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { addDays, type BusinessDate, parseBusinessDate } from '../../src/domain/business-date.js';
import { outstanding, replayLedger } from '../../src/domain/loan-ledger.js';
import { closeThrough } from '../../src/jobs/close-of-business.js';
import { loadLedger } from '../../src/modules/loans/ledger.js';
import { postRepayment, reverseRepayment } from '../../src/modules/loans/repayments.js';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';

const d = parseBusinessDate;
const who = { userId: null, name: 'test' };
type Db = TestDatabase['db'];

/** Each date's status read back from the history: the row holding the date, DPD = date − overdue_since. */
async function readBack(db: Db, loanId: number, from: string, through: string) {
  const { rows } = await sql<{ day: string; dpd: number | null; bucket: string | null; risk_class: string | null; stage: number | null }>`
    SELECT g.day::date::text AS day, coalesce(g.day::date - h.overdue_since, 0) AS dpd, h.bucket, h.risk_class, h.stage
      FROM generate_series(${from}::timestamp, ${through}::timestamp, interval '1 day') AS g (day)
      LEFT JOIN loan_status_history h ON h.loan_id = ${loanId} AND h.valid_from <= g.day AND (h.valid_to IS NULL OR h.valid_to >= g.day)
     ORDER BY g.day, h.valid_from`.execute(db);
  return rows;
}

async function history(db: Db, loanId: number) {
  const rows = await db.selectFrom('loan_status_history').select(['valid_from', 'valid_to', 'overdue_since', 'bucket', 'risk_class', 'stage']).where('loan_id', '=', loanId).orderBy('valid_from').execute();
  return rows;
}

async function status(db: Db, loanId: number) {
  return db.selectFrom('loan_status').select(['as_of', 'overdue_since', 'dpd', 'bucket', 'risk_class', 'stage', 'cleared_on', 'closed']).where('loan_id', '=', loanId).executeTakeFirstOrThrow();
}

async function corrections(db: Db, loanId: number) {
  return db
    .selectFrom('loan_status_history_correction')
    .select(['valid_from', 'valid_to', 'overdue_since', 'bucket', 'risk_class', 'stage', 'rederived_from', 'corrected_on', 'cause'])
    .where('loan_id', '=', loanId)
    .orderBy('corrected_on')
    .orderBy('valid_from')
    .orderBy('id')
    .execute();
}

async function events(db: Db, loanId: number) {
  const rows = await db.selectFrom('loan_event').select(['business_date', 'kind', 'from_value', 'to_value']).where('loan_id', '=', loanId).orderBy('business_date').orderBy('kind').execute();
  return rows.map((r) => `${r.business_date} ${r.kind}:${r.from_value ?? ''}→${r.to_value ?? ''}`);
}

/** What clears the first installment on 2026-02-05: 3,042.19 and the 罚息 of its four days overdue (the waterfall takes 罚息 first). */
async function arrearsOn(db: Db, loanId: number, on: BusinessDate): Promise<number> {
  const ledger = await loadLedger(db, loanId);
  const o = outstanding(replayLedger(ledger.terms, ledger.repayments, on));
  return o.overduePrincipalFen + o.overdueInterestFen + o.penaltyFen;
}

describeEachDatabase('close of business, back-dated changes', (ctx) => {
  it('re-derives the history of a loan paid back-dated, as if the payment had been posted on its value date; a back-dated reversal likewise', async () => {
    const { db } = ctx.database;
    await setBusinessDate(ctx.database, '2026-01-31');
    const late = await makeLoan(ctx.database, 1); // pays on 2026-02-05, posted on 2026-03-11
    const onTime = await makeLoan(ctx.database, 1); // pays on 2026-02-05, posted that day; reversed on 2026-03-12
    const never = await makeLoan(ctx.database, 1); // never pays
    await closeThrough(db, d('2026-02-04'));
    const valueDate = d('2026-02-05');
    const amountFen = await arrearsOn(db, onTime, valueDate);
    expect(amountFen).toBeGreaterThan(304219);
    const paid = await postRepayment(db, who, onTime, { externalId: `ontime-${onTime}`, valueDate, amountFen, channel: 'counter' });
    await closeThrough(db, d('2026-03-10'));

    // Before: the late payer's history says overdue since 02-01, M2 from 03-03.
    expect((await readBack(db, late, '2026-03-10', '2026-03-10'))[0]).toMatchObject({ dpd: 38, bucket: 'M2', risk_class: 'special_mention', stage: 2 });
    await postRepayment(db, who, late, { externalId: `late-${late}`, valueDate, amountFen, channel: 'counter' });
    expect(await db.selectFrom('eod_dirty').select(['loan_id', 'since']).execute()).toEqual([{ loan_id: late, since: '2026-02-05' }]);
    await closeThrough(db, d('2026-03-11'));

    // Read back day by day: overdue 1–4 days, cured on 02-05, current through 02-28, overdue again
    // from 03-01 (the second installment, due 02-28, is unpaid).
    const read = await readBack(db, late, '2026-01-31', '2026-03-11');
    const expected = [];
    for (let day = d('2026-01-31'); day <= '2026-03-11'; day = addDays(day, 1)) {
      if (day < '2026-02-01' || (day >= '2026-02-05' && day <= '2026-02-28')) expected.push({ day, dpd: 0, bucket: 'M0', risk_class: 'normal', stage: 1 });
      // 02-01..02-04 overdue since 01-31, 03-01.. since 02-28: the DPD is the day of the month
      else expected.push({ day, dpd: Number(day.slice(8)), bucket: 'M1', risk_class: 'special_mention', stage: 1 });
    }
    expect(read).toEqual(expected);
    // The same history and status as the loan whose payment was posted on time.
    expect(await history(db, late)).toEqual(await history(db, onTime));
    expect(await history(db, late)).toEqual([
      { valid_from: '2026-01-31', valid_to: '2026-01-31', overdue_since: null, bucket: 'M0', risk_class: 'normal', stage: 1 },
      { valid_from: '2026-02-01', valid_to: '2026-02-04', overdue_since: '2026-01-31', bucket: 'M1', risk_class: 'special_mention', stage: 1 },
      { valid_from: '2026-02-05', valid_to: '2026-02-28', overdue_since: null, bucket: 'M0', risk_class: 'normal', stage: 1 },
      { valid_from: '2026-03-01', valid_to: null, overdue_since: '2026-02-28', bucket: 'M1', risk_class: 'special_mention', stage: 1 },
    ]);
    expect(await status(db, late)).toEqual(await status(db, onTime));
    expect(await status(db, late)).toMatchObject({ as_of: '2026-03-11', dpd: 11, overdue_since: '2026-02-28', cleared_on: null });

    // Nothing silently overwritten: the rows replaced are kept, the past events stay, and one
    // event says the history was corrected; today's close starts from the corrected yesterday.
    expect(await corrections(db, late)).toEqual([
      { valid_from: '2026-02-01', valid_to: '2026-03-02', overdue_since: '2026-01-31', bucket: 'M1', risk_class: 'special_mention', stage: 1, rederived_from: '2026-02-05', corrected_on: '2026-03-11', cause: 'repayment' },
      { valid_from: '2026-03-03', valid_to: null, overdue_since: '2026-01-31', bucket: 'M2', risk_class: 'special_mention', stage: 2, rederived_from: '2026-02-05', corrected_on: '2026-03-11', cause: 'repayment' },
    ]);
    expect(await events(db, late)).toEqual([
      '2026-02-01 became_overdue:→1',
      '2026-02-01 bucket_up:M0→M1',
      '2026-02-01 class_changed:normal→special_mention',
      '2026-03-03 bucket_up:M1→M2',
      '2026-03-03 stage_changed:1→2',
      '2026-03-11 history_corrected:2026-02-05→2026-03-10',
    ]);
    expect(await corrections(db, onTime)).toEqual([]);
    const run = await db.selectFrom('eod_run').select('steps').where('business_date', '=', '2026-03-11').executeTakeFirstOrThrow();
    expect((run.steps as Array<{ step: string; rows: number }>).find((s) => s.step === 'rederive')).toMatchObject({ rows: 1 });

    // Re-deriving again changes nothing: no new correction, no new event.
    await sql`INSERT INTO eod_dirty (loan_id, since) VALUES (${late}, DATE '2026-02-03')`.execute(db);
    const before = { history: await history(db, late), corrections: await corrections(db, late) };
    await closeThrough(db, d('2026-03-12'));
    expect(await corrections(db, late)).toEqual(before.corrections);
    expect(await history(db, late)).toEqual(before.history);
    expect((await events(db, late)).filter((e) => e.includes('history_corrected'))).toHaveLength(1);

    // A reversal posted back-dated re-derives the same way: the loan paid on time now reads as the
    // one that never paid.
    await reverseRepayment(db, who, paid.repaymentId, '退票 bounced');
    await closeThrough(db, d('2026-03-13'));
    expect(await history(db, onTime)).toEqual(await history(db, never));
    expect(await status(db, onTime)).toEqual(await status(db, never));
    expect(await readBack(db, onTime, '2026-03-13', '2026-03-13')).toEqual([{ day: '2026-03-13', dpd: 41, bucket: 'M2', risk_class: 'special_mention', stage: 2 }]);
    const reversed = await corrections(db, onTime);
    expect(reversed.map((c) => [c.valid_from, c.cause, c.rederived_from, c.corrected_on])).toEqual([
      ['2026-02-01', 'reversal', '2026-02-05', '2026-03-13'],
      ['2026-02-05', 'reversal', '2026-02-05', '2026-03-13'],
      ['2026-03-01', 'reversal', '2026-02-05', '2026-03-13'],
    ]);
    expect((await events(db, onTime)).filter((e) => e.includes('history_corrected'))).toEqual(['2026-03-13 history_corrected:2026-02-05→2026-03-12']);
  }, 180_000);

  it('starts the upgrade rule\'s clock at the back-dated cure: the loan reads as if paid on time, and re-deriving for a withdrawn override changes nothing', async () => {
    const { db } = ctx.database;
    await setBusinessDate(ctx.database, '2026-03-31');
    const firstDueDate = d('2026-03-31');
    const late = await makeLoan(ctx.database, 1, { firstDueDate });
    const onTime = await makeLoan(ctx.database, 1, { firstDueDate });
    await closeThrough(db, d('2026-03-31'));
    // Both made 次级 by a manual class from 04-01 (overdue from then too), withdrawn on 04-10:
    // after that only the upgrade rule holds them there, counting from the cure.
    const overrides = await db
      .insertInto('loan_class_override')
      .values([late, onTime].map((loan_id) => ({ loan_id, risk_class: 'substandard' as const, reason: '测试 test', role: 'risk_officer', set_on: '2026-04-01' })))
      .returning('id')
      .execute();
    await closeThrough(db, d('2026-04-04'));
    const valueDate = d('2026-04-05');
    const amountFen = await arrearsOn(db, onTime, valueDate);
    await postRepayment(db, who, onTime, { externalId: `ontime-${onTime}`, valueDate, amountFen, channel: 'counter' });
    await closeThrough(db, d('2026-04-09'));
    await db
      .updateTable('loan_class_override')
      .set({ withdrawn_on: '2026-04-10', withdrawn_reason: '撤销 withdrawn', withdrawn_role: 'risk_officer', withdrawn_at: sql<string>`now()` })
      .where('id', 'in', overrides.map((o) => o.id))
      .execute();
    await closeThrough(db, d('2026-04-29'));
    expect(await status(db, late)).toMatchObject({ dpd: 29, risk_class: 'substandard', cleared_on: null });
    expect(await status(db, onTime)).toMatchObject({ dpd: 0, risk_class: 'substandard', cleared_on: '2026-04-05' });

    await postRepayment(db, who, late, { externalId: `late-${late}`, valueDate, amountFen, channel: 'counter' });
    await closeThrough(db, d('2026-04-30'));
    expect(await status(db, late)).toEqual(await status(db, onTime));
    expect(await status(db, late)).toMatchObject({ dpd: 0, risk_class: 'substandard', stage: 1, cleared_on: '2026-04-05' });
    expect(await history(db, late)).toEqual(await history(db, onTime));
    expect(await readBack(db, late, '2026-04-04', '2026-04-05')).toEqual([
      { day: '2026-04-04', dpd: 4, bucket: 'M1', risk_class: 'substandard', stage: 1 },
      { day: '2026-04-05', dpd: 0, bucket: 'M0', risk_class: 'substandard', stage: 1 },
    ]);
    expect((await corrections(db, late)).map((c) => c.cause)).not.toHaveLength(0);
    // The withdrawal marked both loans from the override's set_on: re-derived, nothing differed.
    expect(await corrections(db, onTime)).toEqual([]);
    expect((await events(db, onTime)).filter((e) => e.includes('history_corrected'))).toEqual([]);
    expect((await events(db, late)).filter((e) => e.includes('history_corrected'))).toEqual(['2026-04-30 history_corrected:2026-04-05→2026-04-29']);
  }, 180_000);
});
