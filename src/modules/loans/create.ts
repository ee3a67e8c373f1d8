import type { Kysely } from 'kysely';
import { insertColumns } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import type { LoanRow } from '../../domain/import-rows.js';
import { buildSchedule, type Installment } from '../../domain/schedule.js';

/** An imported loan row with its references resolved to ids. */
export type NewLoan = Omit<LoanRow, 'borrowerExternalId' | 'branchCode' | 'vin' | 'officerUsername'> & {
  borrowerId: number;
  branchId: number;
  officerUserId: number | null;
  vehicleId: number | null;
};

/**
 * Inserts loans with their version-1 schedules in a few multi-row statements (the caller owns the
 * transaction). Returns the new ids in input order.
 */
export async function insertLoans(db: Kysely<DB>, loans: readonly NewLoan[]): Promise<number[]> {
  if (loans.length === 0) return [];
  const rows = await db
    .insertInto('loan')
    .values(
      loans.map((l) => ({
        external_id: l.externalId,
        borrower_id: l.borrowerId,
        branch_id: l.branchId,
        officer_user_id: l.officerUserId,
        product_code: l.productCode,
        principal_fen: l.principalFen,
        annual_rate: l.annualRate,
        term_months: l.termMonths,
        method: l.method,
        balloon_fen: l.balloonFen,
        disbursement_date: l.disbursementDate,
        first_due_date: l.firstDueDate,
      })),
    )
    .returning(['id', 'external_id'])
    .execute();
  const idOf = new Map(rows.map((r) => [r.external_id, r.id]));
  const ids = loans.map((l) => idOf.get(l.externalId) ?? 0);
  const schedules = loans.flatMap((l, k) =>
    buildSchedule({ principalFen: l.principalFen, annualRate: l.annualRate, termMonths: l.termMonths, method: l.method, firstDueDate: l.firstDueDate, balloonFen: l.method === 'balloon' ? l.balloonFen : undefined }).installments.map(
      (i) => ({ loanId: ids[k] ?? 0, version: 1, installment: i }),
    ),
  );
  await insertInstallments(db, schedules);
  const collateral = loans.flatMap((l, k) => (l.vehicleId === null ? [] : [{ loan_id: ids[k] ?? 0, vehicle_id: l.vehicleId }]));
  if (collateral.length > 0) await db.insertInto('loan_collateral').values(collateral).execute();
  return ids;
}

/** Writes schedule rows (any loans, any versions) in bulk. */
export async function insertInstallments(db: Kysely<DB>, rows: ReadonlyArray<{ loanId: number; version: number; installment: Installment }>): Promise<void> {
  await insertColumns(
    db,
    'installment',
    [
      ['loan_id', 'bigint'],
      ['version', 'integer'],
      ['seq', 'integer'],
      ['due_date', 'date'],
      ['principal_fen', 'bigint'],
      ['interest_fen', 'bigint'],
      ['balance_after_fen', 'bigint'],
    ],
    rows.map(({ loanId, version, installment: i }) => ({
      loan_id: loanId,
      version,
      seq: i.seq,
      due_date: i.dueDate,
      principal_fen: i.principalFen,
      interest_fen: i.interestFen,
      balance_after_fen: i.balanceAfterFen,
    })),
  );
}
