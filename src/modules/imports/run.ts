import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { copyInto, copyLine } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import {
  BORROWER_COLUMNS,
  type BorrowerRow,
  LOAN_COLUMNS,
  type LoanRow,
  readBorrowerRow,
  readLoanRowWithSchedule,
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
import { encodeSchedule, insertLoans } from '../loans/create.js';
import { replayAndStore } from '../loans/ledger.js';
import { loadProducts } from '../loans/products.js';
import { currentBusinessDate } from '../system/business-date.js';
import { bookHasInstallments, type DeferredChecks, deferChecks } from './first-load.js';
import { lookUp } from './lookup.js';
import { readTable, type TableRow } from './read-table.js';
import { applyStagedSchedules, stageScheduleFile } from './schedule-file.js';

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

/**
 * Rows in, per chunk: large enough for few round trips, small enough for flat memory (two chunks
 * are alive at once). Measured on PostgreSQL: loans in 5,000-row chunks peaked at 316 MiB, in
 * 2,500 at 259 MiB; 1,000,000 borrowers took 74 s of database CPU in 5,000-row chunks, 114 s in 2,500.
 */
const CHUNK: Record<ImportKind, number> = { borrowers: 5000, vehicles: 5000, loans: 2500, repayments: 5000 };
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
  /** Whether import_key has statistics yet (see firstOccurrences). */
  keysAnalyzed: boolean;
}

const error = (row: number, column: string, value: string, reason: string): RowError => ({ row, column, value, reason });

/**
 * The file's keys seen so far live in a temporary table (dropped with the transaction), not in
 * memory: a chunk's rows are checked against it and then added. `space` keeps kinds of key apart
 * (a borrower's external id and its ID number).
 */
const KEY_SPACE = { key: 0, idNumber: 1 } as const;

async function createKeyTable(trx: Kysely<DB>): Promise<void> {
  await sql`CREATE TEMPORARY TABLE import_key (space smallint NOT NULL, key text NOT NULL, file_row integer NOT NULL, PRIMARY KEY (space, key)) ON COMMIT DROP`.execute(trx);
}

/**
 * Rows of the chunk whose key is new to the file, in order; a repeat (within the chunk or of an
 * earlier one) is an error naming the row it repeats, `reason(firstRow)`.
 */
async function firstOccurrences<T>(
  ctx: Context,
  chunk: readonly Pending<T>[],
  space: number,
  keyOf: (value: T) => string,
  column: string,
  reason: (firstRow: number) => string,
  shown: (value: T) => string = keyOf,
): Promise<Pending<T>[]> {
  const firstInChunk = new Map<string, number>();
  const candidates: Pending<T>[] = [];
  for (const p of chunk) {
    const key = keyOf(p.value);
    const seen = firstInChunk.get(key);
    if (seen !== undefined) ctx.errors.push(error(p.row, column, shown(p.value), reason(seen)));
    else {
      firstInChunk.set(key, p.row);
      candidates.push(p);
    }
  }
  if (candidates.length === 0) return [];
  const rows = await lookUp<{ key: string; file_row: number }>(ctx.trx, 'import_key', 'key', ['key', 'file_row'], [...firstInChunk.keys()], sql`AND space = ${space}`);
  const earlier = new Map(rows.map((r) => [r.key, r.file_row]));
  const fresh = candidates.filter((p) => {
    const key = keyOf(p.value);
    const first = earlier.get(key);
    if (first === undefined) return true;
    ctx.errors.push(error(p.row, column, shown(p.value), reason(first)));
    return false;
  });
  if (fresh.length > 0) await copyInto(ctx.trx, 'import_key', ['space', 'key', 'file_row'], fresh.map((p) => copyLine([space, keyOf(p.value), p.row])));
  // Without statistics (autovacuum never sees a temporary table) the planner takes each of a
  // chunk's thousands of keys to match 0.5% of the table, and reads all of it for every chunk:
  // quadratic, 95 ms a chunk at 500,000 keys. Once analysed it knows the key is unique, and the
  // estimate scales with the table as it grows.
  if (!ctx.keysAnalyzed && fresh.length > 0) {
    ctx.keysAnalyzed = true;
    await sql`ANALYZE import_key`.execute(ctx.trx);
  }
  return fresh;
}

const duplicateOf = (first: number) => `duplicate of row ${first}`;

