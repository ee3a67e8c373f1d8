import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type AbsEeLoan, readAbsEeRow } from '../../domain/abs-ee.js';
import { type RowError, RowReader } from '../../domain/import-rows.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { insertBorrowers, insertVehicles } from '../loans/book.js';
import { insertLoans } from '../loans/create.js';
import { currentBusinessDate } from '../system/business-date.js';
import { bookHasInstallments, deferChecks } from './first-load.js';
import { readTable } from './read-table.js';
import type { ImportReport } from './run.js';

const CHUNK = 1000;
class RolledBack extends Error {}

/** `daihou import loans FILE --preset abs-ee --branch CODE`: a whole ABS-EE tape, all or nothing. */
export async function importAbsEe(db: Kysely<DB>, who: AuditWho, file: string, branchCode: string, onProgress?: (rows: number) => void): Promise<ImportReport> {
  const started = performance.now();
  const source = `abs-ee:${path.basename(file, path.extname(file))}`;
  const errors: RowError[] = [];
  let rows = 0;
  let inserted = 0;
  let unchanged = 0;
  try {
    await db.transaction().execute(async (trx) => {
      const branch = await trx.selectFrom('branch').select('id').where('code', '=', branchCode).executeTakeFirst();
      if (!branch) {
        errors.push({ row: 0, column: '--branch', value: branchCode, reason: 'no such branch' });
        throw new RolledBack();
      }
      const asOf = await currentBusinessDate(trx);
      const deferred = (await bookHasInstallments(trx)) ? null : await deferChecks(trx, { keepInstallmentKey: false });
      let chunk: AbsEeLoan[] = [];
      const flush = async () => {
        if (chunk.length === 0 || errors.length > 0) {
          chunk = [];
          return;
        }
        const existing = new Set((await trx.selectFrom('loan').select('external_id').where('external_id', 'in', chunk.map((c) => c.loan.externalId)).execute()).map((e) => e.external_id));
        const fresh = chunk.filter((c) => !existing.has(c.loan.externalId));
        unchanged += chunk.length - fresh.length;
        chunk = [];
        if (fresh.length === 0) return;
        const borrowerIds = await insertBorrowers(
          trx,
          fresh.map((c) => ({ externalId: c.borrowerExternalId, kind: 'individual' as const, name: 'ABS obligor', idNumber: null, branchId: branch.id, facts: [], contacts: [] })),
          'import',
          asOf,
          who.name,
        );
        const vehicleIds = await insertVehicles(trx, fresh.map((c) => ({ ...c.vehicle, vin: null })));
        await insertLoans(
          trx,
          fresh.map((c, k) => ({ ...c.loan, borrowerId: borrowerIds[k] ?? 0, branchId: branch.id, officerUserId: null, vehicleId: vehicleIds[k] ?? null })),
        );
        inserted += fresh.length;
      };
      for await (const { row, values } of readTable(file)) {
        rows += 1;
        const r = new RowReader(row, values);
        const loan = readAbsEeRow(r, source);
        errors.push(...r.errors);
        if (loan) chunk.push(loan);
        if (chunk.length >= CHUNK) await flush();
        if (rows % 1000 === 0) onProgress?.(rows);
      }
      await flush();
      if (errors.length > 0) throw new RolledBack();
      await deferred?.restore();
      await recordAudit(trx, who, { action: 'import.loans', entityType: 'import', entityId: path.basename(file), after: { preset: 'abs-ee', rows, inserted, unchanged } });
    });
  } catch (e) {
    if (!(e instanceof RolledBack)) throw e;
    inserted = 0;
    unchanged = 0;
  }
  return { kind: 'loans', file, rows, inserted, unchanged, errors, seconds: (performance.now() - started) / 1000 };
}
