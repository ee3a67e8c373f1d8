import { type BusinessDate, isBusinessDate } from './business-date.js';
import { checkMobile, checkResidentId, checkUscc, checkVin } from './identity.js';
import { InvalidAmount, parseRate, parseYuan } from './money.js';
import { buildSchedule, type Installment, InvalidTerms, isRepaymentMethod, METHODS, type RepaymentMethod } from './schedule.js';

/**
 * Reading imported rows: every cell is checked and every problem is reported with its row,
 * column, value and reason, so a file is fixed in one pass rather than one error at a time.
 */
export interface RowError {
  row: number;
  column: string;
  value: string;
  reason: string;
}

export class RowReader {
  readonly errors: RowError[] = [];
  constructor(
    readonly row: number,
    private readonly values: Record<string, string>,
  ) {}

  raw(column: string): string {
    return (this.values[column] ?? '').trim();
  }

  fail(column: string, reason: string): void {
    this.errors.push({ row: this.row, column, value: this.raw(column), reason });
  }

  text(column: string, required = true, max = 200): string | null {
    const v = this.raw(column);
    if (v === '') {
      if (required) this.fail(column, 'required');
      return null;
    }
    if (v.length > max) {
      this.fail(column, `longer than ${max} characters`);
      return null;
    }
    return v;
  }

  date(column: string, required = true): BusinessDate | null {
    const v = this.text(column, required);
    if (v === null) return null;
    if (!isBusinessDate(v)) {
      this.fail(column, 'not a calendar date in YYYY-MM-DD form');
      return null;
    }
    return v;
  }

  yuan(column: string, required = true): number | null {
    const v = this.text(column, required);
    if (v === null) return null;
    try {
      return parseYuan(v);
    } catch (error) {
      this.fail(column, error instanceof InvalidAmount && v.startsWith('-') ? 'must not be negative' : 'not an amount in yuan with at most 2 decimals');
      return null;
    }
  }

  rate(column: string): string | null {
    const v = this.text(column);
    if (v === null) return null;
    try {
      return parseRate(v);
    } catch {
      this.fail(column, 'not a decimal annual rate below 1, such as 0.0625');
      return null;
    }
  }

  int(column: string, min: number, max: number, required = true): number | null {
    const v = this.text(column, required);
    if (v === null) return null;
    if (!/^-?\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      this.fail(column, `must be a whole number from ${min} to ${max}`);
      return null;
    }
    return Number(v);
  }

  oneOf<T extends string>(column: string, allowed: readonly T[], required = true): T | null {
    const v = this.text(column, required);
    if (v === null) return null;
    if (!(allowed as readonly string[]).includes(v)) {
      this.fail(column, `must be one of ${allowed.join(', ')}`);
      return null;
    }
    return v as T;
  }
}

export interface LoanRow {
  externalId: string;
  borrowerExternalId: string;
  branchCode: string;
  productCode: string;
  principalFen: number;
  annualRate: string;
  termMonths: number;
  method: RepaymentMethod;
  balloonFen: number;
  disbursementDate: BusinessDate;
  firstDueDate: BusinessDate;
  vin: string | null;
  officerUsername: string | null;
}

export const LOAN_COLUMNS = [
  'external_id', 'borrower_external_id', 'branch_code', 'product', 'principal', 'annual_rate', 'term_months', 'method',
  'balloon', 'disbursement_date', 'first_due_date', 'vin', 'officer_username',
] as const;

/**
 * A loan row checked, with the version-1 schedule built to check its terms (an import writes that
 * schedule, so each is built once). `maxTermByProduct`: the products table, so a term beyond the
 * product's limit is caught here.
 */
