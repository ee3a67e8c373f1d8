import { type Kysely, sql } from 'kysely';
import type { DB } from '../../src/db/schema.js';

/**
 * Everything a close of business publishes, in a comparable form (no generated ids or clock
 * times): two books closed the same way must give equal values.
 */
export async function publishedState(db: Kysely<DB>, options: { penalties?: boolean } = {}) {
  const [businessDate, status, history, events, snapshots, penalties, portfolio, portfolioDaily, portfolioMonthEnds] = await Promise.all([
    db.selectFrom('business_date').select('business_date').executeTakeFirstOrThrow(),
    db.selectFrom('loan_status').selectAll().orderBy('loan_id').execute(),
    db.selectFrom('loan_status_history').selectAll().orderBy('loan_id').orderBy('valid_from').execute(),
    db.selectFrom('loan_event').select(['loan_id', 'business_date', 'kind', 'from_value', 'to_value']).orderBy('loan_id').orderBy('business_date').orderBy('kind').execute(),
    db.selectFrom('month_end_snapshot').selectAll().orderBy('month_end').orderBy('loan_id').execute(),
    db.selectFrom('installment').select(['loan_id', 'version', 'seq', 'penalty_fen', 'principal_paid_fen', 'interest_paid_fen', 'settled_on']).where('penalty_fen', '>', 0).orderBy('loan_id').orderBy('version').orderBy('seq').execute(),
    db.selectFrom('portfolio_current').selectAll().orderBy(sql`branch_id, product_code, bucket, risk_class, stage`).execute(),
    db.selectFrom('portfolio_daily').selectAll().orderBy(sql`business_date, branch_id, product_code, bucket, risk_class, stage`).execute(),
    db.selectFrom('portfolio_month_end').selectAll().orderBy('month_end').orderBy('branch_id').execute(),
  ]);
  // 罚息 accrued by a chunk stays when a later part of the run fails (a rerun adds no day twice).
  return {
    businessDate: businessDate.business_date,
    status,
    history,
    events,
    snapshots,
    portfolio: { current: portfolio, daily: portfolioDaily, monthEnds: portfolioMonthEnds },
    ...(options.penalties === false ? {} : { penalties }),
  };
}
