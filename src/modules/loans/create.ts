import type { Kysely } from 'kysely';
import { copyInto, copyLine, insertColumns, reserveIds } from '../../db/bulk.js';
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

const LOAN_COLUMNS = [
  'id', 'external_id', 'borrower_id', 'branch_id', 'officer_user_id', 'product_code', 'principal_fen', 'annual_rate', 'term_months', 'method',
  'balloon_fen', 'disbursement_date', 'first_due_date',
] as const;
const INSTALLMENT_COLUMNS = ['loan_id', 'version', 'seq', 'due_date', 'principal_fen', 'interest_fen', 'balance_after_fen'] as const;

function scheduleOf(l: NewLoan): Installment[] {
  return buildSchedule({ principalFen: l.principalFen, annualRate: l.annualRate, termMonths: l.termMonths, method: l.method, firstDueDate: l.firstDueDate, balloonFen: l.method === 'balloon' ? l.balloonFen : undefined })
    .installments;
}

/**
 * A version-1 schedule as COPY lines for `installment`, without the leading loan id (which is
 * not known yet when an import reads the row): one flat string of about 1.3 KB for 36
 * installments, instead of 36 objects held until the chunk is written.
 */
export function scheduleLines(installments: readonly Installment[]): string {
  const lines = installments.map((i) => `1\t${i.seq}\t${i.dueDate}\t${i.principalFen}\t${i.interestFen}\t${i.balanceAfterFen}\n`);
  return lines.join('');
}

/**
 * Inserts loans with their version-1 schedules by COPY (the caller owns the transaction): ids are
 * taken from the sequence first, then the loans, their installments and collateral links are
 * copied in. `schedules[k]`, when given, is loan k's schedule from `scheduleLines` (an import
 * builds it to check the row); otherwise it is built here. Returns the new ids in input order.
 */
export async function insertLoans(db: Kysely<DB>, loans: readonly NewLoan[], schedules?: readonly string[]): Promise<number[]> {
  if (loans.length === 0) return [];
  const ids = await reserveIds(db, 'loan', loans.length);
  const idAt = (k: number) => ids[k] ?? 0;
  await copyInto(
    db,
    'loan',
    LOAN_COLUMNS,
    loans.map((l, k) =>
      copyLine([idAt(k), l.externalId, l.borrowerId, l.branchId, l.officerUserId, l.productCode, l.principalFen, l.annualRate, l.termMonths, l.method, l.balloonFen, l.disbursementDate, l.firstDueDate]),
    ),
  );
  function* installmentLines(): Generator<string> {
    for (let k = 0; k < loans.length; k++) {
      const lines = schedules?.[k] ?? scheduleLines(scheduleOf(loans[k] as NewLoan));
      // every line of the loan's schedule starts with its id
      yield `${idAt(k)}\t${lines.slice(0, -1).replaceAll('\n', `\n${idAt(k)}\t`)}\n`;
    }
  }
  await copyInto(db, 'installment', INSTALLMENT_COLUMNS, installmentLines());
  const collateral = loans.flatMap((l, k) => (l.vehicleId === null ? [] : [copyLine([idAt(k), l.vehicleId])]));
  if (collateral.length > 0) await copyInto(db, 'loan_collateral', ['loan_id', 'vehicle_id'], collateral);
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
