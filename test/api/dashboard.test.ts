import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { closeDemoEve } from '../../src/cli/demo.js';
import { addDays, daysBetween, parseBusinessDate } from '../../src/domain/business-date.js';
import { bucketOf } from '../../src/domain/delinquency.js';
import { outstanding, replayLedger } from '../../src/domain/loan-ledger.js';
import { closeThrough } from '../../src/jobs/close-of-business.js';
import { lastMonthEnds } from '../../src/jobs/eod-portfolio.js';
import { generatePortfolio } from '../../src/modules/generate/portfolio.js';
import { loadLedger } from '../../src/modules/loans/ledger.js';
import { postRepayment } from '../../src/modules/loans/repayments.js';
import { createTestDatabase, describeEachDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld, call, type World } from '../support/world.js';

const d = parseBusinessDate;
const who = { userId: null, name: 'test' };
const INSTALLMENT = 304219;

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response JSON

/** What the dashboard must show for a branch subtree, added up straight from loan_status. */
async function expected(w: World, path: string) {
  const { rows } = await sql<{ loans: number; outstanding: number; overdue: number; penalty: number; overdue_loans: number; overdue_principal: number; dpd30_loans: number; dpd30_principal: number }>`
    SELECT count(*)::int AS loans, coalesce(sum(s.outstanding_principal_fen), 0)::bigint AS outstanding, coalesce(sum(s.overdue_fen), 0)::bigint AS overdue,
           coalesce(sum(s.penalty_due_fen), 0)::bigint AS penalty, (count(*) FILTER (WHERE s.dpd > 0))::int AS overdue_loans,
           coalesce(sum(s.outstanding_principal_fen) FILTER (WHERE s.dpd > 0), 0)::bigint AS overdue_principal,
           (count(*) FILTER (WHERE s.dpd > 30))::int AS dpd30_loans, coalesce(sum(s.outstanding_principal_fen) FILTER (WHERE s.dpd > 30), 0)::bigint AS dpd30_principal
      FROM loan_status s JOIN loan l ON l.id = s.loan_id JOIN branch b ON b.id = l.branch_id
     WHERE NOT s.closed AND starts_with(b.path, ${path})`.execute(w.db);
  const r = rows[0];
  if (!r) throw new Error('no row');
  return r;
}

/** The loans GET /api/v1/loans lists for a figure's filter (the test book fits one page). */
async function listed(w: World, cookie: string, filter: Record<string, string | number>) {
  const query = new URLSearchParams(Object.entries(filter).map(([k, v]): [string, string] => [k, String(v)]));
  const reply = await call(w.app, 'GET', `/api/v1/loans?limit=500&${query}`, { cookie });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  const items = reply.body.items as Array<{ outstandingPrincipalFen: number }>;
  return { loans: items.length, outstandingPrincipalFen: items.reduce((s, i) => s + i.outstandingPrincipalFen, 0) };
}