async function flushBorrowers(ctx: Context, chunk: Pending<BorrowerRow>[]): Promise<void> {
  const rows = await firstOccurrences(ctx, chunk, KEY_SPACE.key, (b) => b.externalId, 'external_id', duplicateOf);
  if (rows.length === 0) return;
  const { trx } = ctx;
  const existing = await lookUp<{ external_id: string; id_number: string | null; name: string }>(trx, 'borrower', 'external_id', ['external_id', 'id_number', 'name'], rows.map((p) => p.value.externalId));
  const byId = new Map(existing.map((e) => [e.external_id, e]));
  const fresh: Pending<BorrowerRow>[] = [];
  for (const p of rows) {
    if (!ctx.branchIdByCode.has(p.value.branchCode)) ctx.errors.push(error(p.row, 'branch_code', p.value.branchCode, 'no such branch'));
    const found = byId.get(p.value.externalId);
    if (found) {
      if (found.id_number === p.value.idNumber && found.name === p.value.name) ctx.unchanged += 1;
      else ctx.errors.push(error(p.row, 'external_id', p.value.externalId, 'already imported with a different name or ID number'));
    } else fresh.push(p);
  }
  // A new borrower's ID number must be new too: to the file and to the book.
  const idKey = (b: BorrowerRow) => `${b.kind}:${b.idNumber}`;
  const newIds = await firstOccurrences(ctx, fresh, KEY_SPACE.idNumber, idKey, 'id_number', (first) => `the same ID number as row ${first}`, (b) => b.idNumber);
  // one index probe per ID number, whatever the size of the book (see lookup.ts)
  const taken = await sql<{ external_id: string; kind: string; id_number: string }>`
    SELECT b.* FROM unnest(${newIds.map((p) => p.value.kind)}::text[], ${newIds.map((p) => p.value.idNumber)}::text[]) AS q (kind, id_number)
      CROSS JOIN LATERAL (SELECT external_id, kind, id_number FROM borrower WHERE kind = q.kind AND id_number = q.id_number OFFSET 0) AS b`.execute(trx);
  const takenBy = new Map(taken.rows.map((t) => [`${t.kind}:${t.id_number}`, t.external_id]));
  const insertable = newIds.filter((p) => {
    const other = takenBy.get(idKey(p.value));
    if (other === undefined) return true;
    ctx.errors.push(error(p.row, 'id_number', p.value.idNumber, `already the ID number of borrower ${other}`));
    return false;
  });
  if (ctx.errors.length > 0 || insertable.length === 0) return;
  await insertBorrowers(trx, insertable.map((p) => ({ ...p.value, branchId: ctx.branchIdByCode.get(p.value.branchCode) ?? 0 })), 'import', ctx.businessDate, ctx.recordedBy);
  ctx.inserted += insertable.length;
}

