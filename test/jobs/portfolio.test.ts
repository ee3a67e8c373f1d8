import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import type { DB } from '../../src/db/schema.js';
import { addDays, type BusinessDate, parseBusinessDate } from '../../src/domain/business-date.js';
import { payoffQuote } from '../../src/domain/loan-ledger.js';
import { closeBusinessDate, type EodOptions } from '../../src/jobs/close-of-business.js';
import { isMonthEnd } from '../../src/jobs/eod-chunk.js';
import { InjectedFault } from '../../src/jobs/eod-common.js';
import { lastMonthEnds, monthEndsFromSnapshots } from '../../src/jobs/eod-portfolio.js';
import { loadLedger } from '../../src/modules/loans/ledger.js';
import { postRepayment, reverseRepayment } from '../../src/modules/loans/repayments.js';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld } from '../support/world.js';

const d = parseBusinessDate;
const who = { userId: null, name: 'test' };
const START = d('2026-01-31');
const END = d('2026-04-02');
const OPTIONS: EodOptions = { chunkSize: 4 };
const INSTALLMENT = 304219;
type Db = Kysely<DB>;

/**
 * Each open loan's amounts and DPD straight from its schedule, and the dashboard's groups added up
 * from them: what portfolio_current must equal after every close. Bucket from the bands; class and
 * stage (which need the upgrade rule's memory) from loan_status.
 */
async function direct(db: Db, date: BusinessDate) {
  const loans = sql`
    SELECT l.id AS loan_id, l.branch_id, l.product_code,
           sum(i.principal_fen - i.principal_paid_fen)::bigint AS outstanding_principal_fen,
           coalesce(sum(i.principal_fen + i.interest_fen - i.principal_paid_fen - i.interest_paid_fen) FILTER (WHERE i.due_date < ${date} AND i.settled_on IS NULL), 0)::bigint AS overdue_fen,
           sum(i.penalty_fen - i.penalty_paid_fen)::bigint AS penalty_due_fen,
           coalesce(${date}::date - min(i.due_date) FILTER (WHERE i.due_date < ${date} AND i.settled_on IS NULL), 0) AS dpd
      FROM loan l JOIN installment i ON i.loan_id = l.id AND i.version = l.schedule_version
     WHERE l.status = 'active' AND l.disbursement_date <= ${date}
     GROUP BY l.id`;
  const perLoan = await sql<{ loan_id: number; outstanding_principal_fen: number; overdue_fen: number; penalty_due_fen: number; dpd: number }>`
    SELECT loan_id, outstanding_principal_fen, overdue_fen, penalty_due_fen, dpd FROM (${loans}) a ORDER BY loan_id`.execute(db);
  const groups = await sql<Record<string, unknown>>`
    SELECT a.branch_id, a.product_code, b.code AS bucket, s.risk_class, s.stage,
           count(*)::int AS loans, sum(a.outstanding_principal_fen)::bigint AS outstanding_principal_fen, sum(a.overdue_fen)::bigint AS overdue_fen,
           sum(a.penalty_due_fen)::bigint AS penalty_due_fen,
           (count(*) FILTER (WHERE a.dpd > 0))::int AS overdue_loans, coalesce(sum(a.outstanding_principal_fen) FILTER (WHERE a.dpd > 0), 0)::bigint AS overdue_principal_fen,
           (count(*) FILTER (WHERE a.dpd > 30))::int AS dpd30_loans, coalesce(sum(a.outstanding_principal_fen) FILTER (WHERE a.dpd > 30), 0)::bigint AS dpd30_principal_fen
      FROM (${loans}) a
      JOIN loan_status s ON s.loan_id = a.loan_id
      JOIN delinquency_band b ON a.dpd >= b.min_dpd AND (b.max_dpd IS NULL OR a.dpd <= b.max_dpd)
     GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`.execute(db);
  return { perLoan: perLoan.rows, groups: groups.rows };
}

