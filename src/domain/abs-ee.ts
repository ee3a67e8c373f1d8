import { type BusinessDate, daysInMonth, isBusinessDate } from './business-date.js';
import type { LoanRow, RowError, RowReader, VehicleRow } from './import-rows.js';
import { InvalidAmount, parseYuan } from './money.js';
import { buildSchedule, InvalidTerms } from './schedule.js';

/**
 * The SEC Reg AB II asset-level tape (ABS-EE, as in shared/data/world_omni_auto_loans_2020.csv)
 * read as loans. The tape is anonymous and month-precise: there is no borrower name, no VIN, and
 * dates are MM/YYYY. So each row becomes an anonymous borrower, a vehicle without VIN, and a loan
 * disbursed on the first of its origination month with its first due date on the last day of the
 * first-payment month (the tape's payment day is unknown; month end keeps the order right).
 * Its loan ids lost precision upstream, so the row's identity is its position in the file.
 */
export interface AbsEeLoan {
  loan: Omit<LoanRow, 'borrowerExternalId' | 'branchCode' | 'vin' | 'officerUsername'>;
  vehicle: Omit<VehicleRow, 'vin'>;
  borrowerExternalId: string;
  /** The tape's own scheduled payment, to compare with the schedule engine. */
  tapeScheduledPaymentFen: number | null;
}

const MONTH = /^(0[1-9]|1[0-2])\/(\d{4})$/;

function monthStart(r: RowReader, column: string): BusinessDate | null {
  const m = MONTH.exec(r.raw(column));
  if (!m) {
    r.fail(column, 'not a month in MM/YYYY form');
    return null;
  }
  const date = `${m[2]}-${m[1]}-01`;
  return isBusinessDate(date) ? date : null;
}

function monthEnd(start: BusinessDate): BusinessDate {
  const y = Number(start.slice(0, 4));
  const m = Number(start.slice(5, 7));
  return `${start.slice(0, 8)}${String(daysInMonth(y, m)).padStart(2, '0')}` as BusinessDate;
}

function money(r: RowReader, column: string, required: boolean): number | null {
  const v = r.raw(column);
  if (v === '' || v === 'NA') {
    if (required) r.fail(column, 'required');
    return null;
  }
  try {
    return parseYuan(Number(v).toFixed(2));
  } catch (error) {
    if (!(error instanceof InvalidAmount)) throw error;
    r.fail(column, 'not a non-negative amount');
    return null;
  }
}

export function readAbsEeRow(r: RowReader, source: string): AbsEeLoan | null {
  const principalFen = money(r, 'originalLoanAmount', true);
  const termMonths = r.int('originalLoanTerm', 1, 96);
  const rateText = r.raw('originalInterestRatePercentage');
  const rate = Number(rateText);
  if (rateText === '' || !Number.isFinite(rate) || rate < 0 || rate >= 1) r.fail('originalInterestRatePercentage', 'not an annual rate as a fraction');
  const disbursementDate = monthStart(r, 'originationDate');
  const firstPaymentMonth = monthStart(r, 'originalFirstPaymentDate');
  const firstDueDate = firstPaymentMonth ? monthEnd(firstPaymentMonth) : null;
  if (disbursementDate && firstDueDate && firstDueDate <= disbursementDate) r.fail('originalFirstPaymentDate', 'is not after the origination month');
  const newUsed = r.oneOf('vehicleNewUsedCode', ['1', '2'] as const);
  const modelYear = r.int('vehicleModelYear', 1950, 2100);
  const priceFen = money(r, 'vehicleValueAmount', true);
  const make = r.text('vehicleManufacturerName', true, 50);
  const model = r.text('vehicleModelName', true, 80);
  const tapeScheduledPaymentFen = money(r, 'reportingPeriodScheduledPaymentAmount', false);
  if (r.errors.length > 0 || principalFen === null || termMonths === null || !disbursementDate || !firstDueDate || !newUsed || modelYear === null || !priceFen || !make || !model) return null;
  const annualRate = String(rate);
  try {
    buildSchedule({ principalFen, annualRate, termMonths, method: 'annuity', firstDueDate });
  } catch (error) {
    if (error instanceof InvalidTerms) {
      r.fail('originalLoanAmount', error.message);
      return null;
    }
    throw error;
  }
  const id = `${source}:${r.row}`;
  return {
    borrowerExternalId: `${id}:obligor`,
    loan: { externalId: id, productCode: 'pool_auto', principalFen, annualRate, termMonths, method: 'annuity', balloonFen: 0, disbursementDate, firstDueDate },
    vehicle: { plate: null, make, model, modelYear, condition: newUsed === '1' ? 'new' : 'used', priceFen, mileageKm: null, gpsDeviceId: null },
    tapeScheduledPaymentFen,
  };
}

export type { RowError };