export function readLoanRowWithSchedule(r: RowReader, maxTermByProduct: ReadonlyMap<string, number>): { loan: LoanRow; installments: Installment[] } | null {
  const externalId = r.text('external_id', true, 100);
  const borrowerExternalId = r.text('borrower_external_id', true, 100);
  const branchCode = r.text('branch_code', true, 32);
  const productCode = r.oneOf('product', [...maxTermByProduct.keys()]);
  const principalFen = r.yuan('principal');
  const annualRate = r.rate('annual_rate');
  const termMonths = r.int('term_months', 1, 600);
  const methodText = r.text('method');
  const method = methodText !== null && isRepaymentMethod(methodText) ? methodText : null;
  if (methodText !== null && method === null) r.fail('method', `must be one of ${METHODS.join(', ')}`);
  const balloonFen = r.yuan('balloon', false) ?? 0;
  const disbursementDate = r.date('disbursement_date');
  const firstDueDate = r.date('first_due_date');
  const vinText = r.text('vin', false, 17);
  const vin = vinText === null ? null : vinText.toUpperCase();
  if (vin !== null) {
    const check = checkVin(vin);
    if (!check.ok) r.fail('vin', check.reason);
  }
  const officerUsername = r.text('officer_username', false, 64);
  if (principalFen === 0) r.fail('principal', 'must be above 0');
  if (disbursementDate && firstDueDate && firstDueDate <= disbursementDate) r.fail('first_due_date', 'must be after the disbursement date');
  const maxTerm = productCode ? maxTermByProduct.get(productCode) : undefined;
  if (termMonths !== null && maxTerm !== undefined && termMonths > maxTerm) r.fail('term_months', `the ${productCode} product allows at most ${maxTerm} months`);
  if (r.errors.length > 0 || !externalId || !borrowerExternalId || !branchCode || !productCode || principalFen === null || !annualRate || termMonths === null || !method || !disbursementDate || !firstDueDate) {
    return null;
  }
  let installments: Installment[];
  try {
    installments = buildSchedule({ principalFen, annualRate, termMonths, method, firstDueDate, balloonFen: method === 'balloon' ? balloonFen : balloonFen || undefined }).installments;
  } catch (error) {
    if (error instanceof InvalidTerms) {
      const column = { principalFen: 'principal', annualRate: 'annual_rate', termMonths: 'term_months', method: 'method', firstDueDate: 'first_due_date', balloonFen: 'balloon' }[error.field];
      r.fail(column, error.message);
      return null;
    }
    throw error;
  }
  return { loan: { externalId, borrowerExternalId, branchCode, productCode, principalFen, annualRate, termMonths, method, balloonFen, disbursementDate, firstDueDate, vin, officerUsername }, installments };
}

export interface BorrowerRow {
  externalId: string;
  kind: 'individual' | 'enterprise';
  name: string;
  idNumber: string;
  branchCode: string;
  facts: Array<{ fact: 'mobile' | 'phone' | 'email' | 'home_address' | 'work_address' | 'employer' | 'position' | 'monthly_income_fen'; value: string }>;
  contacts: Array<{ role: 'guarantor' | 'emergency_contact'; name: string; relation: string | null; mobile: string | null }>;
}

export const BORROWER_COLUMNS = [
  'external_id', 'kind', 'name', 'id_number', 'branch_code', 'mobile', 'phone', 'email', 'home_address', 'work_address', 'employer', 'position',
  'monthly_income', 'emergency_contact_name', 'emergency_contact_relation', 'emergency_contact_mobile', 'guarantor_name', 'guarantor_mobile',
] as const;

