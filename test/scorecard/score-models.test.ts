import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { addDays, parseBusinessDate } from '../../src/domain/business-date.js';
import { LOOKBACK_MONTHS, monthEndsBefore } from '../../src/domain/scorecard/book.js';
import { behaviourFeatures } from '../../src/domain/scorecard/features.js';
import { loadFacts } from '../../src/modules/collections/facts.js';
import { followUpFactsForRange } from '../../src/modules/followups/due-facts.js';
import { registerModel } from '../../src/modules/scorecard/models.js';
import { runScoringForDate } from '../../src/modules/scorecard/run.js';
import { bookSample, trainOnBook } from '../../src/modules/scorecard/train-book.js';
import { runWarningsForDate } from '../../src/modules/warnings/run.js';
import { setLoanStatus } from '../collateral/support.js';
import { setBusinessDate } from '../support/loans.js';
import { describeEachDatabase } from '../support/databases.js';
import { buildWorld, call, type World } from '../support/world.js';
import { BOOK_LOANS, buildBook, dpdAt } from './book.js';

const d = parseBusinessDate;
const CLOSE = d('2026-08-10');

describeEachDatabase('behaviour score models', (ctx) => {
  let w: World;
  let loans: number[];
  let officer: Awaited<ReturnType<World['session']>>;
  let other: Awaited<ReturnType<World['session']>>;
  let modelId: number;
  beforeAll(async () => {
    w = await buildWorld(ctx.database);
    loans = await buildBook(w.db, [w.branches.BJ.id, w.branches.SH.id]);
    await setBusinessDate(ctx.database, CLOSE);
    officer = await w.session('HO', ['risk_officer']);
    other = await w.session('HO', ['risk_officer']);
  }, 120_000);

  it('takes its sample at a month end: features as behaviourFeatures reads the history, bad = 60+ DPD within six month ends', async () => {
    const sample = await bookSample(w.db, d('2025-12-31'));
    // loans already 60+ DPD at the month end are not in it; none of this book was
    expect(sample).toHaveLength(BOOK_LOANS);
    const i = 4;
    const row = sample.find((r) => r.loanId === loans[i])!;
    const months = [...monthEndsBefore(d('2025-12-31'), LOOKBACK_MONTHS - 1)].reverse().concat('2025-12-31' as never);
    const installments = await w.db.selectFrom('installment').select(['due_date', 'principal_fen', 'interest_fen']).where('loan_id', '=', loans[i]!).execute();
    const dueIn = (m: string) => installments.filter((x) => x.due_date.slice(0, 7) === m.slice(0, 7)).reduce((s, x) => s + Number(x.principal_fen) + Number(x.interest_fen), 0);
    const expected = behaviourFeatures({ monthlyDpd: months.map((m) => dpdAt(i, m)), dueFen: months.map(dueIn), paidFen: months.map(() => 0), ltv: null, alerts12m: 0, followupDiscrepancies12m: 0 });
    expect(row.features).toEqual(expected);
    expect(row.features).toMatchObject({ maxDpd3m: 45, overdueMonths12m: 3, monthsOnBook: 12, paymentRatio6m: 0 });
    expect(row.bad).toBe(true);
    expect(sample.filter((r) => r.bad)).toHaveLength(loans.filter((_, k) => ['2026-01-31', '2026-06-30'].some((m) => dpdAt(k, m) >= 60)).length);
  });

  it('refuses a date that is not a month end, or whose six months have not all passed', async () => {
    const post = (asOf: string) => call(w.app, 'POST', '/api/v1/score-models', { cookie: officer.cookie, body: { asOf } });
    expect(await post('2025-12-30')).toMatchObject({ status: 400, body: { errors: [{ field: 'asOf' }] } });
    expect(await post('2026-03-31')).toMatchObject({ status: 400, body: { errors: [{ field: 'asOf', message: expect.stringContaining('2026-09-30') }] } });
  });

  it('scores nothing, and says so, while no model is approved', async () => {
    expect(await runScoringForDate(w.db, CLOSE)).toMatchObject({ modelId: null, loans: 0, note: expect.stringContaining('no approved champion') });
  });

  it('trains on the book, registers a draft with its card, and the same training twice is one model', async () => {
    const trained = await call(w.app, 'POST', '/api/v1/score-models', { cookie: officer.cookie, body: { asOf: '2025-12-31' } });
    expect(trained).toMatchObject({ status: 201, body: { created: true, rows: BOOK_LOANS, model: { status: 'draft', target: 'dpd60_within_6m', trainedAsOf: '2025-12-31' } } });
    modelId = trained.body.model.id;
    const again = await call(w.app, 'POST', '/api/v1/score-models', { cookie: officer.cookie, body: { asOf: '2025-12-31' } });
    expect(again.body).toMatchObject({ created: false, model: { id: modelId } });
    const card = await call(w.app, 'GET', `/api/v1/score-models/${modelId}`, { cookie: officer.cookie });
    expect(card.status).toBe(200);
    const names = card.body.card.features.map((f: { name: string }) => f.name);
    expect(names).toContain('maxDpd3m');
    // LTV has no history to train on: it is left out, with its reason
    expect(card.body.card.leftOut).toContainEqual(expect.objectContaining({ name: 'ltv', reason: 'low-iv' }));
    expect(card.body.card.metrics.train.auc).toBeGreaterThan(0.75);
    expect(card.body.trainingSha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await call(w.app, 'GET', '/api/v1/score-models', { cookie: officer.cookie })).body.items.map((m: { id: number }) => m.id)).toEqual([modelId]);
  });

  it('is approved as champion by a risk officer other than the one who registered it, with an audit entry', async () => {
    const own = await call(w.app, 'POST', `/api/v1/score-models/${modelId}/approve`, { cookie: officer.cookie, body: {} });
    expect(own).toMatchObject({ status: 403, body: { type: 'urn:daihou:problem:forbidden' } });
    const manager = await w.session('HO', ['branch_manager', 'admin']);
    expect((await call(w.app, 'POST', `/api/v1/score-models/${modelId}/approve`, { cookie: manager.cookie, body: {} })).status).toBe(403);
    const ok = await call(w.app, 'POST', `/api/v1/score-models/${modelId}/approve`, { cookie: other.cookie, body: { note: '验证通过 validated' } });
    expect(ok).toMatchObject({ status: 200, body: { status: 'champion', approvedBy: other.user.username, approvalNote: '验证通过 validated' } });
    expect((await call(w.app, 'POST', `/api/v1/score-models/${modelId}/approve`, { cookie: other.cookie, body: {} })).status).toBe(409);
    const audit = await w.db.selectFrom('audit_log').select(['action', 'actor_name']).where('entity_type', '=', 'score_model').orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'score_model.register', actor_name: officer.user.username },
      { action: 'score_model.approve', actor_name: other.user.username },
    ]);
  });

  it('scores every active loan at close, keeps history only of changes, and a rerun changes nothing', async () => {
    for (const [i, loanId] of loans.entries()) await setLoanStatus(w.db, loanId, CLOSE, { outstandingFen: 10_000_000, dpd: i % 4 === 0 ? 20 : 0 });
    const run = await runScoringForDate(w.db, CLOSE);
    expect(run).toMatchObject({ modelId, loans: BOOK_LOANS, changed: BOOK_LOANS });
    expect(Object.values(run.byGrade).reduce((s, n) => s + n, 0)).toBe(BOOK_LOANS);
    const scores = await w.db.selectFrom('loan_score').selectAll().orderBy('loan_id').execute();
    expect(scores).toHaveLength(BOOK_LOANS);
    // a loan 75 days behind this summer scores below one that never was behind
    const troubled = scores.find((s) => s.loan_id === loans[4])!;
    const clean = scores.find((s) => s.loan_id === loans[6])!;
    expect(troubled.score).toBeLessThan(clean.score);
    expect(clean.score_30d_ago).toBeNull();
    const again = await runScoringForDate(w.db, CLOSE);
    expect(again.changed).toBe(BOOK_LOANS);
    const { n } = await w.db.selectFrom('loan_score_history').select((s) => s.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(n)).toBe(BOOK_LOANS);
  });

  it('thirty days on, writes history for the loans that changed, and the score drop raises its warning', async () => {
    const later = addDays(CLOSE, 30);
    // two loans that never missed a payment are 70 days behind now
    const worse = new Set([loans[6]!, loans[10]!]);
    for (const loanId of loans) await setLoanStatus(w.db, loanId, later, { outstandingFen: 10_000_000, dpd: worse.has(loanId) ? 70 : loans.indexOf(loanId) % 4 === 0 ? 20 : 0 });
    const before = new Map((await w.db.selectFrom('loan_score').select(['loan_id', 'score']).execute()).map((r) => [r.loan_id, r.score]));
    const run = await runScoringForDate(w.db, later);
    expect(run.changed).toBe(2);
    const now = await w.db.selectFrom('loan_score').selectAll().where('loan_id', 'in', [...worse]).execute();
    for (const s of now) {
      expect(s.score_30d_ago).toBe(before.get(s.loan_id));
      expect(s.score - s.score_30d_ago!).toBeLessThanOrEqual(-50);
    }
    await runWarningsForDate(w.db, later);
    const drops = await w.db.selectFrom('warning_alert').select(['loan_id', 'evidence']).where('indicator_code', '=', 'score-drop').execute();
    expect(drops.map((x) => x.loan_id).sort()).toEqual([...worse].sort());
    expect(drops[0]!.evidence).toMatchObject({ inputs: { score_change_30d: expect.any(Number) } });
    await sql`DELETE FROM loan_status WHERE as_of > ${CLOSE}::date`.execute(w.db);
  });

  it('sets follow-up frequency and the collection segment’s grade from the score', async () => {
    const later = addDays(CLOSE, 30);
    const grades = new Map((await w.db.selectFrom('loan_score').select(['loan_id', 'grade']).execute()).map((r) => [r.loan_id, r.grade]));
    const worst = loans.find((l) => grades.get(l) === 'E' || grades.get(l) === 'D')!;
    // best grades are followed up every 24 months, the worst monthly: only the worst are due
    const periods = [w.branches.BJ.id, w.branches.SH.id].flatMap((branchId) =>
      (['A', 'B', 'C', 'D', 'E'] as const).map((grade) => ({ branchId, grade, months: grade === 'D' || grade === 'E' ? 1 : 24 })),
    );
    const facts = await followUpFactsForRange(w.db, later, Math.min(...loans), Math.max(...loans), periods, d('2026-01-01'));
    expect(facts.length).toBeGreaterThan(0);
    expect(facts.every((f) => f.riskGrade === 'D' || f.riskGrade === 'E')).toBe(true);
    expect(facts.map((f) => f.loanId)).toContain(worst);
    const [collection] = await loadFacts(w.db, later, [{ loanId: worst, nextUnpaid: null, nextAfter: null }]);
    expect(collection!.facts.riskGrade).toBe(grades.get(worst));
  });

  it('shows the score distribution of the caller’s branches only', async () => {
    const bj = await w.session('BJ', ['branch_manager']);
    const mine = await call(w.app, 'GET', '/api/v1/score-distribution', { cookie: bj.cookie });
    expect(mine.status).toBe(200);
    expect(new Set(mine.body.items.map((x: { branchCode: string }) => x.branchCode))).toEqual(new Set(['BJ']));
    expect(mine.body.total).toBe(BOOK_LOANS / 2);
    const all = await call(w.app, 'GET', '/api/v1/score-distribution', { cookie: officer.cookie });
    expect(all.body).toMatchObject({ total: BOOK_LOANS, model: { id: modelId }, bandWidth: 20 });
    expect(all.body.byGrade.reduce((s: number, g: { count: number }) => s + g.count, 0)).toBe(BOOK_LOANS);
    expect((await call(w.app, 'GET', `/api/v1/score-distribution?branchId=${w.branches.SH.id}`, { cookie: bj.cookie })).status).toBe(404);
  });

  it('clears the current score of a loan that left the book, wherever its id falls, and keeps its history', async () => {
    // after the last scoring above (thirty days on)
    const next = addDays(CLOSE, 31);
    // the highest id lies above every active loan's, and the lowest below: both ends of the ranges
    const gone = [Math.max(...loans), Math.min(...loans)];
    for (const loanId of loans) await setLoanStatus(w.db, loanId, next, { outstandingFen: 10_000_000 });
    await w.db.updateTable('loan').set({ status: 'paid_off' }).where('id', 'in', gone).execute();
    try {
      const run = await runScoringForDate(w.db, next);
      expect(run.loans).toBe(BOOK_LOANS - 2);
      const current = await w.db.selectFrom('loan_score').select('loan_id').where('loan_id', 'in', gone).execute();
      expect(current).toEqual([]);
      const kept = await w.db.selectFrom('loan_score_history').select('loan_id').where('loan_id', 'in', gone).execute();
      expect(new Set(kept.map((r) => r.loan_id))).toEqual(new Set(gone));
    } finally {
      await w.db.updateTable('loan').set({ status: 'active' }).where('id', 'in', gone).execute();
      await runScoringForDate(w.db, next);
      await sql`DELETE FROM loan_status WHERE as_of > ${CLOSE}::date`.execute(w.db);
    }
  });

  it('retires the champion when another model is approved', async () => {
    const second = await trainOnBook(w.db, d('2025-11-30'));
    const { model } = await registerModel(w.db, { userId: null, name: 'cli:risk' }, second.card, '2025-11-30');
    const ok = await call(w.app, 'POST', `/api/v1/score-models/${model.id}/approve`, { cookie: officer.cookie, body: {} });
    expect(ok.status).toBe(200);
    const statuses = await w.db.selectFrom('score_model').select(['id', 'status']).orderBy('id').execute();
    expect(statuses).toEqual([
      { id: modelId, status: 'retired' },
      { id: model.id, status: 'champion' },
    ]);
  });
});
