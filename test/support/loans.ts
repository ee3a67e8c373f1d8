import { sql } from 'kysely';
import type { Database } from '../../src/db/database.js';
import { type BusinessDate, parseBusinessDate } from '../../src/domain/business-date.js';
import { residentIdCheckChar, vinCheckChar } from '../../src/domain/identity.js';
import type { RepaymentMethod } from '../../src/domain/schedule.js';
import { insertBorrowers, insertVehicles } from '../../src/modules/loans/book.js';
import { insertLoans } from '../../src/modules/loans/create.js';

let serial = 0;

/** A valid resident ID and VIN, different each call. */
export function identities() {
  serial += 1;
  const seq = String(serial % 1000).padStart(3, '0');
  const first17 = `110105199${serial % 10}0101${seq}`;
  const vinDraft = `LGXCE4CB0N${String(100000 + serial).slice(-6)}Z`.slice(0, 17);
  const vin = vinDraft.slice(0, 8) + vinCheckChar(vinDraft) + vinDraft.slice(9);
  return { idNumber: first17 + residentIdCheckChar(first17), vin, key: `${process.pid}-${serial}` };
}

export async function setBusinessDate(database: Database, date: string): Promise<void> {
  await sql`UPDATE business_date SET business_date = ${date}::date`.execute(database.db);
}

/** A 100,000.00 loan at 6 % over 36 months, first due 2026-01-31, in the given branch. */
export async function makeLoan(
  database: Database,
  branchId: number,
  overrides: Partial<{ method: RepaymentMethod; principalFen: number; firstDueDate: BusinessDate; balloonFen: number }> = {},
): Promise<number> {
  const { db } = database;
  const ids = identities();
  const [borrowerId] = await insertBorrowers(
    db,
    [
      {
        externalId: `B-${ids.key}`,
        kind: 'individual',
        name: '张伟',
        idNumber: ids.idNumber,
        branchId,
        facts: [
          { fact: 'mobile', value: '13812345678' },
          { fact: 'employer', value: '北京某科技有限公司' },
          { fact: 'monthly_income_fen', value: '1500000' },
        ],
        contacts: [{ role: 'emergency_contact', name: '李娜', relation: '配偶', mobile: '13900001111' }],
      },
    ],
    'application',
    parseBusinessDate('2025-12-20'),
    'test',
  );
  const [vehicleId] = await insertVehicles(db, [{ vin: ids.vin, plate: '京A·12345', make: '比亚迪', model: '秦PLUS', modelYear: 2025, condition: 'new', priceFen: 13_000_000, mileageKm: 0, gpsDeviceId: 'GPS000000000001' }]);
  const [loanId] = await insertLoans(db, [
    {
      externalId: `L-${ids.key}`,
      borrowerId: borrowerId ?? 0,
      branchId,
      officerUserId: null,
      productCode: 'new_car',
      principalFen: overrides.principalFen ?? 10_000_000,
      annualRate: '0.06',
      termMonths: 36,
      method: overrides.method ?? 'annuity',
      balloonFen: overrides.balloonFen ?? 0,
      disbursementDate: parseBusinessDate('2025-12-31'),
      firstDueDate: overrides.firstDueDate ?? parseBusinessDate('2026-01-31'),
      vehicleId: vehicleId ?? null,
    },
  ]);
  return loanId ?? 0;
}
