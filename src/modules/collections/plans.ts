import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';

/**
 * The collections side of a restructuring plan (collection_case_plan, written when a plan is
 * approved, broken or served). A plan in force and kept pauses the loan's case: its open strategy
 * tasks are cancelled once, with the reason, and the evaluation decides no step while it lasts
 * (facts.ts reads the plan, the domain explains the pause). A plan that breaks resumes the steps
 * (the evaluation gives the step the loan is at again) and is an early warning: an alert of the
 * `restructuring-broken` indicator for the loan's branch. Each change is written once per plan
 * (the events and alerts name the restructuring), so rerunning a date adds nothing.
 */
export const BROKEN_PLAN_INDICATOR = 'restructuring-broken';

export async function applyPlans(trx: Kysely<DB>, date: BusinessDate): Promise<{ paused: number; resumed: number; warned: number }> {
  const { rows: paused } = await sql<{ case_id: number }>`
    WITH kept AS (
      SELECT DISTINCT ON (oc.id) oc.id AS case_id, oc.loan_id, p.restructuring_id, p.in_force_from
        FROM collection_case_plan p
        JOIN collection_case pc ON pc.id = p.case_id
        JOIN collection_case oc ON oc.loan_id = pc.loan_id AND oc.closed_on IS NULL
       WHERE p.in_force_from <= ${date} AND (p.broken_on IS NULL OR p.broken_on > ${date}) AND (p.ended_on IS NULL OR p.ended_on > ${date})
         AND NOT EXISTS (SELECT 1 FROM collection_case_event e WHERE e.case_id = oc.id AND e.kind = 'plan_paused'
                                                               AND (e.detail->>'restructuringId')::bigint = p.restructuring_id)
       ORDER BY oc.id, p.restructuring_id DESC
    ), cancelled AS (
      UPDATE collection_task t SET status = 'cancelled', cancelled_reason = 'plan_in_force', held_by = NULL, held_until = NULL
        FROM kept WHERE t.case_id = kept.case_id AND t.kind = 'strategy' AND t.status IN ('open', 'held')
      RETURNING t.id
    )
    INSERT INTO collection_case_event (case_id, loan_id, business_date, kind, detail)
    SELECT case_id, loan_id, ${date}, 'plan_paused', jsonb_build_object('restructuringId', restructuring_id, 'inForceFrom', in_force_from) FROM kept ORDER BY case_id
    RETURNING case_id`.execute(trx);

  // broken plans not yet acted on: the event goes to the loan's open case, else the plan's own
  const { rows: broken } = await sql<{ case_id: number; loan_id: number; branch_id: number; restructuring_id: number; broken_on: string }>`
    SELECT coalesce(oc.id, pc.id) AS case_id, pc.loan_id, l.branch_id, p.restructuring_id, p.broken_on::text AS broken_on
      FROM collection_case_plan p
      JOIN collection_case pc ON pc.id = p.case_id
      JOIN loan l ON l.id = pc.loan_id
      LEFT JOIN collection_case oc ON oc.loan_id = pc.loan_id AND oc.closed_on IS NULL
     WHERE p.broken_on <= ${date}
       AND NOT EXISTS (SELECT 1 FROM collection_case_event e JOIN collection_case ec ON ec.id = e.case_id
                        WHERE ec.loan_id = pc.loan_id AND e.kind = 'plan_resumed' AND (e.detail->>'restructuringId')::bigint = p.restructuring_id)
     ORDER BY p.restructuring_id`.execute(trx);
  let warned = 0;
  for (const b of broken) {
    await trx
      .insertInto('collection_case_event')
      .values({ case_id: b.case_id, loan_id: b.loan_id, business_date: date, kind: 'plan_resumed', detail: JSON.stringify({ restructuringId: b.restructuring_id, brokenOn: b.broken_on }) })
      .execute();
    const { rows } = await sql<{ id: number }>`
      INSERT INTO warning_alert (indicator_code, indicator_version, loan_id, branch_id, severity, raised_on, last_true_on, evidence)
      SELECT i.code, i.version, ${b.loan_id}, ${b.branch_id}, i.severity, ${date}, ${date},
             jsonb_build_object('value', true, 'inputs', jsonb_build_object('restructuringId', ${b.restructuring_id}::bigint, 'brokenOn', ${b.broken_on}::text, 'caseId', ${b.case_id}::bigint))
        FROM warning_indicator i
       WHERE i.code = ${BROKEN_PLAN_INDICATOR} AND i.effective_from <= ${date} AND (i.effective_to IS NULL OR i.effective_to > ${date})
       ORDER BY i.effective_from DESC, i.version DESC
       LIMIT 1
      ON CONFLICT (indicator_code, loan_id, raised_on) DO NOTHING
      RETURNING id`.execute(trx);
    for (const r of rows) await sql`INSERT INTO warning_alert_event (warning_id, action, by_name) VALUES (${r.id}, 'raised', 'close of business')`.execute(trx);
    warned += rows.length;
  }
  return { paused: paused.length, resumed: broken.length, warned };
}