export function readBorrowerRow(r: RowReader): BorrowerRow | null {
  const externalId = r.text('external_id', true, 100);
  const kind = r.oneOf('kind', ['individual', 'enterprise'] as const);
  const name = r.text('name');
  const idNumber = r.text('id_number', true, 18)?.toUpperCase() ?? null;
  if (idNumber && kind) {
    const check = kind === 'individual' ? checkResidentId(idNumber) : checkUscc(idNumber);
    if (!check.ok) r.fail('id_number', check.reason);
  }
  const branchCode = r.text('branch_code', true, 32);
  const mobile = r.text('mobile', false, 20);
  if (mobile !== null && !checkMobile(mobile).ok) r.fail('mobile', 'not a mainland mobile number (11 digits, 13–19)');
  const income = r.yuan('monthly_income', false);
  const facts: BorrowerRow['facts'] = [];
  for (const fact of ['mobile', 'phone', 'email', 'home_address', 'work_address', 'employer', 'position'] as const) {
    const v = r.raw(fact);
    if (v !== '') facts.push({ fact, value: v });
  }
  if (income !== null) facts.push({ fact: 'monthly_income_fen', value: String(income) });
  const contacts: BorrowerRow['contacts'] = [];
  const ecMobile = r.text('emergency_contact_mobile', false, 20);
  if (ecMobile !== null && !checkMobile(ecMobile).ok) r.fail('emergency_contact_mobile', 'not a mainland mobile number');
  if (r.raw('emergency_contact_name')) contacts.push({ role: 'emergency_contact', name: r.raw('emergency_contact_name'), relation: r.raw('emergency_contact_relation') || null, mobile: ecMobile });
  if (r.raw('guarantor_name')) contacts.push({ role: 'guarantor', name: r.raw('guarantor_name'), relation: null, mobile: r.raw('guarantor_mobile') || null });
  if (r.errors.length > 0 || !externalId || !kind || !name || !idNumber || !branchCode) return null;
  return { externalId, kind, name, idNumber, branchCode, facts, contacts };
}

export interface VehicleRow {
  vin: string;
  plate: string | null;
  make: string;
  model: string;
  modelYear: number;
  condition: 'new' | 'used';
  priceFen: number;
  mileageKm: number | null;
  gpsDeviceId: string | null;
}

export const VEHICLE_COLUMNS = ['vin', 'plate', 'make', 'model', 'model_year', 'condition', 'price', 'mileage_km', 'gps_device_id'] as const;

export function readVehicleRow(r: RowReader): VehicleRow | null {
  const vin = r.text('vin', true, 17)?.toUpperCase() ?? null;
  if (vin !== null) {
    const check = checkVin(vin);
    if (!check.ok) r.fail('vin', check.reason);
  }
  const make = r.text('make', true, 50);
  const model = r.text('model', true, 80);
  const modelYear = r.int('model_year', 1950, 2100);
  const condition = r.oneOf('condition', ['new', 'used'] as const);
  const priceFen = r.yuan('price');
  if (priceFen === 0) r.fail('price', 'must be above 0');
  const mileageKm = r.int('mileage_km', 0, 5_000_000, false);
  if (r.errors.length > 0 || !vin || !make || !model || modelYear === null || !condition || !priceFen) return null;
  return { vin, plate: r.text('plate', false, 20), make, model, modelYear, condition, priceFen, mileageKm, gpsDeviceId: r.text('gps_device_id', false, 64) };
}

export interface RepaymentRow {
  externalId: string;
  loanExternalId: string;
  valueDate: BusinessDate;
  amountFen: number;
  channel: 'bank_transfer' | 'direct_debit' | 'counter' | 'online' | 'collection' | 'import';
}

export const REPAYMENT_COLUMNS = ['external_id', 'loan_external_id', 'value_date', 'amount', 'channel'] as const;

export function readRepaymentRow(r: RowReader, businessDate: BusinessDate): RepaymentRow | null {
  const externalId = r.text('external_id', true, 100);
  const loanExternalId = r.text('loan_external_id', true, 100);
  const valueDate = r.date('value_date');
  if (valueDate && valueDate > businessDate) r.fail('value_date', `after the business date ${businessDate}`);
  const amountFen = r.yuan('amount');
  if (amountFen === 0) r.fail('amount', 'must be above 0');
  const channel = r.raw('channel') === '' ? 'import' : r.oneOf('channel', ['bank_transfer', 'direct_debit', 'counter', 'online', 'collection', 'import'] as const);
  if (r.errors.length > 0 || !externalId || !loanExternalId || !valueDate || !amountFen || !channel) return null;
  return { externalId, loanExternalId, valueDate, amountFen, channel };
}
