import { type Kysely, sql } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { addDays, type BusinessDate, parseBusinessDate } from '../../src/domain/business-date.js';
import { monthlyDueDate } from '../../src/domain/due-dates.js';
import { insertBorrowers, insertVehicles } from '../../src/modules/loans/book.js';
import { insertLoans } from '../../src/modules/loans/create.js';
import { identities } from '../support/loans.js';

export interface FinancedVehicle {
  loanId: number;
  vehicleId: number;
  borrowerId: number;
}

export interface VehicleSpec {
  make: string;
  model: string;
  condition: 'new' | 'used';
  priceFen: number;
  modelYear: number;
  mileageKm: number;
  gpsDeviceId: string | null;
  product: string;
  principalFen: number;
  disbursed: string;
}

const DEFAULTS: VehicleSpec = {
  make: '丰田',
  model: 'RAV4荣放',
  condition: 'new',
  priceFen: 20_000_000,
  modelYear: 2025,
  mileageKm: 0,
  gpsDeviceId: null,
  product: 'new_car',
  principalFen: 15_000_000,
  disbursed: '2025-01-01',
};

/** A borrower, a vehicle and a 36-month loan it secures, in a branch. */
export async function financedVehicle(db: Kysely<DB>, branchId: number, spec: Partial<VehicleSpec> = {}): Promise<FinancedVehicle> {
  const s = { ...DEFAULTS, ...spec };
  const ids = identities();
  const disbursed = parseBusinessDate(s.disbursed);
  const [borrowerId] = await insertBorrowers(
    db,
    [{ externalId: `CB-${ids.key}`, kind: 'individual', name: '王芳', idNumber: ids.idNumber, branchId, facts: [{ fact: 'mobile', value: '13812345678' }], contacts: [] }],
    'application',
    disbursed,
    'test',
  );
  const [vehicleId] = await insertVehicles(db, [
    { vin: ids.vin, plate: null, make: s.make, model: s.model, modelYear: s.modelYear, condition: s.condition, priceFen: s.priceFen, mileageKm: s.mileageKm, gpsDeviceId: s.gpsDeviceId },
  ]);
  const [loanId] = await insertLoans(db, [
    {
      externalId: `CL-${ids.key}`,
      borrowerId: borrowerId!,
      branchId,
      officerUserId: null,
      productCode: s.product,
      principalFen: s.principalFen,
      annualRate: '0.06',
      termMonths: 36,
      method: 'annuity',
      balloonFen: 0,
      disbursementDate: disbursed,
      firstDueDate: monthlyDueDate(disbursed, 1),
      vehicleId: vehicleId!,
    },
  ]);
  return { loanId: loanId!, vehicleId: vehicleId!, borrowerId: borrowerId! };
}

/**
 * Stands in for close of business: the loan's status as of a date with a chosen outstanding
 * principal and DPD, so LTV and warning boundaries can be hit exactly.
 */
export async function setLoanStatus(db: Kysely<DB>, loanId: number, asOf: string, status: { outstandingFen: number; dpd?: number; bucket?: string; closed?: boolean }): Promise<void> {
  const dpd = status.dpd ?? 0;
  const overdueSince = dpd > 0 ? addDays(parseBusinessDate(asOf), -dpd) : null;
  const bucket = status.bucket ?? (dpd === 0 ? 'M0' : dpd <= 30 ? 'M1' : dpd <= 60 ? 'M2' : dpd <= 90 ? 'M3' : 'M4');
  await sql`
    INSERT INTO loan_status (loan_id, as_of, overdue_since, dpd, bucket, risk_class, stage, closed, branch_id, product_code, outstanding_principal_fen)
    SELECT l.id, ${asOf}::date, ${overdueSince}::date, ${dpd}, ${bucket}, 'normal', 1, ${status.closed ?? false}, l.branch_id, l.product_code, ${status.outstandingFen}
      FROM loan l WHERE l.id = ${loanId}
    ON CONFLICT (loan_id) DO UPDATE SET as_of = excluded.as_of, overdue_since = excluded.overdue_since, dpd = excluded.dpd, bucket = excluded.bucket,
      closed = excluded.closed, outstanding_principal_fen = excluded.outstanding_principal_fen`.execute(db);
}

export const day = (s: string): BusinessDate => parseBusinessDate(s);
