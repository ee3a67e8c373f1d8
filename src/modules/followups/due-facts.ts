import { type Kysely, sql } from 'kysely';
import { arrayLiteral } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import { addDays, type BusinessDate, parseBusinessDate } from '../../domain/business-date.js';
import type { FollowUpFacts } from '../../domain/followups/due.js';
import { DEFAULT_GRADE } from '../../domain/followups/due.js';
import type { EventTrigger, RiskGrade } from '../../domain/followups/policy.js';

/**
 * The inputs of `dueFollowUps` for the loans of one id range, read in two statements (events,
 * then loans) rather than per loan. Only loans that may owe something are read: no post-
 * disbursement task yet, a periodic follow-up fallen due with none open, or a recent event.
 */

/** Events older than this are not looked at again: a daily run has already turned them into tasks. */
export const EVENT_LOOKBACK_DAYS = 31;

/**
 * A loan's risk grade is the behaviour score's (loan_score, written by close of business with the
 * approved champion); a loan not yet scored is grade C (due.ts's DEFAULT_GRADE). The period of a
 * loan is its branch policy's months for its grade. Self-employment and business ownership are
 * not yet fields of the borrower: they are read from the declared position (the words the
 * application form and the generator use), and an enterprise borrower is a business owner.
 */
const SELF_EMPLOYED_POSITION = '^(经营者|个体|个体户|个体工商户|自雇|self[- ]?employed)$';
const OWNER_POSITION = '^(法定代表人|总经理|执行董事|股东|老板|owner|proprietor)$';

export interface BranchPeriod {
  branchId: number;
  grade: RiskGrade;
  /** months between periodic follow-ups for a loan of this grade */
  months: number;
}

interface EventRow {
  loan_id: number;
  trigger: EventTrigger;
  on: string;
  ref: string;
}

