import { type Kysely, sql } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import { daysBetween, isBusinessDate, type BusinessDate } from '../../domain/business-date.js';

const EVENT_CURSOR = /^(\d{4}-\d{2}-\d{2})~(\d{1,15})$/;

function decodeEventCursor(cursor: string): { date: string; id: number } {
  const m = EVENT_CURSOR.exec(cursor);
  if (!m?.[1] || !m[2] || !isBusinessDate(m[1])) {
    throw new AppError('validation', { 'zh-CN': '翻页游标无效，请从第一页重新查询', 'en-US': 'The page cursor is not valid; start again from the first page' }, [
      { field: 'query.cursor', message: 'not a cursor from this list' },
    ]);
  }
  return { date: m[1], id: Number(m[2]) };
}

/**
 * A loan's close-of-business events, newest business date first (a re-derive can add an event for
 * an older date after newer ones, so the order is by date, then id), a page at a time.
 */
export async function loanEvents(db: Kysely<DB>, loanId: number, cursor: string | undefined, limit: number) {
  let q = db.selectFrom('loan_event').select(['id', 'business_date', 'kind', 'from_value', 'to_value', 'created_at']).where('loan_id', '=', loanId);
  if (cursor) {
    const after = decodeEventCursor(cursor);
    q = q.where(sql<boolean>`(business_date, id) < (${after.date}::date, ${after.id})`);
  }
  const rows = await q.orderBy('business_date', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  const items = rows.slice(0, limit).map((r) => ({ id: r.id, businessDate: r.business_date, kind: r.kind, fromValue: r.from_value, toValue: r.to_value, recordedAt: r.created_at }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? `${last.businessDate}~${last.id}` : null };
}

/**
 * A loan's status history: one row per change of overdue-since, bucket, class or stage, newest
 * first. DPD grows inside a row, so each row gives it at its first and its last day (for the open
 * row, the last date closed). A re-derive after a back-dated change replaces rows: how many were
 * replaced is counted (they are kept in loan_status_history_correction).
 */
export async function loanStatusHistory(db: Kysely<DB>, loanId: number) {
  const status = await db.selectFrom('loan_status').select('as_of').where('loan_id', '=', loanId).executeTakeFirst();
  const rows = await db
    .selectFrom('loan_status_history')
    .select(['valid_from', 'valid_to', 'overdue_since', 'bucket', 'risk_class', 'stage'])
    .where('loan_id', '=', loanId)
    .orderBy('valid_from', 'desc')
    .execute();
  const corrections = await db.selectFrom('loan_status_history_correction').select(sql<number>`count(*)::int`.as('n')).where('loan_id', '=', loanId).executeTakeFirstOrThrow();
  const dpdOn = (overdueSince: string | null, date: string) => (overdueSince === null ? 0 : Math.max(0, daysBetween(overdueSince as BusinessDate, date as BusinessDate)));
  return {
    items: rows.map((r) => {
      const lastDay = r.valid_to ?? (status && status.as_of > r.valid_from ? status.as_of : r.valid_from);
      return {
        validFrom: r.valid_from,
        validTo: r.valid_to,
        overdueSince: r.overdue_since,
        dpdFrom: dpdOn(r.overdue_since, r.valid_from),
        dpdTo: dpdOn(r.overdue_since, lastDay),
        bucket: r.bucket,
        riskClass: r.risk_class,
        stage: r.stage,
      };
    }),
    asOf: status?.as_of ?? null,
    corrections: corrections.n,
  };
}
