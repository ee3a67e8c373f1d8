import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';

/**
 * Cases open and close with the loan's state after close of business, in two statements over the
 * whole book. A case closes on payoff or write-off, or on cure: a case opened for arrears when the
 * loan has none left, a case a strategy opened before a due date once that date has passed paid.
 * Closing cancels its open tasks. A case opens for every overdue loan without one.
 */
export async function closeCases(trx: Kysely<DB>, date: BusinessDate): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    WITH closing AS (
      -- the status close of business published for the date says whether the loan is still active
      -- (closed: paid off or written off; close-cases.test.ts); the loan itself is read only for
      -- the cases that close, for the reason: joined for every open case it cost a pass over the
      -- whole loan table (284 MB at 1,000,000 loans)
      SELECT c.id, c.loan_id,
             CASE WHEN (SELECT l.status FROM loan l WHERE l.id = c.loan_id) = 'written_off' THEN 'write_off'
                  WHEN s.closed THEN 'payoff'
                  ELSE 'cure' END AS why
        FROM collection_case c
        LEFT JOIN loan_status s ON s.loan_id = c.loan_id
       WHERE c.closed_on IS NULL
         AND (s.closed OR (s.overdue_since IS NULL AND (c.reason = 'overdue' OR c.anchor_due < ${date})))
    ), closed AS (
      UPDATE collection_case c SET closed_on = ${date}, close_reason = closing.why
        FROM closing WHERE c.id = closing.id
      RETURNING c.id, c.loan_id, c.close_reason
    ), cancelled AS (
      UPDATE collection_task t SET status = 'cancelled', cancelled_reason = 'case_closed', held_by = NULL, held_until = NULL
        FROM closed WHERE t.case_id = closed.id AND t.status IN ('open', 'held')
      RETURNING t.id
    ), events AS (
      INSERT INTO collection_case_event (case_id, loan_id, business_date, kind, detail)
      SELECT id, loan_id, ${date}, 'closed', jsonb_build_object('reason', close_reason) FROM closed
      RETURNING 1
    )
    -- data-modifying CTEs run to completion whether or not the outer query reads them
    SELECT count(*)::int AS n FROM closed`.execute(trx);
  return rows[0]?.n ?? 0;
}

/**
 * The loans with an open case are read once, before the insert: checked row by row against
 * collection_case itself, a first run (an empty table, so a nested loop over a sequential scan)
 * rescanned the rows it had just inserted for every loan — quadratic, 131 s for 97,143 cases at
 * 1,000,000 loans.
 */
export async function openOverdueCases(trx: Kysely<DB>, date: BusinessDate): Promise<{ opened: number; /** open cases now, these included */ open: number }> {
  const { rows } = await sql<{ n: number; before: number }>`
    WITH open AS MATERIALIZED (
      SELECT loan_id FROM collection_case WHERE closed_on IS NULL
    ), opened AS (
      INSERT INTO collection_case (loan_id, opened_on, reason)
      SELECT s.loan_id, ${date}, 'overdue' FROM loan_status s
       WHERE s.dpd > 0 AND NOT s.closed AND s.overdue_since IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM open o WHERE o.loan_id = s.loan_id)
      RETURNING id, loan_id
    ), events AS (
      INSERT INTO collection_case_event (case_id, loan_id, business_date, kind, detail)
      SELECT id, loan_id, ${date}, 'opened', '{"reason": "overdue"}'::jsonb FROM opened
      RETURNING 1
    )
    SELECT count(*)::int AS n, (SELECT count(*) FROM open)::int AS before FROM events`.execute(trx);
  const opened = rows[0]?.n ?? 0;
  return { opened, open: (rows[0]?.before ?? 0) + opened };
}