export async function followUpFactsForRange(db: Kysely<DB>, date: BusinessDate, lo: number, hi: number, periods: readonly BranchPeriod[], policyStart: BusinessDate): Promise<(FollowUpFacts & { branchId: number })[]> {
  const since = addDays(date, -EVENT_LOOKBACK_DAYS);
  // A first installment missed is the loan's became_overdue whose overdue date is the first due
  // date; a contact change is a fact of a phone or address kind that supersedes another, from any
  // source but a follow-up (which already spoke to the borrower).
  const events = await sql<EventRow>`
    SELECT e.loan_id, 'first_installment_missed' AS trigger, e.business_date::text AS on, 'e' || e.id AS ref
      FROM loan_event e JOIN loan l ON l.id = e.loan_id
     WHERE e.kind = 'became_overdue' AND e.business_date BETWEEN ${since} AND ${date}
       AND e.loan_id BETWEEN ${lo} AND ${hi} AND l.status = 'active'
       AND l.first_due_date = e.business_date - e.to_value::int
    UNION ALL
    SELECT l.id, 'contact_changed', f.effective_from::text, 'f' || f.id
      FROM loan l JOIN borrower_fact f ON f.borrower_id = l.borrower_id
     WHERE l.id BETWEEN ${lo} AND ${hi} AND l.status = 'active'
       AND f.fact IN ('mobile', 'phone', 'home_address', 'work_address') AND f.supersedes_id IS NOT NULL AND f.source <> 'follow_up'
       AND f.effective_from BETWEEN ${since} AND ${date}`.execute(db);
  const eventsOf = new Map<number, EventRow[]>();
  for (const e of events.rows) eventsOf.set(e.loan_id, [...(eventsOf.get(e.loan_id) ?? []), e]);

  const branchIds = arrayLiteral(periods.map((p) => p.branchId), 'bigint');
  const months = arrayLiteral(periods.map((p) => p.months), 'integer');
  const grades = arrayLiteral(periods.map((p) => p.grade), 'text');
  const withEvents = arrayLiteral([...eventsOf.keys()], 'bigint');
  const loans = await sql<{
    id: number;
    branch_id: number;
    disbursement_date: string;
    outstanding_fen: number | null;
    self_employed: boolean;
    business_owner: boolean;
    grade: RiskGrade | null;
    last_completed_on: string | null;
    post_done: boolean;
  }>`
    WITH pol AS (SELECT * FROM unnest(${branchIds}::bigint[], ${grades}::text[], ${months}::int[]) AS p(branch_id, grade, months)),
    -- what the range's loans already have, aggregated over the range (not probed per loan, and
    -- not hashed over the whole task table either)
    tk AS (
      SELECT t.loan_id, bool_or(t.kind = 'post_disbursement') AS has_post, bool_or(t.kind = 'post_disbursement' AND t.status = 'done') AS post_done,
             bool_or(t.kind = 'periodic' AND t.status = 'open') AS open_periodic
        FROM followup_task t WHERE t.loan_id BETWEEN ${lo} AND ${hi} AND t.kind IN ('post_disbursement', 'periodic') GROUP BY t.loan_id
    ), lc AS (
      SELECT f.loan_id, max(f.completed_on) AS last_completed_on FROM followup f WHERE f.loan_id BETWEEN ${lo} AND ${hi} GROUP BY f.loan_id
    ), cand AS (
      SELECT l.id, l.branch_id, l.borrower_id, l.disbursement_date, l.schedule_version, b.kind AS borrower_kind, lc.last_completed_on, coalesce(tk.post_done, false) AS post_done,
             g.grade
        FROM loan l
        JOIN borrower b ON b.id = l.borrower_id
        LEFT JOIN loan_score g ON g.loan_id = l.id
        JOIN pol ON pol.branch_id = l.branch_id AND pol.grade = coalesce(g.grade, ${DEFAULT_GRADE})
        LEFT JOIN tk ON tk.loan_id = l.id
        LEFT JOIN lc ON lc.loan_id = l.id
       WHERE l.id BETWEEN ${lo} AND ${hi} AND l.status = 'active' AND l.disbursement_date <= ${date}
         AND ((l.disbursement_date >= ${policyStart} AND tk.has_post IS NOT TRUE)
              OR ((coalesce(lc.last_completed_on, l.disbursement_date) + make_interval(months => pol.months))::date <= ${date} AND tk.open_periodic IS NOT TRUE)
              OR l.id = ANY(${withEvents}::bigint[]))
    )
    SELECT c.id, c.branch_id, c.grade, c.disbursement_date::text AS disbursement_date, c.last_completed_on::text AS last_completed_on, c.post_done,
           (SELECT sum(i.principal_fen - i.principal_paid_fen) FROM installment i WHERE i.loan_id = c.id AND i.version = c.schedule_version) AS outstanding_fen,
           coalesce(pos.value ~* ${SELF_EMPLOYED_POSITION}, false) AS self_employed,
           c.borrower_kind = 'enterprise' OR coalesce(pos.value ~* ${OWNER_POSITION}, false) AS business_owner
      FROM cand c
      LEFT JOIN LATERAL (SELECT f.value FROM borrower_fact f WHERE f.borrower_id = c.borrower_id AND f.fact = 'position' AND f.effective_from <= ${date}
                          ORDER BY f.effective_from DESC, f.id DESC LIMIT 1) pos ON true`.execute(db);

  return loans.rows.map((r) => ({
    loanId: r.id,
    branchId: r.branch_id,
    disbursementDate: parseBusinessDate(r.disbursement_date),
    riskGrade: r.grade,
    outstandingPrincipalFen: Number(r.outstanding_fen ?? 0),
    selfEmployed: r.self_employed,
    smallBusinessOwner: r.business_owner,
    lastCompletedOn: r.last_completed_on === null ? null : parseBusinessDate(r.last_completed_on),
    // loans disbursed before the first follow-up policy was never owed a post-disbursement follow-up
    postDisbursementDone: r.post_done || r.disbursement_date < policyStart,
    events: (eventsOf.get(r.id) ?? []).map((e) => ({ trigger: e.trigger, on: parseBusinessDate(e.on), ref: e.ref })),
  }));
}