async function published(db: Db, date: BusinessDate) {
  const order = sql`branch_id, product_code, bucket, risk_class, stage`;
  const current = await db.selectFrom('portfolio_current').selectAll().orderBy(order).execute();
  const daily = await db.selectFrom('portfolio_daily').selectAll().where('business_date', '=', date).orderBy(order).execute();
  const status = await db
    .selectFrom('loan_status')
    .select(['loan_id', 'outstanding_principal_fen', 'overdue_fen', 'penalty_due_fen', 'dpd'])
    .where('closed', '=', false)
    .orderBy('loan_id')
    .execute();
  return { current, daily: daily.map(({ business_date: _, ...rest }) => rest), status };
}

async function monthEnd(db: Db, date: BusinessDate) {
  return db.selectFrom('portfolio_month_end').selectAll().where('month_end', '=', date).orderBy('branch_id').execute();
}

/** The month's figures by branch, from the direct groups. */
function byBranch(date: BusinessDate, groups: Array<Record<string, unknown>>) {
  const out = new Map<number, { month_end: string; branch_id: number; loans: number; outstanding_principal_fen: number; overdue_principal_fen: number; dpd30_loans: number; dpd30_principal_fen: number }>();
  for (const g of groups) {
    const id = Number(g.branch_id);
    const row = out.get(id) ?? { month_end: date, branch_id: id, loans: 0, outstanding_principal_fen: 0, overdue_principal_fen: 0, dpd30_loans: 0, dpd30_principal_fen: 0 };
    row.loans += Number(g.loans);
    row.outstanding_principal_fen += Number(g.outstanding_principal_fen);
    row.overdue_principal_fen += Number(g.overdue_principal_fen);
    row.dpd30_loans += Number(g.dpd30_loans);
    row.dpd30_principal_fen += Number(g.dpd30_principal_fen);
    out.set(id, row);
  }
  return [...out.values()].sort((a, b) => a.branch_id - b.branch_id);
}

async function expectMatchesLoans(db: Db, date: BusinessDate) {
  const want = await direct(db, date);
  const got = await published(db, date);
  // Every open loan's amounts, not only those the close derived: nothing else changes them.
  expect(got.status, date).toEqual(want.perLoan);
  expect(got.current, date).toEqual(want.groups);
  expect(got.daily, date).toEqual(want.groups);
  if (isMonthEnd(date)) {
    const live = await monthEnd(db, date);
    expect(live, date).toEqual(byBranch(date, want.groups));
    // The same month end added up from its snapshot (as the migration and generated history do).
    await monthEndsFromSnapshots(db, [date]);
    expect(await monthEnd(db, date), date).toEqual(live);
  }
  return want.groups.length;
}

