import { type Kysely, sql } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { addDays, type BusinessDate } from '../../src/domain/business-date.js';

export const EOD_DATE = '2026-11-22' as BusinessDate;
export const EOD_FIRST = addDays(EOD_DATE, -1);

/**
 * N loans with 36 installments each, built in SQL (fast, and a realistic mix: ~88 % current,
 * ~8 % 1–3 installments behind, ~4 % long in default), with the business date at EOD_FIRST.
 */
export async function buildEodBook(db: Kysely<DB>, loans: number): Promise<void> {
  const DATE = EOD_DATE;
  await sql`INSERT INTO borrower (external_id, kind, name, branch_id) SELECT 'B' || g, 'individual', 'bench', 1 FROM generate_series(1, ${loans}) g`.execute(db);
  // Disbursed 1–35 months ago; first due a month later; 36 monthly installments of 3,000.00.
  await sql`
    INSERT INTO loan (external_id, borrower_id, branch_id, product_code, principal_fen, annual_rate, term_months, method, disbursement_date, first_due_date)
    SELECT 'L' || g, g, 1, 'new_car', 10000000, 0.06, 36, 'annuity',
           (${DATE}::date - make_interval(months => 1 + g % 35))::date, (${DATE}::date - make_interval(months => g % 35))::date
      FROM generate_series(1, ${loans}) g`.execute(db);
  // Paid installments: all due ones for most loans; a few behind by 1–3; some stopped long ago.
  await sql`
    INSERT INTO installment (loan_id, version, seq, due_date, principal_fen, interest_fen, balance_after_fen, principal_paid_fen, interest_paid_fen, settled_on)
    SELECT l.id, 1, s, d.due, 277778, 20000, greatest(0, 10000000 - 277778 * s),
           CASE WHEN paid THEN 277778 ELSE 0 END, CASE WHEN paid THEN 20000 ELSE 0 END, CASE WHEN paid THEN d.due END
      FROM loan l
      CROSS JOIN generate_series(1, 36) s
      CROSS JOIN LATERAL (SELECT (l.first_due_date + make_interval(months => s - 1))::date AS due) d
      CROSS JOIN LATERAL (SELECT d.due <= ${DATE}::date - CASE WHEN l.id % 25 = 0 THEN 30 * (1 + l.id % 3) WHEN l.id % 25 = 1 THEN 200 ELSE 0 END::int AS paid) p
     -- a loan's schedule is written together, as the loan book writes it
     ORDER BY l.id, s`.execute(db);
  await sql`ANALYZE`.execute(db);
  await sql`UPDATE business_date SET business_date = ${EOD_FIRST}`.execute(db);
}
