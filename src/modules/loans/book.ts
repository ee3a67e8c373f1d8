import type { Kysely } from 'kysely';
import type { DB, FactName } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import type { VehicleRow } from '../../domain/import-rows.js';

export interface NewBorrower {
  externalId: string;
  kind: 'individual' | 'enterprise';
  name: string;
  idNumber: string | null;
  branchId: number;
  facts: Array<{ fact: FactName; value: string }>;
  contacts: Array<{ role: 'guarantor' | 'emergency_contact'; name: string; relation: string | null; mobile: string | null }>;
}

/** An imported vehicle row; `vin` is null only for anonymised tapes. */
export type NewVehicle = Omit<VehicleRow, 'vin'> & { vin: string | null };

/** Borrowers with their declared facts (effective from `asOf`, source given) and contacts. */
export async function insertBorrowers(db: Kysely<DB>, borrowers: readonly NewBorrower[], source: 'application' | 'import', asOf: BusinessDate, recordedBy: string): Promise<number[]> {
  if (borrowers.length === 0) return [];
  const rows = await db
    .insertInto('borrower')
    .values(borrowers.map((b) => ({ external_id: b.externalId, kind: b.kind, name: b.name, id_number: b.idNumber, branch_id: b.branchId })))
    .returning(['id', 'external_id'])
    .execute();
  const idOf = new Map(rows.map((r) => [r.external_id, r.id]));
  const ids = borrowers.map((b) => idOf.get(b.externalId) ?? 0);
  const facts = borrowers.flatMap((b, k) => b.facts.map((f) => ({ borrower_id: ids[k] ?? 0, fact: f.fact, value: f.value, effective_from: asOf, source, recorded_by: recordedBy })));
  for (let i = 0; i < facts.length; i += 8000) await db.insertInto('borrower_fact').values(facts.slice(i, i + 8000)).execute();
  const contacts = borrowers.flatMap((b, k) => b.contacts.map((c) => ({ borrower_id: ids[k] ?? 0, role: c.role, name: c.name, relation: c.relation, mobile: c.mobile })));
  for (let i = 0; i < contacts.length; i += 10000) await db.insertInto('borrower_contact').values(contacts.slice(i, i + 10000)).execute();
  return ids;
}

export async function insertVehicles(db: Kysely<DB>, vehicles: readonly NewVehicle[]): Promise<number[]> {
  if (vehicles.length === 0) return [];
  const rows = await db
    .insertInto('vehicle')
    .values(
      vehicles.map((v) => ({
        vin: v.vin,
        plate: v.plate,
        make: v.make,
        model: v.model,
        model_year: v.modelYear,
        condition: v.condition,
        price_fen: v.priceFen,
        mileage_km: v.mileageKm,
        gps_device_id: v.gpsDeviceId,
      })),
    )
    .returning('id')
    .execute();
  // PostgreSQL returns the rows of a multi-row INSERT in the order of its VALUES list.
  return rows.map((r) => r.id);
}
