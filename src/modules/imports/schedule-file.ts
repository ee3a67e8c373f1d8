import { type Kysely, sql } from 'kysely';
import { copyInto, copyLine } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import { RowReader, type RowError } from '../../domain/import-rows.js';
import { readTable, type TableRow } from './read-table.js';

/**
 * A loans import may bring its own schedules (`daihou import loans FILE --schedule SCHEDULE`): a
 * file of installments (loan_external_id, seq, due_date, principal, interest), for some or all
 * of the file's loans; the others get a generated schedule. Rows are checked one by one as they are
 * read and staged in a temporary table; each loan's set is then checked against its loan in SQL
 * (every period once, due dates rising from the loan's first due date, principal summing to the
 * loan's), and replaces the generated schedule of a loan new in this import. A loan imported
 * before must come with the schedule it already has, so the same files twice change nothing.
 * Errors name the schedule file's rows, with columns prefixed `schedule.`.
 */
export const SCHEDULE_COLUMNS = ['loan_external_id', 'seq', 'due_date', 'principal', 'interest'] as const;

const fail = (row: number, column: string, value: string, reason: string): RowError => ({ row, column: `schedule.${column}`, value, reason: `${reason} (schedule file)` });

export async function stageScheduleFile(trx: Kysely<DB>, file: string, errors: RowError[], rows: AsyncIterable<TableRow> = readTable(file)): Promise<number> {
  await sql`DROP TABLE IF EXISTS import_schedule`.execute(trx);
  await sql`
    CREATE TEMP TABLE import_schedule (row integer NOT NULL, loan_external_id text NOT NULL, seq integer NOT NULL, due_date date NOT NULL,
                                       principal_fen bigint NOT NULL, interest_fen bigint NOT NULL) ON COMMIT DROP`.execute(trx);
  let count = 0;
  let checked = false;
  const lines: string[] = [];
  for await (const { row, values } of rows) {
    if (!checked) {
      checked = true;
      const missing = SCHEDULE_COLUMNS.filter((c) => !(c in values));
      for (const column of missing) errors.push(fail(1, column, '', `missing column (a schedule file needs ${SCHEDULE_COLUMNS.join(', ')})`));
      if (missing.length > 0) return 0;
    }
    count += 1;
    const r = new RowReader(row, values);
    const loan = r.text('loan_external_id', true, 100);
    const seq = r.int('seq', 1, 600);
    const due = r.date('due_date');
    const principal = r.yuan('principal');
    const interest = r.yuan('interest');
    for (const e of r.errors) errors.push(fail(e.row, e.column, e.value, e.reason));
    if (r.errors.length === 0 && loan !== null && seq !== null && due !== null && principal !== null && interest !== null) lines.push(copyLine([row, loan, seq, due, principal, interest]));
    if (lines.length >= 20_000) await copyInto(trx, 'import_schedule', ['row', 'loan_external_id', 'seq', 'due_date', 'principal_fen', 'interest_fen'], lines.splice(0));
  }
  if (lines.length > 0) await copyInto(trx, 'import_schedule', ['row', 'loan_external_id', 'seq', 'due_date', 'principal_fen', 'interest_fen'], lines);
  await sql`CREATE INDEX ON import_schedule (loan_external_id, seq)`.execute(trx);
  await sql`ANALYZE import_schedule`.execute(trx);
  return count;
}

