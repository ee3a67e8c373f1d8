import { type Kysely, sql } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { addDays } from '../../src/domain/business-date.js';
import { buildEodBook, EOD_DATE } from './eod-book.js';

/**
 * The close-of-business bench's book spread over `branches` branches, each with two collection
 * teams of 10 trained collectors; a tenth of it has its next installment (due on EOD_DATE) unpaid
 * and one loan in 25 is behind on last month's too, so that about 10 % is overdue.
 */
export async function buildCollectionsBook(db: Kysely<DB>, loans: number, branches: number): Promise<void> {
  await buildEodBook(db, loans);
  await sql`
    INSERT INTO branch (code, name_zh, name_en, kind, parent_id, path)
    SELECT 'B' || b, '分行' || b, 'Branch ' || b, 'branch', 1, '/HO/B' || b || '/' FROM generate_series(1, ${branches}) b`.execute(db);
  await sql`
    INSERT INTO branch (code, name_zh, name_en, kind, parent_id, path)
    SELECT p.code || '-C' || t, p.name_zh || '催收' || t || '组', p.name_en || ' collections ' || t, 'team', p.id, p.path || p.code || '-C' || t || '/'
      FROM branch p CROSS JOIN generate_series(1, 2) t WHERE p.kind = 'branch'`.execute(db);
  await sql`
    INSERT INTO app_user (username, display_name, branch_id, password_hash)
    SELECT lower(t.code) || '.c' || n, t.code || ' 催收员 ' || n, t.id, 'bench: no sign-in' FROM branch t CROSS JOIN generate_series(1, 10) n WHERE t.kind = 'team'`.execute(db);
  await sql`INSERT INTO user_role (user_id, role) SELECT id, 'collector' FROM app_user WHERE username LIKE '%.c%'`.execute(db);
  await sql`INSERT INTO collector_profile (user_id, training_valid_until) SELECT id, '2027-12-31' FROM app_user WHERE username LIKE '%.c%'`.execute(db);
  await sql`UPDATE loan l SET branch_id = b.id FROM branch b WHERE b.code = 'B' || (1 + l.id % ${branches})`.execute(db);
  // a tenth of the book has its next installment (due on the close's date) not yet paid, and one
  // loan in 25 more missed last month's, so that about 10 % is overdue
  await sql`
    UPDATE installment SET principal_paid_fen = 0, interest_paid_fen = 0, settled_on = NULL
     WHERE settled_on IS NOT NULL AND ((due_date = ${EOD_DATE} AND loan_id % 10 = 3) OR (due_date = ${addDays(EOD_DATE, -31)} AND loan_id % 25 = 5))`.execute(db);
  await sql`ANALYZE`.execute(db);
}

/**
 * Months of closed collections history before `first` (the date of the book's first run, which
 * must have run): for every loan, one pre-due case a month, opened three days before a due date
 * and closed the day after it, each with one task, done or superseded, as a strategy that reminds
 * every borrower before every due date leaves behind. A production book carries this history;
 * the run's statements that read the open cases or check the keys of what they write have to find
 * their rows among it.
 */
export async function addClosedHistory(db: Kysely<DB>, first: string, months: number): Promise<void> {
  await sql`
    INSERT INTO collection_case (loan_id, opened_on, reason, anchor_due, closed_on, close_reason, strategy_code, strategy_version, strategy_group, segment, last_task_key, evaluated_on)
    SELECT l.id, d.due - 3, 'strategy', d.due, d.due + 1, 'cure', t.strategy_code, t.strategy_version, 'champion', t.segment, 'history', d.due - 3
      FROM loan l
      CROSS JOIN (SELECT ${first}::date - 30 * g AS due FROM generate_series(1, ${months}::int) g) d
      CROSS JOIN (SELECT strategy_code, strategy_version, segment FROM collection_task WHERE kind = 'strategy' ORDER BY id LIMIT 1) t
     ORDER BY d.due DESC, l.id`.execute(db);
  await sql`
    INSERT INTO collection_task (case_id, loan_id, decision_key, kind, for_role, branch_id, strategy_code, strategy_version, strategy_group, segment,
                                 step, action, priority, template, created_on, due_by, status, done_at, cancelled_reason, facts)
    SELECT c.id, c.loan_id, 'history|' || c.id, 'strategy', 'collector', l.branch_id, c.strategy_code, c.strategy_version, 'champion', c.segment,
           t.step, t.action, t.priority, t.template, c.opened_on, c.opened_on + interval '1 day',
           CASE WHEN c.id % 2 = 0 THEN 'done' ELSE 'cancelled' END, CASE WHEN c.id % 2 = 0 THEN c.opened_on + interval '10 hours' END,
           CASE WHEN c.id % 2 = 1 THEN 'superseded' END, t.facts
      FROM collection_case c
      JOIN loan l ON l.id = c.loan_id
      CROSS JOIN (SELECT step, action, priority, template, facts FROM collection_task WHERE kind = 'strategy' AND facts IS NOT NULL ORDER BY id LIMIT 1) t
     WHERE c.last_task_key = 'history' AND c.closed_on IS NOT NULL
     ORDER BY c.id`.execute(db);
}
