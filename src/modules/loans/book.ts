import type { Kysely } from 'kysely';
import { copyInto, copyLine, reserveIds } from '../../db/bulk.js';
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

/**
 * Borrowers with their declared facts (effective from `asOf`, source given) and contacts, by COPY
 * with ids taken from the sequence first. Returns the new ids in input order.
 */
export async function insertBorrowers(db: Kysely<DB>, borrowers: readonly NewBorrower[], source: 'application' | 'import', asOf: BusinessDate, recordedBy: string): Promise<number[]> {
  if (borrowers.length === 0) return [];
  const ids = await reserveIds(db, 'borrower', borrowers.length);
  await copyInto(
    db,
    'borrower',
    ['id', 'external_id', 'kind', 'name', 'id_number', 'branch_id'],
    borrowers.map((b, k) => copyLine([ids[k], b.externalId, b.kind, b.name, b.idNumber, b.branchId])),
  );
  const facts = borrowers.flatMap((b, k) => b.facts.map((f) => copyLine([ids[k], f.fact, f.value, asOf, source, recordedBy])));
  if (facts.length > 0) await copyInto(db, 'borrower_fact', ['borrower_id', 'fact', 'value', 'effective_from', 'source', 'recorded_by'], facts);
  const contacts = borrowers.flatMap((b, k) => b.contacts.map((c) => copyLine([ids[k], c.role, c.name, c.relation, c.mobile])));
  if (contacts.length > 0) await copyInto(db, 'borrower_contact', ['borrower_id', 'role', 'name', 'relation', 'mobile'], contacts);
  return ids;
}

/** Vehicles by COPY, ids taken from the sequence first. Returns the new ids in input order. */
export async function insertVehicles(db: Kysely<DB>, vehicles: readonly NewVehicle[]): Promise<number[]> {
  if (vehicles.length === 0) return [];
  const ids = await reserveIds(db, 'vehicle', vehicles.length);
  await copyInto(
    db,
    'vehicle',
    ['id', 'vin', 'plate', 'make', 'model', 'model_year', 'condition', 'price_fen', 'mileage_km', 'gps_device_id'],
    vehicles.map((v, k) => copyLine([ids[k], v.vin, v.plate, v.make, v.model, v.modelYear, v.condition, v.priceFen, v.mileageKm, v.gpsDeviceId])),
  );
  return ids;
}
