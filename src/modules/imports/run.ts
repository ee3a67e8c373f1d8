import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import {
  BORROWER_COLUMNS,
  type BorrowerRow,
  LOAN_COLUMNS,
  type LoanRow,
  readBorrowerRow,
  readLoanRow,
  readRepaymentRow,
  readVehicleRow,
  REPAYMENT_COLUMNS,
  type RepaymentRow,
  type RowError,
  RowReader,
  type VehicleRow,
} from '../../domain/import-rows.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { insertBorrowers, insertVehicles } from '../loans/book.js';
import { insertLoans } from '../loans/create.js';
import { replayAndStore } from '../loans/ledger.js';
import { loadProducts } from '../loans/products.js';
import { currentBusinessDate } from '../system/business-date.js';
import { readTable, type TableRow } from './read-table.js';

export const IMPORT_KINDS = ['borrowers', 'vehicles', 'loans', 'repayments'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportReport {
  kind: ImportKind;
  file: string;
  rows: number;
  inserted: number;
  unchanged: number;
  errors: RowError[];
  seconds: number;
}

/** Rows in, per chunk: large enough for few round trips, small enough for flat memory. */
const CHUNK = 5000;
const REQUIRED: Record<ImportKind, readonly string[]> = {
  borrowers: BORROWER_COLUMNS.slice(0, 5),
  vehicles: ['vin', 'make', 'model', 'model_year', 'condition', 'price'],
  loans: LOAN_COLUMNS.filter((c) => !['balloon', 'vin', 'officer_username'].includes(c)),
  repayments: REPAYMENT_COLUMNS.filter((c) => c !== 'channel'),
};

class RolledBack extends Error {}

interface Pending<T> {
  row: number;
  value: T;
}

interface Context {
  trx: Kysely<DB>;
  errors: RowError[];
  businessDate: BusinessDate;
  recordedBy: string;
  branchIdByCode: Map<string, number>;
  inserted: number;
  unchanged: number;
  /** Loans whose repayments changed: replayed once, at the end. */
  touchedLoans: Set<number>;
}

const error = (row: number, column: string, value: string, reason: string): RowError => ({ row, column, value, reason });

async function flushBorrowers(ctx: Context, chunk: Pending<BorrowerRow>[]): Promise<void> {
  const existing = await ctx.trx.selectFrom('borrower').select(['external_id', 'id_number', 'name']).where('external_id', 'in', chunk.map((p) => p.value.externalId)).execute();
  const byId = new Map(existing.map((e) => [e.external_id, e]));
  const fresh: Pending<BorrowerRow>[] = [];
  for (const p of chunk) {
    const branchId = ctx.branchIdByCode.get(p.value.branchCode);
    if (branchId === undefined) ctx.errors.push(error(p.row, 'branch_code', p.value.branchCode, 'no such branch'));
    const found = byId.get(p.value.externalId);
    if (found) {
      if (found.id_number === p.value.idNumber && found.name === p.value.name) ctx.unchanged += 1;
      else ctx.errors.push(error(p.row, 'external_id', p.value.externalId, 'already imported with a different name or ID number'));
    } else fresh.push(p);
  }
  if (ctx.errors.length > 0 || fresh.length === 0) return;
  await insertBorrowers(ctx.trx, fresh.map((p) => ({ ...p.value, branchId: ctx.branchIdByCode.get(p.value.branchCode) ?? 0 })), 'import', ctx.businessDate, ctx.recordedBy);
  ctx.inserted += fresh.length;
}

async function flushVehicles(ctx: Context, chunk: Pending<VehicleRow>[]): Promise<void> {
  const existing = await ctx.trx.selectFrom('vehicle').select(['vin', 'make', 'model']).where('vin', 'in', chunk.map((p) => p.value.vin)).execute();
  const byVin = new Map(existing.map((e) => [e.vin, e]));
  const fresh = chunk.filter((p) => {
    const found = byVin.get(p.value.vin);
    if (!found) return true;
    if (found.make === p.value.make && found.model === p.value.model) ctx.unchanged += 1;
    else ctx.errors.push(error(p.row, 'vin', p.value.vin, 'already imported as another make or model'));
    return false;
  });
  if (ctx.errors.length > 0 || fresh.length === 0) return;
  await insertVehicles(ctx.trx, fresh.map((p) => p.value));
  ctx.inserted += fresh.length;
}

async function flushLoans(ctx: Context, chunk: Pending<LoanRow>[]): Promise<void> {
  const { trx } = ctx;
  const loans = chunk.map((p) => p.value);
  const existing = await trx.selectFrom('loan').select(['external_id', 'principal_fen', 'annual_rate', 'term_months', 'method', 'first_due_date']).where('external_id', 'in', loans.map((l) => l.externalId)).execute();
  const existingById = new Map(existing.map((e) => [e.external_id, e]));
  const borrowers = await trx.selectFrom('borrower').select(['id', 'external_id']).where('external_id', 'in', loans.map((l) => l.borrowerExternalId)).execute();
  const borrowerId = new Map(borrowers.map((b) => [b.external_id, b.id]));
  const vins = loans.map((l) => l.vin).filter((v): v is string => v !== null);
  const vehicles = vins.length ? await trx.selectFrom('vehicle').select(['id', 'vin']).where('vin', 'in', vins).execute() : [];
  const vehicleId = new Map(vehicles.map((v) => [v.vin, v.id]));
  const names = loans.map((l) => l.officerUsername).filter((v): v is string => v !== null);
  const officers = names.length ? await trx.selectFrom('app_user').select(['id', 'username']).where('username', 'in', names).execute() : [];
  const officerId = new Map(officers.map((o) => [o.username, o.id]));

  const fresh: Pending<LoanRow>[] = [];
  for (const p of chunk) {
    const l = p.value;
    const before = ctx.errors.length;
    if (!ctx.branchIdByCode.has(l.branchCode)) ctx.errors.push(error(p.row, 'branch_code', l.branchCode, 'no such branch'));
    if (!borrowerId.has(l.borrowerExternalId)) ctx.errors.push(error(p.row, 'borrower_external_id', l.borrowerExternalId, 'no borrower with this external id (import borrowers first)'));
    if (l.vin !== null && !vehicleId.has(l.vin)) ctx.errors.push(error(p.row, 'vin', l.vin, 'no vehicle with this VIN (import vehicles first)'));
    if (l.officerUsername !== null && !officerId.has(l.officerUsername)) ctx.errors.push(error(p.row, 'officer_username', l.officerUsername, 'no such user'));
    const found = existingById.get(l.externalId);
    if (found) {
      const same = found.principal_fen === l.principalFen && Number(found.annual_rate) === Number(l.annualRate) && found.term_months === l.termMonths && found.method === l.method && found.first_due_date === l.firstDueDate;
      if (same) ctx.unchanged += 1;
      else ctx.errors.push(error(p.row, 'external_id', l.externalId, 'already imported with different terms'));
    } else if (ctx.errors.length === before) fresh.push(p);
  }
  if (ctx.errors.length > 0 || fresh.length === 0) return;
  await insertLoans(
    trx,
    fresh.map(({ value: l }) => ({
      externalId: l.externalId,
      borrowerId: borrowerId.get(l.borrowerExternalId) ?? 0,
      branchId: ctx.branchIdByCode.get(l.branchCode) ?? 0,
      officerUserId: l.officerUsername === null ? null : (officerId.get(l.officerUsername) ?? null),
      productCode: l.productCode,
      principalFen: l.principalFen,
      annualRate: l.annualRate,
      termMonths: l.termMonths,
      method: l.method,
      balloonFen: l.balloonFen,
      disbursementDate: l.disbursementDate,
      firstDueDate: l.firstDueDate,
      vehicleId: l.vin === null ? null : (vehicleId.get(l.vin) ?? null),
    })),
  );
  ctx.inserted += fresh.length;
}

async function flushRepayments(ctx: Context, chunk: Pending<RepaymentRow>[]): Promise<void> {
  const { trx } = ctx;
  const rows = chunk.map((p) => p.value);
  const loans = await trx.selectFrom('loan').select(['id', 'external_id', 'disbursement_date', 'status']).where('external_id', 'in', rows.map((r) => r.loanExternalId)).execute();
  const loanBy = new Map(loans.map((l) => [l.external_id, l]));
  const existing = await trx.selectFrom('repayment').select(['external_id', 'loan_id', 'value_date', 'amount_fen']).where('external_id', 'in', rows.map((r) => r.externalId)).execute();
  const existingBy = new Map(existing.map((e) => [e.external_id, e]));
  const fresh: Array<RepaymentRow & { loanId: number }> = [];
  for (const p of chunk) {
    const r = p.value;
    const loan = loanBy.get(r.loanExternalId);
    if (!loan) {
      ctx.errors.push(error(p.row, 'loan_external_id', r.loanExternalId, 'no loan with this external id'));
      continue;
    }
    if (r.valueDate < loan.disbursement_date) ctx.errors.push(error(p.row, 'value_date', r.valueDate, `before the disbursement date ${loan.disbursement_date}`));
    if (loan.status === 'written_off') ctx.errors.push(error(p.row, 'loan_external_id', r.loanExternalId, 'the loan is written off'));
    const found = existingBy.get(r.externalId);
    if (found) {
      if (found.loan_id === loan.id && found.value_date === r.valueDate && found.amount_fen === r.amountFen) ctx.unchanged += 1;
      else ctx.errors.push(error(p.row, 'external_id', r.externalId, 'already posted with a different loan, date or amount'));
    } else fresh.push({ ...r, loanId: loan.id });
  }
  if (ctx.errors.length > 0 || fresh.length === 0) return;
  await trx
    .insertInto('repayment')
    .values(fresh.map((r) => ({ loan_id: r.loanId, external_id: r.externalId, value_date: r.valueDate, amount_fen: r.amountFen, channel: r.channel, posted_by: ctx.recordedBy })))
    .execute();
  for (const loanId of new Set(fresh.map((r) => r.loanId))) ctx.touchedLoans.add(loanId);
  ctx.inserted += fresh.length;
}

function checksum(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * Imports one file in one transaction: every row is read and checked, references are resolved a
 * chunk at a time, and rows are inserted as they pass. Any bad row rolls everything back and the
 * report names every bad row; a row already imported identically is counted as unchanged, so the
 * same file imported twice changes nothing.
 */
export async function importFile(
  db: Kysely<DB>,
  who: AuditWho,
  kind: ImportKind,
  file: string,
  onProgress?: (rows: number) => void,
  rows: AsyncIterable<TableRow> = readTable(file),
): Promise<ImportReport> {
  const started = performance.now();
  const errors: RowError[] = [];
  let count = 0;
  let inserted = 0;
  let unchanged = 0;
  try {
    await db.transaction().execute(async (trx) => {
      const branches = await trx.selectFrom('branch').select(['id', 'code']).execute();
      const products = await loadProducts(trx);
      const maxTerm = new Map([...products.values()].map((p) => [p.code, p.maxTermMonths]));
      const ctx: Context = { trx, errors, businessDate: await currentBusinessDate(trx), recordedBy: who.name, branchIdByCode: new Map(branches.map((b) => [b.code, b.id])), inserted: 0, unchanged: 0, touchedLoans: new Set() };
      const firstRow = new Map<string, number>();
      let chunk: Pending<never>[] = [];
      const flush = async () => {
        if (chunk.length === 0) return;
        if (kind === 'borrowers') await flushBorrowers(ctx, chunk as Pending<BorrowerRow>[]);
        else if (kind === 'vehicles') await flushVehicles(ctx, chunk as Pending<VehicleRow>[]);
        else if (kind === 'repayments') await flushRepayments(ctx, chunk as Pending<RepaymentRow>[]);
        else await flushLoans(ctx, chunk as Pending<LoanRow>[]);
        chunk = [];
      };
      let headerChecked = false;
      for await (const { row, values } of rows) {
        if (!headerChecked) {
          headerChecked = true;
          const missing = REQUIRED[kind].filter((c) => !(c in values));
          if (missing.length > 0) {
            for (const column of missing) errors.push(error(1, column, '', `missing column (a ${kind} file needs ${REQUIRED[kind].join(', ')})`));
            break;
          }
        }
        count += 1;
        const r = new RowReader(row, values);
        const value =
          kind === 'borrowers' ? readBorrowerRow(r) : kind === 'vehicles' ? readVehicleRow(r) : kind === 'repayments' ? readRepaymentRow(r, ctx.businessDate) : readLoanRow(r, maxTerm);
        errors.push(...r.errors);
        if (value) {
          const key = 'externalId' in value ? value.externalId : value.vin;
          const column = kind === 'vehicles' ? 'vin' : 'external_id';
          const seen = firstRow.get(key);
          if (seen !== undefined) errors.push(error(row, column, key, `duplicate of row ${seen}`));
          else {
            firstRow.set(key, row);
            chunk.push({ row, value } as Pending<never>);
          }
        }
        if (chunk.length >= CHUNK) await flush();
        if (count % 10_000 === 0) onProgress?.(count);
      }
      await flush();
      if (errors.length === 0) for (const loanId of ctx.touchedLoans) await replayAndStore(trx, loanId, ctx.businessDate);
      inserted = ctx.inserted;
      unchanged = ctx.unchanged;
      if (errors.length > 0) throw new RolledBack();
      await recordAudit(trx, who, { action: `import.${kind}`, entityType: 'import', entityId: path.basename(file), after: { file: path.basename(file), sha256: checksum(file), rows: count, inserted, unchanged } });
    });
  } catch (e) {
    if (!(e instanceof RolledBack)) throw e;
    inserted = 0;
  }
  errors.sort((a, b) => a.row - b.row);
  return { kind, file, rows: count, inserted, unchanged: errors.length > 0 ? 0 : unchanged, errors, seconds: (performance.now() - started) / 1000 };
}
