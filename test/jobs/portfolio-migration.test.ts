import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { bundledMigrations, migrate } from '../../src/db/migrate.js';
import { createTestDatabase, DATABASE_KINDS } from '../support/databases.js';

/**
 * Migration 0008 on a book closed before it: each loan's amounts and the dashboard's figures are
 * filled in from what is there (installments, loan_status, month-end snapshots, a run under way).
 */
for (const kind of DATABASE_KINDS) {
  it(`fills in the amounts and the figures of a book closed before it [${kind}]`, async () => {
    const database = await createTestDatabase(kind, { migrated: false });
    const { db } = database;
    try {
      await migrate(db, bundledMigrations().filter((m) => m.version < 8));
      // Six loans of 36 × 3,000.00 at branches 1 and 2: loan k has paid its first 6 − k installments
      // (due monthly from 2026-01-31), loan 6 is paid off; the last close was 2026-06-30.
      await sql`INSERT INTO branch (code, name_zh, name_en, kind, parent_id, path) VALUES ('BJ', '北京', 'Beijing', 'branch', 1, '/HO/BJ/')`.execute(db);
      await sql`INSERT INTO borrower (external_id, kind, name, branch_id) SELECT 'B' || g, 'individual', 'x', 1 FROM generate_series(1, 6) g`.execute(db);
      await sql`
        INSERT INTO loan (external_id, borrower_id, branch_id, product_code, principal_fen, annual_rate, term_months, method, disbursement_date, first_due_date, status)
        SELECT 'L' || g, b.id, 1 + g % 2, CASE WHEN g = 3 THEN 'used_car' ELSE 'new_car' END, 10800000, 0.06, 36, 'annuity', DATE '2025-12-31', DATE '2026-01-31',
               CASE WHEN g = 6 THEN 'paid_off' ELSE 'active' END
          FROM generate_series(1, 6) g JOIN borrower b ON b.external_id = 'B' || g`.execute(db);
      await sql`
        INSERT INTO installment (loan_id, version, seq, due_date, principal_fen, interest_fen, balance_after_fen, principal_paid_fen, interest_paid_fen, penalty_fen, settled_on)
        SELECT l.id, 1, s, (DATE '2026-01-31' + make_interval(months => s - 1))::date, 300000, 20000, 10800000 - 300000 * s,
               CASE WHEN paid THEN 300000 ELSE 0 END, CASE WHEN paid THEN 20000 ELSE 0 END, CASE WHEN paid OR s > 6 THEN 0 ELSE 1000 END,
               CASE WHEN paid THEN (DATE '2026-01-31' + make_interval(months => s - 1))::date END
          FROM loan l CROSS JOIN generate_series(1, 36) s
          CROSS JOIN LATERAL (SELECT l.status = 'paid_off' OR s <= 6 - substr(l.external_id, 2)::int AS paid) p`.execute(db);
      await sql`
        INSERT INTO loan_status (loan_id, as_of, overdue_since, dpd, bucket, risk_class, stage, closed)
        SELECT l.id, DATE '2026-06-30', o.since, coalesce(DATE '2026-06-30' - o.since, 0),
               CASE WHEN o.since IS NULL THEN 'M0' WHEN DATE '2026-06-30' - o.since <= 30 THEN 'M1' WHEN DATE '2026-06-30' - o.since <= 60 THEN 'M2' WHEN DATE '2026-06-30' - o.since <= 90 THEN 'M3' ELSE 'M4' END,
               CASE WHEN o.since IS NULL THEN 'normal' WHEN DATE '2026-06-30' - o.since > 90 THEN 'substandard' ELSE 'special_mention' END,
               CASE WHEN o.since IS NULL THEN 1 WHEN DATE '2026-06-30' - o.since > 90 THEN 3 WHEN DATE '2026-06-30' - o.since > 30 THEN 2 ELSE 1 END,
               l.status <> 'active'
          FROM loan l CROSS JOIN LATERAL (SELECT min(due_date) AS since FROM installment i WHERE i.loan_id = l.id AND i.settled_on IS NULL AND i.due_date < DATE '2026-06-30') o`.execute(db);
      await sql`INSERT INTO eod_run (business_date, status, started_at, finished_at, steps) VALUES ('2026-06-29', 'done', now(), now(), '[]'), ('2026-06-30', 'done', now(), now(), '[]')`.execute(db);
      // The 2026-05-31 snapshot: loan 6 closed that day (nothing outstanding), so it is left out.
      await sql`
        INSERT INTO month_end_snapshot (month_end, loan_id, dpd, bucket, risk_class, stage, outstanding_principal_fen)
        SELECT DATE '2026-05-31', id, CASE WHEN external_id = 'L5' THEN 45 ELSE 0 END, 'M0', 'normal', 1, CASE WHEN external_id = 'L6' THEN 0 ELSE 9000000 END FROM loan`.execute(db);
      // A run under way: one loan staged for 2026-07-01.
      await sql`
        INSERT INTO eod_stage (business_date, loan_id, status, dpd, bucket, risk_class, stage)
        SELECT DATE '2026-07-01', id, 'active', 0, 'M0', 'normal', 1 FROM loan WHERE external_id = 'L1'`.execute(db);

      await migrate(db);

      const status = await sql`
        SELECT l.external_id, s.branch_id, s.product_code, s.outstanding_principal_fen, s.overdue_fen, s.penalty_due_fen
          FROM loan_status s JOIN loan l ON l.id = s.loan_id ORDER BY l.external_id`.execute(db);
      // Loan k owes 36 − (6 − k) installments of principal; those due before 06-30 (the one due
      // that day is not overdue yet) and unpaid are overdue, each with 1,000 of 罚息.
      expect(status.rows).toEqual(
        [1, 2, 3, 4, 5, 6].map((k) => ({
          external_id: `L${k}`,
          branch_id: 1 + (k % 2),
          product_code: k === 3 ? 'used_car' : 'new_car',
          outstanding_principal_fen: k === 6 ? 0 : 300000 * (30 + k),
          overdue_fen: k === 6 ? 0 : 320000 * (k - 1),
          penalty_due_fen: k === 6 ? 0 : 1000 * k,
        })),
      );
      const current = await db.selectFrom('portfolio_current').selectAll().orderBy(sql`branch_id, product_code, bucket`).execute();
      expect(current.map((g) => [g.branch_id, g.product_code, g.bucket, g.loans, g.outstanding_principal_fen, g.overdue_fen, g.overdue_loans, g.dpd30_loans])).toEqual([
        [1, 'new_car', 'M1', 1, 300000 * 32, 320000, 1, 0],
        [1, 'new_car', 'M4', 1, 300000 * 34, 320000 * 3, 1, 1],
        [2, 'new_car', 'M0', 1, 300000 * 31, 0, 0, 0],
        [2, 'new_car', 'M4', 1, 300000 * 35, 320000 * 4, 1, 1],
        [2, 'used_car', 'M3', 1, 300000 * 33, 320000 * 2, 1, 1],
      ]);
      const daily = await db.selectFrom('portfolio_daily').select(['business_date']).distinct().execute();
      expect(daily).toEqual([{ business_date: '2026-06-30' }]);
      expect(await db.selectFrom('portfolio_month_end').select(['month_end', 'branch_id', 'loans', 'outstanding_principal_fen', 'overdue_principal_fen', 'dpd30_loans']).orderBy('branch_id').execute()).toEqual([
        { month_end: '2026-05-31', branch_id: 1, loans: 2, outstanding_principal_fen: 18000000, overdue_principal_fen: 0, dpd30_loans: 0 },
        { month_end: '2026-05-31', branch_id: 2, loans: 3, outstanding_principal_fen: 27000000, overdue_principal_fen: 9000000, dpd30_loans: 1 },
      ]);
      expect(await db.selectFrom('eod_stage').select(['branch_id', 'product_code', 'outstanding_principal_fen', 'overdue_fen', 'penalty_due_fen']).execute()).toEqual([
        // the installment due 06-30 is overdue on 07-01
        { branch_id: 2, product_code: 'new_car', outstanding_principal_fen: 300000 * 31, overdue_fen: 320000, penalty_due_fen: 1000 },
      ]);
    } finally {
      await database.drop();
    }
  }, 120_000);
}
