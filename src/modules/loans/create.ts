import type { Kysely } from 'kysely';
import { BinaryCopyWriter } from '../../db/binary-copy.js';
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

/** One installment in binary: 7 fields, bigint/integer/date, 50 bytes of data. */
const INSTALLMENT_FIELD_BYTES = 8 + 4 + 4 + 4 + 8 + 8 + 8;

/**
 * Inserts loans with their version-1 schedules by COPY (the caller owns the transaction): ids are
 * taken from the sequence first, then the loans, their installments and collateral links are
 * copied in. Each schedule is built as its rows are written, in binary (the widest load of all:
 * 36 rows a loan). Returns the new ids in input order.
 */
export async function insertLoans(db: Kysely<DB>, loans: readonly NewLoan[]): Promise<number[]> {
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
  function* installmentData(): Generator<Uint8Array> {
    const out = new BinaryCopyWriter();
    for (let k = 0; k < loans.length; k++) {
      const id = idAt(k);
      for (const i of scheduleOf(loans[k] as NewLoan)) {
        out.row(INSTALLMENT_COLUMNS.length, INSTALLMENT_FIELD_BYTES).int8(id).int4(1).int4(i.seq).date(i.dueDate).int8(i.principalFen).int8(i.interestFen).int8(i.balanceAfterFen);
      }
      yield* out.take();
    }
    yield* out.end();
  }
  await copyBinaryInto(db, 'installment', INSTALLMENT_COLUMNS, installmentData());
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