describeEachDatabase('GET /api/v1/dashboard', (ctx) => {
  it('answers the latest close for the caller’s subtree: totals, every bucket, class and stage, branches one level down, the month-end trend, and the filters behind each figure', async () => {
    const w = await buildWorld(ctx.database);
    const { db } = w;
    const { HO, BJ, SH } = w.branches;
    const team = w.branches['BJ-T1'];
    const admin = await w.session('HO', ['admin']);
    const manager = await w.session('BJ', ['branch_manager']);

    // Before any close: nothing to show, every band and class still listed.
    const empty = await call(w.app, 'GET', '/api/v1/dashboard', { cookie: admin.cookie });
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ asOf: null, node: { id: HO.id, code: 'HO', kind: 'head_office' }, totals: { loans: 0, outstandingPrincipalFen: 0, overdueRate: null }, branches: [], trend: [] });
    expect(empty.body.aging.map((a: Body) => [a.bucket, a.loans])).toEqual(['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7+'].map((b) => [b, 0]));

    // HO one loan that never pays; BJ one that pays and one that never does; its team one partial
    // payer and one that pays; SH one that never pays and one that pays.
    await setBusinessDate(ctx.database, '2026-01-31');
    const plan: Array<[number, boolean]> = [[HO.id, false], [BJ.id, true], [BJ.id, false], [team.id, false], [team.id, true], [SH.id, false], [SH.id, true]];
    const loans: number[] = [];
    for (const [branch] of plan) loans.push(await makeLoan(ctx.database, branch));
    for (const due of ['2026-01-31', '2026-02-28']) {
      await closeThrough(db, addDays(d(due), -1));
      for (const [k, [, pays]] of plan.entries()) {
        if (pays) await postRepayment(db, who, loans[k] ?? 0, { externalId: `p-${loans[k]}-${due}`, valueDate: d(due), amountFen: INSTALLMENT, channel: 'counter' });
      }
      if (due === '2026-01-31') await postRepayment(db, who, loans[3] ?? 0, { externalId: `part-${loans[3]}`, valueDate: d(due), amountFen: 100_000, channel: 'counter' });
    }
    await closeThrough(db, d('2026-03-05'));

    const reply = await call(w.app, 'GET', '/api/v1/dashboard', { cookie: admin.cookie });
    expect(reply.status).toBe(200);
    const all: Body = reply.body;
    expect(all.asOf).toBe('2026-03-05');
    const whole = await expected(w, '/HO/');
    expect(all.totals).toMatchObject({
      loans: 7,
      outstandingPrincipalFen: whole.outstanding,
      overdueFen: whole.overdue,
      penaltyDueFen: whole.penalty,
      overdueLoans: whole.overdue_loans,
      overduePrincipalFen: whole.overdue_principal,
      dpd30Loans: whole.dpd30_loans,
      dpd30PrincipalFen: whole.dpd30_principal,
    });
    expect(whole.overdue_loans).toBe(4);
    expect(whole.dpd30_loans).toBe(4);
    expect(whole.penalty).toBeGreaterThan(0);
    // 4 of 7 equal loans are overdue, and each owes nearly the same principal: a rate near 4/7.
    expect(Number(all.totals.overdueRate)).toBeCloseTo(whole.overdue_principal / whole.outstanding, 6);
    expect(all.totals.overdueRate).toMatch(/^0\.\d{6}$/);
    expect(all.totals.dpd30Rate).toBe(all.totals.overdueRate);

    // Every band, class and stage, zeros included, adding up to the totals.
    expect(all.aging.map((a: Body) => a.bucket)).toEqual(['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7+']);
    expect(all.aging.map((a: Body) => [a.bucket, a.loans]).filter(([, n]: [string, number]) => n > 0)).toEqual([['M0', 3], ['M2', 4]]);
    expect(all.aging.find((a: Body) => a.bucket === 'M2')).toMatchObject({ minDpd: 31, maxDpd: 60, filter: { branchId: HO.id, status: 'active', bucket: 'M2' } });
    expect(all.riskClasses.map((c: Body) => [c.riskClass, c.loans])).toEqual([['normal', 3], ['special_mention', 4], ['substandard', 0], ['doubtful', 0], ['loss', 0]]);
    expect(all.stages.map((s: Body) => [s.stage, s.loans])).toEqual([[1, 3], [2, 4], [3, 0]]);
    for (const slices of [all.aging, all.riskClasses, all.stages]) {
      expect(slices.reduce((s: number, x: Body) => s + x.outstandingPrincipalFen, 0)).toBe(all.totals.outstandingPrincipalFen);
    }

    // Branches one level down, each with its subtree (BJ holds its team's loans), and head
    // office's own loan apart.
    expect(all.branches.map((b: Body) => [b.code, b.own, b.loans, b.overdueLoans])).toEqual([['HO', true, 1, 1], ['BJ', false, 4, 2], ['SH', false, 2, 1]]);
    expect(all.branches.find((b: Body) => b.code === 'BJ').outstandingPrincipalFen).toBe((await expected(w, '/HO/BJ/')).outstanding);
    expect(all.branches[0].filter).toBeNull();
    expect(all.branches[1].filter).toEqual({ branchId: BJ.id, status: 'active' });

    // The month ends closed so far, as the snapshots say.
    const snapshots = await sql<{ month_end: string; outstanding: number; dpd30: number }>`
      SELECT month_end::text, sum(outstanding_principal_fen)::bigint AS outstanding, coalesce(sum(outstanding_principal_fen) FILTER (WHERE dpd > 30), 0)::bigint AS dpd30
        FROM month_end_snapshot GROUP BY month_end ORDER BY month_end`.execute(db);
    expect(all.trend.map((t: Body) => [t.monthEnd, t.outstandingPrincipalFen, t.dpd30PrincipalFen])).toEqual(snapshots.rows.map((s) => [s.month_end, s.outstanding, s.dpd30]));
    expect(all.trend.map((t: Body) => t.monthEnd)).toEqual(['2026-01-31', '2026-02-28']);
    expect(all.trend[1]).toMatchObject({ loans: 7, dpd30Loans: 0, dpd30Rate: '0.000000' });

    // Each figure's filter lists exactly the loans behind it.
    const figures: Body[] = [
      { ...all.totals, filter: all.totals.filter },
      { loans: all.totals.overdueLoans, outstandingPrincipalFen: all.totals.overduePrincipalFen, filter: all.totals.overdueFilter },
      { loans: all.totals.dpd30Loans, outstandingPrincipalFen: all.totals.dpd30PrincipalFen, filter: all.totals.dpd30Filter },
      ...all.aging,
      ...all.riskClasses,
      ...all.stages,
      ...all.branches.filter((b: Body) => b.filter !== null),
    ];
    for (const f of figures) expect(await listed(w, admin.cookie, f.filter), JSON.stringify(f.filter)).toEqual({ loans: f.loans, outstandingPrincipalFen: f.outstandingPrincipalFen });

    // A branch manager sees their subtree only, by default and when asking for a team of it, and
    // is refused another branch.
    const mine: Body = (await call(w.app, 'GET', '/api/v1/dashboard', { cookie: manager.cookie })).body;
    const bj = await expected(w, '/HO/BJ/');
    expect(mine.node).toMatchObject({ id: BJ.id, code: 'BJ' });
    expect(mine.totals).toMatchObject({ loans: 4, outstandingPrincipalFen: bj.outstanding, overdueFen: bj.overdue, overdueLoans: 2 });
    expect(mine.branches.map((b: Body) => [b.code, b.own, b.loans])).toEqual([['BJ', true, 2], ['BJ-T1', false, 2]]);
    expect(JSON.stringify(mine)).not.toContain('"SH"');
    const bjSnapshots = await sql<{ outstanding: number }>`
      SELECT sum(m.outstanding_principal_fen)::bigint AS outstanding FROM month_end_snapshot m JOIN loan l ON l.id = m.loan_id
       WHERE m.month_end = '2026-02-28' AND l.branch_id IN (${BJ.id}, ${team.id})`.execute(db);
    expect(mine.trend[1].outstandingPrincipalFen).toBe(bjSnapshots.rows[0]?.outstanding);
    const teamView: Body = (await call(w.app, 'GET', `/api/v1/dashboard?branchId=${team.id}`, { cookie: manager.cookie })).body;
    expect(teamView.totals.loans).toBe(2);
    expect(teamView.branches).toMatchObject([{ code: 'BJ-T1', own: true, loans: 2, filter: { branchId: team.id, status: 'active' } }]);
    const other = await call(w.app, 'GET', `/api/v1/dashboard?branchId=${SH.id}`, { cookie: manager.cookie });
    expect([other.status, other.body.type]).toEqual([403, 'urn:daihou:problem:out-of-scope']);
    const none = await call(w.app, 'GET', '/api/v1/dashboard?branchId=999999', { cookie: manager.cookie });
    expect(none.status).toBe(404);
    expect((await call(w.app, 'GET', '/api/v1/dashboard')).status).toBe(401);
    // In the OpenAPI document, which types the web app's client.
    const doc = await call(w.app, 'GET', '/api/openapi.json');
    expect(doc.body.paths['/api/v1/dashboard'].get.parameters.map((p: Body) => p.name)).toEqual(['branchId']);
    expect(doc.body.components.schemas.Dashboard.required).toEqual(expect.arrayContaining(['asOf', 'totals', 'aging', 'riskClasses', 'stages', 'branches', 'trend']));
  }, 300_000);

  it('shows a generated book (the demo’s) with twelve month ends of history, each loan at each month end as a replay of its ledger to that day', async () => {
    // A database of its own: the demo's first close is the database's first.
    const database = await createTestDatabase(ctx.kind);
    try {
      const w = await buildWorld(database);
      const { db } = w;
      const asOf = d('2030-06-15');
      await generatePortfolio(db, { loans: 80, seed: 'dash', asOf, userPassword: 'correct-horse-battery', parallel: false });
      expect(await closeDemoEve(db)).toMatch(/^closed 2030-06-14, the demo book's first close of business/);
      expect(await closeDemoEve(db)).toBeNull();

      const ends = lastMonthEnds(d('2030-06-14'), 12);
      expect([ends[0], ends[11]]).toEqual(['2029-06-30', '2030-05-31']);
      const snapshot = await db.selectFrom('month_end_snapshot').select(['month_end', 'loan_id', 'dpd', 'bucket', 'outstanding_principal_fen']).orderBy('loan_id').orderBy('month_end').execute();
      const want = [];
      for (const loan of await db.selectFrom('loan').select(['id', 'disbursement_date']).orderBy('id').execute()) {
        const ledger = await loadLedger(db, loan.id);
        for (const end of ends) {
          const state = replayLedger(ledger.terms, ledger.repayments, end);
          const oldest = state.installments.find((i) => i.dueDate < end && i.settledOn === null);
          if (loan.disbursement_date > end || state.installments.every((i) => i.settledOn !== null)) continue;
          const dpd = oldest ? daysBetween(oldest.dueDate, end) : 0;
          want.push({ month_end: end, loan_id: loan.id, dpd, bucket: bucketOf(dpd), outstanding_principal_fen: outstanding(state).principalFen });
        }
      }
      expect(want.length).toBeGreaterThan(200);
      expect(want.some((r) => r.dpd > 30)).toBe(true);
      expect(snapshot).toEqual(want);

      const admin = await w.session('HO', ['admin']);
      const body: Body = (await call(w.app, 'GET', '/api/v1/dashboard', { cookie: admin.cookie })).body;
      expect(body.asOf).toBe('2030-06-14');
      expect(body.trend.map((t: Body) => t.monthEnd)).toEqual(ends);
      for (const t of body.trend) {
        const rows = want.filter((r) => r.month_end === t.monthEnd);
        expect([t.loans, t.outstandingPrincipalFen, t.dpd30PrincipalFen], t.monthEnd).toEqual([
          rows.length,
          rows.reduce((s, r) => s + r.outstanding_principal_fen, 0),
          rows.reduce((s, r) => s + (r.dpd > 30 ? r.outstanding_principal_fen : 0), 0),
        ]);
      }
      expect(body.totals.loans).toBeGreaterThan(20);
      expect(body.branches.length).toBeGreaterThan(1);
    } finally {
      await database.drop();
    }
  }, 300_000);
});
