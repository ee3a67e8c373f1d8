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
