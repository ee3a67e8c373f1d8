import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { parseBusinessDate } from '../../src/domain/business-date.js';
import { monthEndsAfter } from '../../src/domain/scorecard/book.js';
import { financedVehicle } from '../collateral/support.js';

/**
 * A small book whose month-end history is written by hand, so the training sample and its
 * outcome are known: every loan disbursed 2025-01-01, month ends 2025-01-31 … 2026-07-31.
 * Four kinds of loan, by number i:
 * - i % 4 = 0 fell behind in the autumn of 2025 (DPD 15, 35, 45 at Oct–Dec); half of them (i % 8 = 4) then
 *   went past 60 DPD, the other half paid up;
 * - i % 4 = 1 paid a few days late now and then; a third of them (i % 3 = 0) went bad later;
 * - the rest paid on time, and a few of them (i % 40 = 2) went bad all the same.
 */
export const BOOK_LOANS = 160;
export const MONTH_ENDS = monthEndsAfter(parseBusinessDate('2024-12-31'), 19);

export function dpdAt(i: number, monthEnd: string): number {
  const before = monthEnd <= '2025-12-31';
  const autumn = { '2025-10-31': 15, '2025-11-30': 35, '2025-12-31': 45 }[monthEnd] ?? 0;
  if (i % 4 === 0) return before ? autumn : i % 8 === 4 ? 75 : 0;
  if (i % 4 === 1) return before ? (['2025-08-31', '2025-11-30'].includes(monthEnd) ? 8 : 0) : i % 3 === 0 ? 65 : 0;
  return before ? 0 : i % 40 === 2 && monthEnd >= '2026-03-31' ? 62 : 0;
}

export async function buildBook(db: Kysely<DB>, branchIds: readonly number[]): Promise<number[]> {
  const loanIds: number[] = [];
  for (let i = 0; i < BOOK_LOANS; i++) loanIds.push((await financedVehicle(db, branchIds[i % branchIds.length]!, { disbursed: '2025-01-01' })).loanId);
  const rows = loanIds.flatMap((loanId, i) => MONTH_ENDS.map((m) => ({ loanId, m, dpd: dpdAt(i, m) })));
  await sql`
    INSERT INTO month_end_snapshot (month_end, loan_id, dpd, bucket, risk_class, stage, outstanding_principal_fen)
    SELECT m, l, dpd, CASE WHEN dpd = 0 THEN 'M0' WHEN dpd <= 30 THEN 'M1' WHEN dpd <= 60 THEN 'M2' ELSE 'M3' END, 'normal', 1, 10000000
      FROM unnest(${`{${rows.map((r) => r.m).join(',')}}`}::date[], ${`{${rows.map((r) => r.loanId).join(',')}}`}::bigint[], ${`{${rows.map((r) => r.dpd).join(',')}}`}::int[]) AS x(m, l, dpd)`.execute(db);
  return loanIds;
}
