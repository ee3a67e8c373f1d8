import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { DEFAULT_CLASSIFICATION } from '../../domain/delinquency.js';
import { observation } from '../../domain/restructuring/observation.js';

export interface ObservationRun {
  observed: number;
  restarted: number;
  ended: number;
}

/**
 * After close of business: every restructured loan still under observation, judged on the date
 * from its installments' settlement dates. A miss restarts the period (and breaks the plan on the
 * collection case); a served period clears the class and stage flags. Set-based: one read of all
 * observed loans' installments, one write per kind of change. Rerunning a date changes nothing.
 */
export async function runRestructuringForDate(db: Kysely<DB>, date: BusinessDate, graceDays = DEFAULT_CLASSIFICATION.operationalGraceDays): Promise<ObservationRun> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ id: number; loan_id: number; was_non_performing: boolean; missed: string[]; due_dates: string[]; settled: (string | null)[]; class_flag_id: number | null; stage_flag_id: number | null }>`
      SELECT r.id, r.loan_id, r.was_non_performing, r.observation_missed AS missed, r.class_flag_id, r.stage_flag_id,
             array_agg(i.due_date::text ORDER BY i.seq) AS due_dates,
             array_agg(i.settled_on::text ORDER BY i.seq) AS settled
        FROM restructuring r
        JOIN loan l ON l.id = r.loan_id
        JOIN installment i ON i.loan_id = l.id AND i.version = l.schedule_version AND i.due_date > r.effective_on
       WHERE r.status = 'approved' AND r.observation_ended_on IS NULL AND r.effective_on <= ${date}
       GROUP BY r.id`.execute(trx);
    const changes = rows.map((r) => {
      const obs = observation({ dueDates: r.due_dates as BusinessDate[], settledOn: r.settled as (BusinessDate | null)[], wasNonPerforming: r.was_non_performing, asOf: date, graceDays });
      return { r, obs, newMiss: obs.missed.length > (Array.isArray(r.missed) ? r.missed.length : 0) };
    });
    if (changes.length === 0) return { observed: 0, restarted: 0, ended: 0 };

    const values = sql.join(changes.map(({ r, obs }) => sql`(${r.id}::bigint, ${obs.periodStart}::date, ${obs.earliestEnd}::date, ${JSON.stringify(obs.missed)}::jsonb, ${obs.observed ? null : date}::date)`));
    await sql`UPDATE restructuring r SET observation_start = v.s, observation_earliest_end = v.e, observation_missed = v.m, observation_ended_on = v.ended
                FROM (VALUES ${values}) AS v(id, s, e, m, ended) WHERE r.id = v.id`.execute(trx);

    const ended = changes.filter((c) => !c.obs.observed);
    const flagIds = ended.flatMap(({ r }) => [r.class_flag_id, r.stage_flag_id]).filter((x): x is number => x !== null);
    if (flagIds.length > 0) await trx.updateTable('loan_flag').set({ cleared_on: date }).where('id', 'in', flagIds).where('cleared_on', 'is', null).execute();
    const restarted = changes.filter((c) => c.newMiss);
    const events = [...restarted.map(({ r, obs }) => ({ loanId: r.loan_id, kind: 'restructuring_broken', to: obs.periodStart })), ...ended.map(({ r }) => ({ loanId: r.loan_id, kind: 'observation_ended', to: null }))];
    if (events.length > 0) {
      await sql`INSERT INTO loan_event (loan_id, business_date, kind, to_value)
                VALUES ${sql.join(events.map((e) => sql`(${e.loanId}::bigint, ${date}::date, ${e.kind}, ${e.to})`))}
                ON CONFLICT (loan_id, business_date, kind) DO NOTHING`.execute(trx);
    }
    // the collection case resumes its steps on a miss; the plan ends when the period is served
    if (restarted.length > 0) {
      await trx.updateTable('collection_case_plan').set({ broken_on: date }).where('restructuring_id', 'in', restarted.map((c) => c.r.id)).where('broken_on', 'is', null).execute();
    }
    if (ended.length > 0) {
      await trx.updateTable('collection_case_plan').set({ ended_on: date }).where('restructuring_id', 'in', ended.map((c) => c.r.id)).where('ended_on', 'is', null).execute();
    }
    return { observed: changes.length - ended.length, restarted: restarted.length, ended: ended.length };
  });
}