async function flushVehicles(ctx: Context, chunk: Pending<VehicleRow>[]): Promise<void> {
  const rows = await firstOccurrences(ctx, chunk, KEY_SPACE.key, (v) => v.vin, 'vin', duplicateOf);
  if (rows.length === 0) return;
  const existing = await lookUp<{ vin: string; make: string; model: string }>(ctx.trx, 'vehicle', 'vin', ['vin', 'make', 'model'], rows.map((p) => p.value.vin));
  const byVin = new Map(existing.map((e) => [e.vin, e]));
  const fresh = rows.filter((p) => {
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

/** A loan row that passed its checks, with the schedule built to check it, ready to copy. */
type CheckedLoan = LoanRow & { schedule: Buffer };

const distinct = (values: ReadonlyArray<string | null>) => [...new Set(values.filter((v): v is string => v !== null))];

/**
 * The order a chunk's loans are written in (and given ids in): by the day of the month they fall
 * due, then by first due date. Every installment enters the index of unpaid installments by
 * (due_date, loan_id), and a new loan's entries go to the end of each due date's range: loans
 * falling due on the same day of the month share most of their due dates, so written together
 * their entries land on the same few index pages one after another, not on a random page each
 * (measured on PostgreSQL: a fifth less database CPU for the whole import). A loan's own
 * installments stay together.
 */
function byDueDay(a: Pending<CheckedLoan>, b: Pending<CheckedLoan>): number {
  const x = a.value.firstDueDate.slice(8) + a.value.firstDueDate;
  const y = b.value.firstDueDate.slice(8) + b.value.firstDueDate;
  return x < y ? -1 : x > y ? 1 : 0;
}

async function flushLoans(ctx: Context, chunk: Pending<CheckedLoan>[]): Promise<void> {
  const rows = await firstOccurrences(ctx, chunk, KEY_SPACE.key, (l) => l.externalId, 'external_id', duplicateOf);
  if (rows.length === 0) return;
  const { trx } = ctx;
  const loans = rows.map((p) => p.value);
  const existing = await lookUp<{ external_id: string; principal_fen: number; annual_rate: string; term_months: number; method: string; first_due_date: string }>(
    trx, 'loan', 'external_id', ['external_id', 'principal_fen', 'annual_rate', 'term_months', 'method', 'first_due_date'], loans.map((l) => l.externalId));
  const existingById = new Map(existing.map((e) => [e.external_id, e]));
  const borrowers = await lookUp<{ id: number; external_id: string }>(trx, 'borrower', 'external_id', ['id', 'external_id'], distinct(loans.map((l) => l.borrowerExternalId)));
  const borrowerId = new Map(borrowers.map((b) => [b.external_id, b.id]));
  const vehicles = await lookUp<{ id: number; vin: string }>(trx, 'vehicle', 'vin', ['id', 'vin'], distinct(loans.map((l) => l.vin)));
  const vehicleId = new Map(vehicles.map((v) => [v.vin, v.id]));
  const officers = await lookUp<{ id: number; username: string }>(trx, 'app_user', 'username', ['id', 'username'], distinct(loans.map((l) => l.officerUsername)));
  const officerId = new Map(officers.map((o) => [o.username, o.id]));

  const fresh: Pending<CheckedLoan>[] = [];
  for (const p of rows) {
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
  fresh.sort(byDueDay);
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
    fresh.map((p) => p.value.schedule),
  );
  ctx.inserted += fresh.length;
}

async function flushRepayments(ctx: Context, chunk: Pending<RepaymentRow>[]): Promise<void> {
  const fileRows = await firstOccurrences(ctx, chunk, KEY_SPACE.key, (r) => r.externalId, 'external_id', duplicateOf);
  if (fileRows.length === 0) return;
  const { trx } = ctx;
  const rows = fileRows.map((p) => p.value);
  const loans = await lookUp<{ id: number; external_id: string; disbursement_date: string; status: string }>(
    trx, 'loan', 'external_id', ['id', 'external_id', 'disbursement_date', 'status'], distinct(rows.map((r) => r.loanExternalId)));
  const loanBy = new Map(loans.map((l) => [l.external_id, l]));
  const existing = await lookUp<{ external_id: string; loan_id: number; value_date: string; amount_fen: number }>(
    trx, 'repayment', 'external_id', ['external_id', 'loan_id', 'value_date', 'amount_fen'], rows.map((r) => r.externalId));
  const existingBy = new Map(existing.map((e) => [e.external_id, e]));
  const fresh: Array<RepaymentRow & { loanId: number }> = [];
  for (const p of fileRows) {
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

/**
 * A loan row checked, with the schedule built to check its terms kept as the binary rows it will
 * be copied as (2.7 KB for 36 installments, some 14 MB for the two chunks alive at once): built and
 * encoded here, while the previous chunk is being written, rather than again inside that write,
 * where the database waited on it (at 1,000,000 loans this process's CPU fell from 65.2 s to 57.0 s).
 */
function checkedLoan(r: RowReader, maxTerm: ReadonlyMap<string, number>): CheckedLoan | null {
  const checked = readLoanRowWithSchedule(r, maxTerm);
  return checked === null ? null : { ...checked.loan, schedule: encodeSchedule(checked.installments) };
}

/** The file's SHA-256, read as a stream (a file of a million rows is not held in memory). */
async function checksum(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Imports one file in one transaction: every row is read and checked as the file streams in,
 * references are resolved and rows inserted a chunk at a time (by COPY for borrowers, vehicles and
 * loans with their schedules), while the next chunk is read. Keys already seen are kept in a
 * temporary table, so memory does not grow with the file. Any bad row rolls everything back and
 * the report names every bad row; a row already imported identically is counted as unchanged, so
 * the same file imported twice changes nothing.
 */
export async function importFile(
  db: Kysely<DB>,
  who: AuditWho,
  kind: ImportKind,
  file: string,
  onProgress?: (rows: number) => void,
  rows: AsyncIterable<TableRow> = readTable(file),
  options: {
    chunkRows?: number;
    scheduleFile?: string;
    scheduleRows?: AsyncIterable<TableRow>;
    /**
     * Loans: build indexes and check foreign keys once at the end instead of row by row
     * (first-load.ts). By default, only when the book has no installments yet.
     */
    deferChecks?: boolean;
  } = {},
): Promise<ImportReport> {
  if (options.scheduleFile !== undefined && kind !== 'loans') throw new Error('only a loans import takes a schedule file');
  const chunkRows = options.chunkRows ?? CHUNK[kind];
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
      const ctx: Context = { trx, errors, businessDate: await currentBusinessDate(trx), recordedBy: who.name, branchIdByCode: new Map(branches.map((b) => [b.code, b.id])), inserted: 0, unchanged: 0, touchedLoans: new Set(), keysAnalyzed: false };
      await createKeyTable(trx);
      const deferred: DeferredChecks | null =
        kind === 'loans' && (options.deferChecks ?? !(await bookHasInstallments(trx))) ? await deferChecks(trx, { keepInstallmentKey: options.scheduleFile !== undefined }) : null;
      if (options.scheduleFile !== undefined) await stageScheduleFile(trx, options.scheduleFile, errors, options.scheduleRows);
      // One chunk is written while the next is read and checked: the database and the parser
      // work at the same time, and at most two chunks are held.
      let inFlight: Promise<void> = Promise.resolve();
      let failure: { error: unknown } | undefined;
      const settle = async () => {
        await inFlight;
        if (failure) throw failure.error;
      };
      let chunk: Pending<never>[] = [];
      const flush = async () => {
        await settle();
        if (chunk.length === 0) return;
        const full = chunk;
        chunk = [];
        const written =
          kind === 'borrowers'
            ? flushBorrowers(ctx, full as Pending<BorrowerRow>[])
            : kind === 'vehicles'
              ? flushVehicles(ctx, full as Pending<VehicleRow>[])
              : kind === 'repayments'
                ? flushRepayments(ctx, full as Pending<RepaymentRow>[])
                : flushLoans(ctx, full as Pending<CheckedLoan>[]);
        inFlight = written.catch((e: unknown) => {
          failure = { error: e };
        });
      };
      let headerChecked = false;
      try {
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
          const value = kind === 'loans' ? checkedLoan(r, maxTerm) : kind === 'borrowers' ? readBorrowerRow(r) : kind === 'vehicles' ? readVehicleRow(r) : readRepaymentRow(r, ctx.businessDate);
          if (value) chunk.push({ row, value } as Pending<never>);
          if (r.errors.length > 0) errors.push(...r.errors);
          if (chunk.length >= chunkRows) await flush();
          if (count % 10_000 === 0) onProgress?.(count);
          // Checking rows is synchronous work: let the chunk being written take its turns (query
          // results, COPY data) so the database is not kept waiting for this loop. Every 50 rows
          // (about a millisecond of checking): every 200, the server sat idle waiting on this
          // process for 22 % of a 300,000-loan import.
          if (count % 50 === 0) await new Promise(setImmediate);
        }
        await flush();
      } finally {
        // Never leave a chunk writing when the transaction ends, even if reading the file failed.
        await inFlight;
      }
      await settle();
      const scheduled = options.scheduleFile !== undefined && errors.length === 0 ? await applyStagedSchedules(trx, errors) : 0;
      if (errors.length === 0) for (const loanId of ctx.touchedLoans) await replayAndStore(trx, loanId, ctx.businessDate);
      inserted = ctx.inserted;
      unchanged = ctx.unchanged;
      if (errors.length > 0) throw new RolledBack();
      await deferred?.restore();
      await recordAudit(trx, who, { action: `import.${kind}`, entityType: 'import', entityId: path.basename(file), after: {
          file: path.basename(file),
          sha256: await checksum(file),
          rows: count,
          inserted,
          unchanged,
          ...(options.scheduleFile === undefined ? {} : { scheduleFile: path.basename(options.scheduleFile), scheduleSha256: await checksum(options.scheduleFile), loansGivenSchedules: scheduled }),
        },
      });
    });
  } catch (e) {
    if (!(e instanceof RolledBack)) throw e;
    inserted = 0;
  }
  errors.sort((a, b) => a.row - b.row);
  return { kind, file, rows: count, inserted, unchanged: errors.length > 0 ? 0 : unchanged, errors, seconds: (performance.now() - started) / 1000 };
}
