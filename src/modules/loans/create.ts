import type { Kysely } from 'kysely';
import { BinaryRowWriter, binaryRowBytes, writeInt8 } from '../../db/binary-copy.js';
import { copyBinaryInto, copyInto, copyLine, insertColumns, reserveIds } from '../../db/bulk.js';
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

/** installment (loan_id bigint, version integer, seq integer, due_date date, then three bigints) */
const INSTALLMENT_ROW_BYTES = binaryRowBytes([8, 4, 4, 4, 8, 8, 8]);

/**
 * A version-1 schedule as binary COPY rows for `installment`, about 2.7 KB for 36 installments,
 * with the loan id left 0 until it is known (an import builds the schedule to check the row, long
 * before the loan has an id): `insertLoans` fills it in.
 */
export function encodeSchedule(installments: readonly Installment[]): Buffer {
  const out = new BinaryRowWriter(installments.length * INSTALLMENT_ROW_BYTES);
  for (const i of installments) out.row(7).int8(0).int4(1).int4(i.seq).date(i.dueDate).int8(i.principalFen).int8(i.interestFen).int8(i.balanceAfterFen);
  return out.done();
}

/** Fills the loan id into every row of an encoded schedule (it leads each row, after the field count). */
function withLoanId(rows: Buffer, loanId: number): Buffer {
  const view = new DataView(rows.buffer, rows.byteOffset, rows.length);
  for (let at = 2; at < rows.length; at += INSTALLMENT_ROW_BYTES) writeInt8(view, at, loanId);
  return rows;
}

/**
 * Inserts loans with their version-1 schedules by COPY (the caller owns the transaction): ids are
 * taken from the sequence first, then the loans, their installments (in binary) and collateral
 * links are copied in. `schedules[k]`, when given, is loan k's schedule from `encodeSchedule`
 * (its loan id is filled in here); otherwise it is built here. Returns the new ids in input order.
 */
export async function insertLoans(db: Kysely<DB>, loans: readonly NewLoan[], schedules?: readonly Buffer[]): Promise<number[]> {
  if (loans.length === 0) return [];
  if (schedules !== undefined && schedules.length !== loans.length) throw new Error(`${loans.length} loans but ${schedules.length} schedules`);
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
  function* installmentRows(): Generator<Buffer> {
    for (let k = 0; k < loans.length; k++) yield withLoanId(schedules?.[k] ?? encodeSchedule(scheduleOf(loans[k] as NewLoan)), idAt(k));
  }
  await copyBinaryInto(db, 'installment', INSTALLMENT_COLUMNS, installmentRows());
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