describeEachDatabase('the dashboard figures kept by close of business', (ctx) => {
  it('equal a GROUP BY over the open loans after every close, through payments, late and partial ones, prepayment, reversals, back-dated postings, new loans, a payoff, a move of branch and a manual class', async () => {
    const { db } = ctx.database;
    const w = await buildWorld(ctx.database);
    const { HO, BJ, SH } = w.branches;
    const team = w.branches['BJ-T1'];
    await setBusinessDate(ctx.database, START);
    const branchOf = [HO, BJ, team, SH, SH, BJ, HO, BJ, BJ, HO];
    const ids: number[] = [];
    for (const [k, branch] of branchOf.entries()) if (k !== 7) ids[k] = await makeLoan(ctx.database, branch.id);
    await db.updateTable('loan').set({ product_code: 'used_car' }).where('id', '=', ids[3] ?? 0).execute();
    const id = (k: number) => ids[k] ?? 0;
    const pay = (k: number, valueDate: string, amountFen: number, extra: { overpayment?: 'shorten-term' } = {}) =>
      postRepayment(db, who, id(k), { externalId: `p-${id(k)}-${valueDate}-${amountFen}`, valueDate: d(valueDate), amountFen, channel: 'counter', ...extra });
    const repayments = new Map<string, number>();

    let groupsSeen = 0;
    for (let date = START; date <= END; date = addDays(date, 1)) {
      // The day's business, posted before its close.
      if (date === '2026-01-31') for (const k of [1, 2, 4, 5, 8]) await pay(k, date, INSTALLMENT);
      if (date === '2026-02-05') await pay(3, date, 100_000); // partial
      if (date === '2026-02-10') repayments.set('prepaid', (await pay(4, date, 2_000_000, { overpayment: 'shorten-term' })).repaymentId);
      if (date === '2026-02-15') {
        const ledger = await loadLedger(db, id(9));
        await pay(9, date, payoffQuote(ledger.terms, ledger.repayments, date).totalFen); // paid off
        await db.updateTable('loan').set({ branch_id: SH.id }).where('id', '=', id(8)).execute(); // moves branch
      }
      if (date === '2026-02-20') await pay(6, '2026-02-01', 310_000); // back-dated: re-derives the loan's past
      if (date === '2026-02-28') {
        for (const k of [1, 5, 8]) await pay(k, date, INSTALLMENT);
        repayments.set('feb', (await db.selectFrom('repayment').select('id').where('loan_id', '=', id(5)).where('value_date', '=', date).executeTakeFirstOrThrow()).id);
      }
      if (date === '2026-03-01') ids[7] = await makeLoan(ctx.database, BJ.id, { principalFen: 5_000_000 }); // new, already behind
      if (date === '2026-03-05') {
        await reverseRepayment(db, who, repayments.get('feb') ?? 0, '退票 bounced'); // back-dated reversal
        await reverseRepayment(db, who, repayments.get('prepaid') ?? 0, '误操作 wrong loan'); // withdraws the shorter schedule
      }
      if (date === '2026-03-10') await pay(2, date, 700_000); // late, with its 罚息, the rest as credit
      if (date === '2026-03-15') {
        await db.insertInto('loan_class_override').values({ loan_id: id(1), risk_class: 'doubtful', reason: '测试 test', role: 'risk_officer', set_on: date }).execute();
      }
      if (date === '2026-03-31') for (const k of [1, 8]) await pay(k, date, INSTALLMENT);

      await closeBusinessDate(db, date, OPTIONS);
      groupsSeen = Math.max(groupsSeen, await expectMatchesLoans(db, date));
    }
    // The walk reached what it meant to: groups in several branches, products and buckets.
    expect(groupsSeen).toBeGreaterThanOrEqual(8);
    const current = await db.selectFrom('portfolio_current').selectAll().execute();
    expect(new Set(current.map((g) => g.branch_id))).toEqual(new Set([HO.id, BJ.id, team.id, SH.id]));
    expect(new Set(current.map((g) => g.product_code))).toEqual(new Set(['new_car', 'used_car']));
    expect(current.filter((g) => g.dpd30_loans > 0).length).toBeGreaterThan(0);
    expect(current.some((g) => g.risk_class === 'doubtful')).toBe(true);
    expect(await db.selectFrom('loan_status').select('closed').where('loan_id', '=', id(9)).executeTakeFirstOrThrow()).toEqual({ closed: true });
    expect((await db.selectFrom('loan_status').select('branch_id').where('loan_id', '=', id(8)).executeTakeFirstOrThrow()).branch_id).toBe(SH.id);
    expect((await db.selectFrom('portfolio_month_end').select('month_end').distinct().orderBy('month_end').execute()).map((r) => r.month_end)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31']);

    // A rerun of the last date changes nothing.
    const before = await published(db, END);
    await closeBusinessDate(db, END, OPTIONS);
    expect(await published(db, END)).toEqual(before);

    // A close whose chunks staged no change (done by an older program, across the migration)
    // adds the book up afresh.
    const next = addDays(END, 1);
    await pay(0, next, 50_000);
    const failed = await closeBusinessDate(db, next, { ...OPTIONS, faultAt: 'between-chunks' }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(InjectedFault);
    await db.updateTable('eod_chunk').set({ portfolio_staged: false }).where('business_date', '=', next).where('done_at', 'is not', null).execute();
    await db.deleteFrom('eod_stage_portfolio').where('business_date', '=', next).execute();
    await closeBusinessDate(db, next, OPTIONS);
    await expectMatchesLoans(db, next);
  }, 600_000);

  it('counts the twelve month ends up to a date', () => {
    expect(lastMonthEnds(d('2026-03-15'), 3)).toEqual(['2025-12-31', '2026-01-31', '2026-02-28']);
    expect(lastMonthEnds(d('2024-02-29'), 2)).toEqual(['2024-01-31', '2024-02-29']);
    expect(lastMonthEnds(d('2026-11-30'), 12)).toHaveLength(12);
    expect(lastMonthEnds(d('2026-11-30'), 12)[0]).toBe('2025-12-31');
  });
});