/** Checks the staged schedules against their loans and puts them in place; returns the loans given one. */
export async function applyStagedSchedules(trx: Kysely<DB>, errors: RowError[]): Promise<number> {
  const problems = await sql<{ row: number; col: string; value: string; reason: string }>`
    WITH s AS (
      SELECT s.*, l.id AS loan_id, l.term_months, l.first_due_date, l.principal_fen AS loan_principal_fen,
             count(*) OVER w AS n, sum(s.principal_fen) OVER w AS principal_sum,
             count(*) OVER (PARTITION BY s.loan_external_id, s.seq) AS same_seq,
             lag(s.due_date) OVER (PARTITION BY s.loan_external_id ORDER BY s.seq) AS previous_due
        FROM import_schedule s LEFT JOIN loan l ON l.external_id = s.loan_external_id
      WINDOW w AS (PARTITION BY s.loan_external_id)
    )
    SELECT row, 'loan_external_id' AS col, loan_external_id AS value, 'no loan with this external id in this import or before' AS reason FROM s WHERE loan_id IS NULL
    UNION ALL SELECT row, 'seq', seq::text, 'the same period twice' FROM s WHERE loan_id IS NOT NULL AND same_seq > 1
    UNION ALL SELECT row, 'seq', seq::text, 'the loan has ' || term_months || ' periods: seq must run 1..' || term_months
      FROM s WHERE loan_id IS NOT NULL AND (seq > term_months OR (seq = 1 AND n <> term_months))
    UNION ALL SELECT row, 'due_date', due_date::text, 'the first period must fall due on the loan''s first due date ' || first_due_date
      FROM s WHERE loan_id IS NOT NULL AND seq = 1 AND due_date <> first_due_date
    UNION ALL SELECT row, 'due_date', due_date::text, 'not after the previous period''s due date ' || previous_due FROM s WHERE loan_id IS NOT NULL AND due_date <= previous_due
    UNION ALL SELECT row, 'principal', (principal_sum / 100.0)::numeric(20, 2)::text, 'the periods'' principal adds up to this, not to the loan''s ' || (loan_principal_fen / 100.0)::numeric(20, 2)
      FROM s WHERE loan_id IS NOT NULL AND seq = 1 AND principal_sum <> loan_principal_fen`.execute(trx);
  for (const p of problems.rows) errors.push(fail(p.row, p.col, p.value, p.reason));
  if (errors.length > 0) return 0;

  // A loan imported before keeps its schedule: the file must agree with it.
  const differs = await sql<{ row: number; loan_external_id: string }>`
    SELECT min(s.row) AS row, s.loan_external_id
      FROM import_schedule s JOIN loan l ON l.external_id = s.loan_external_id AND l.xmin <> pg_current_xact_id()::xid
      LEFT JOIN installment i ON i.loan_id = l.id AND i.version = l.schedule_version AND i.seq = s.seq
     WHERE i.seq IS NULL OR i.due_date <> s.due_date OR i.principal_fen <> s.principal_fen OR i.interest_fen <> s.interest_fen
     GROUP BY s.loan_external_id`.execute(trx);
  for (const d of differs.rows) errors.push(fail(d.row, 'loan_external_id', d.loan_external_id, 'the loan was imported before with a different schedule'));
  if (errors.length > 0) return 0;

  // Loans new in this transaction: their generated version 1 gives way to the file's.
  await sql`
    CREATE TEMP TABLE import_schedule_loan ON COMMIT DROP AS
    SELECT DISTINCT l.id FROM import_schedule s JOIN loan l ON l.external_id = s.loan_external_id AND l.xmin = pg_current_xact_id()::xid`.execute(trx);
  await sql`DELETE FROM installment i USING import_schedule_loan n WHERE i.loan_id = n.id AND i.version = 1`.execute(trx);
  await sql`
    INSERT INTO installment (loan_id, version, seq, due_date, principal_fen, interest_fen, balance_after_fen)
    SELECT l.id, 1, s.seq, s.due_date, s.principal_fen, s.interest_fen,
           l.principal_fen - sum(s.principal_fen) OVER (PARTITION BY l.id ORDER BY s.seq)
      FROM import_schedule s JOIN loan l ON l.external_id = s.loan_external_id JOIN import_schedule_loan n ON n.id = l.id`.execute(trx);
  const given = await sql<{ n: number }>`SELECT count(*)::int AS n FROM import_schedule_loan`.execute(trx);
  return given.rows[0]?.n ?? 0;
}
