import type { FactName } from '../../db/schema.js';
import { addDays, type BusinessDate, fromDayNumber, toDayNumber } from '../../domain/business-date.js';
import { monthlyDueDate } from '../../domain/due-dates.js';
import { generateEnterprise } from '../../domain/generate/enterprises.js';
import { generateIndividual } from '../../domain/generate/people.js';
import type { Region } from '../../domain/generate/regions.js';
import { rngFor, type Rng } from '../../domain/generate/rng.js';
import { generateVehicle, type Vehicle } from '../../domain/generate/vehicles.js';
import type { Fen } from '../../domain/money.js';
import type { RepaymentMethod, ScheduleTerms } from '../../domain/schedule.js';
import type { NewBorrower } from '../loans/book.js';
import { GENERATED_BRANCHES } from './org-plan.js';

/**
 * One generated loan, drawn from `rngFor(seed, 'loan', i)` and its child streams only, so loan i
 * is the same whatever the number of loans, the batch size, or which loans already exist. This
 * file does no I/O: whether an ID number or a VIN is already taken is asked of the caller, and a
 * taken one is re-drawn from the next attempt's stream (`…, 'borrower', attempt`).
 */
export type ProductCode = 'new_car' | 'used_car' | 'commercial' | 'floor_plan';
export const PRODUCT_CODES: readonly ProductCode[] = ['new_car', 'used_car', 'commercial', 'floor_plan'];

/** Retail new-car loans dominate Chinese auto finance; used cars are the growing minority. */
export const PRODUCT_SHARES: readonly (readonly [ProductCode, number])[] = [
  ['new_car', 65],
  ['used_car', 20],
  ['commercial', 8],
  ['floor_plan', 7],
];

const METHOD_SHARES: Record<ProductCode, readonly (readonly [RepaymentMethod, number])[]> = {
  new_car: [['annuity', 70], ['equal-principal', 15], ['balloon', 15]],
  used_car: [['annuity', 80], ['equal-principal', 20]],
  commercial: [['annuity', 65], ['equal-principal', 35]],
  // 先息后本: the dealer pays interest monthly and the principal when the stock is sold.
  floor_plan: [['interest-only', 1]],
};

const TERM_SHARES: Record<ProductCode, readonly (readonly [number, number])[]> = {
  new_car: [[12, 5], [24, 15], [36, 45], [48, 15], [60, 20]],
  used_car: [[12, 20], [24, 35], [36, 45]],
  commercial: [[12, 5], [24, 20], [36, 45], [48, 15], [60, 15]],
  floor_plan: [[6, 1], [7, 1], [8, 1], [9, 1], [10, 1], [11, 1], [12, 1]],
};
const BALLOON_TERMS: readonly (readonly [number, number])[] = [[24, 30], [36, 50], [48, 20]];

/** Annual rates in basis points: captive new-car promotions are cheapest, used cars dearest. */
const RATE_BP: Record<ProductCode, readonly [number, number]> = {
  new_car: [350, 900],
  used_car: [600, 1200],
  commercial: [500, 1000],
  floor_plan: [400, 700],
};

/** The borrower's city decides the branch; districts of other cities are re-drawn. */
const BRANCH_OF_CITY = new Map(GENERATED_BRANCHES.map((b) => [b.city, b.code]));

const MAX_ATTEMPTS = 10_000;
// A floor-plan dealer's stock is of its own brand; the rarest brand is ~1 % of the catalogue.
const BRAND_ATTEMPTS = 2_000;
const YUAN_100 = 10_000;

export interface PlannedBorrower {
  externalId: string;
  kind: 'individual' | 'enterprise';
  name: string;
  idNumber: string;
  region: Region;
  /** For a dealer: the brand it sells, which its floor-plan stock is of. */
  dealerBrand: string | null;
  facts: Array<{ fact: FactName; value: string }>;
  contacts: NewBorrower['contacts'];
}

export interface LoanTerms extends ScheduleTerms {
  balloonFen: Fen;
  disbursementDate: BusinessDate;
}

export interface LoanPlan {
  index: number;
  externalId: string;
  branchCode: string;
  productCode: ProductCode;
  borrower: PlannedBorrower;
  /** One car, or a floor-plan dealer's stock of 2–6 new cars; the first is the loan's collateral row from insertLoans. */
  vehicles: Vehicle[];
  terms: LoanTerms;
  /** Uniform in [0, 1): which of the branch's officers the loan is assigned to. */
  officerDraw: number;
}

export interface TakenCheck {
  borrower(kind: 'individual' | 'enterprise', idNumber: string): boolean;
  vin(vin: string): boolean;
}

export const NOTHING_TAKEN: TakenCheck = { borrower: () => false, vin: () => false };

export const loanExternalId = (seed: string, index: number): string => `GEN-${seed}-L${index}`;
export const borrowerExternalId = (seed: string, index: number): string => `GEN-${seed}-B${index}`;
export const repaymentExternalId = (seed: string, index: number, k: number): string => `GEN-${seed}-L${index}-P${k}`;

const roundTo100Yuan = (fen: number): Fen => Math.max(YUAN_100, Math.round(fen / YUAN_100) * YUAN_100);

/** A rate in basis points as a decimal string with at most four decimals: 588 → "0.0588", 1200 → "0.12". */
export function rateOfBasisPoints(bp: number): string {
  if (!Number.isInteger(bp) || bp < 0 || bp >= 10_000) throw new RangeError(`rate out of range: ${bp} bp`);
  return `0.${String(bp).padStart(4, '0')}`.replace(/0+$/, '').replace(/\.$/, '.0');
}

/** Uniform over the 36 months before `asOf`: from the day after `asOf` less 36 months, to `asOf` itself. */
export function disbursementDate(rng: Rng, asOf: BusinessDate): BusinessDate {
  const first = addDays(monthlyDueDate(asOf, -36), 1);
  return fromDayNumber(rng.int(toDayNumber(first), toDayNumber(asOf)));
}

function drawBorrower(rng: Rng, seed: string, index: number, product: ProductCode, on: BusinessDate, taken: TakenCheck): PlannedBorrower {
  const externalId = borrowerExternalId(seed, index);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stream = rng.child('borrower', attempt);
    if (product === 'floor_plan') {
      const e = generateEnterprise(stream);
      if (!BRANCH_OF_CITY.has(e.region.city) || taken.borrower('enterprise', e.uscc)) continue;
      return {
        externalId,
        kind: 'enterprise',
        name: e.name,
        idNumber: e.uscc,
        region: e.region,
        dealerBrand: e.brand,
        facts: [
          { fact: 'mobile', value: e.contactMobile },
          { fact: 'work_address', value: e.address },
        ],
        // Dealer credit lines carry the legal representative's personal guarantee (连带责任担保).
        contacts: [{ role: 'guarantor', name: e.legalRepresentative, relation: '法定代表人', mobile: e.contactMobile }],
      };
    }
    const p = generateIndividual(stream, on);
    if (!BRANCH_OF_CITY.has(p.region.city) || taken.borrower('individual', p.residentId)) continue;
    return {
      externalId,
      kind: 'individual',
      name: p.name,
      idNumber: p.residentId,
      region: p.region,
      dealerBrand: null,
      facts: [
        { fact: 'mobile', value: p.mobile },
        { fact: 'home_address', value: p.address.full },
        { fact: 'employer', value: p.employment.employer },
        { fact: 'position', value: p.employment.position },
        { fact: 'monthly_income_fen', value: String(p.monthlyIncomeFen) },
      ],
      contacts: p.emergencyContacts.map((c) => ({ role: 'emergency_contact' as const, name: c.name, relation: c.relation, mobile: c.mobile })),
    };
  }
  throw new Error(`loan ${index}: no free borrower identity after ${MAX_ATTEMPTS} attempts`);
}

function fits(product: ProductCode, v: Vehicle, attempt: number, dealerBrand: string | null): boolean {
  switch (product) {
    case 'new_car':
      return v.condition === 'new' && v.segment !== 'commercial';
    case 'used_car':
      return v.condition === 'used' && v.segment !== 'commercial';
    case 'commercial':
      return v.segment === 'commercial';
    case 'floor_plan':
      return v.condition === 'new' && v.segment !== 'commercial' && (attempt >= BRAND_ATTEMPTS || v.brand === dealerBrand);
  }
}

function drawVehicles(rng: Rng, index: number, product: ProductCode, on: BusinessDate, borrower: PlannedBorrower, taken: TakenCheck): Vehicle[] {
  const count = product === 'floor_plan' ? rng.child('stock').int(2, 6) : 1;
  const vehicles: Vehicle[] = [];
  for (let slot = 0; slot < count; slot++) {
    let chosen: Vehicle | null = null;
    for (let attempt = 0; attempt < MAX_ATTEMPTS && chosen === null; attempt++) {
      const v = generateVehicle(rng.child('vehicle', slot, attempt), on, borrower.region);
      if (fits(product, v, attempt, borrower.dealerBrand) && !taken.vin(v.vin) && !vehicles.some((w) => w.vin === v.vin)) chosen = v;
    }
    if (chosen === null) throw new Error(`loan ${index}: no free VIN after ${MAX_ATTEMPTS} attempts`);
    vehicles.push(chosen);
  }
  return vehicles;
}

function drawTerms(rng: Rng, product: ProductCode, vehicles: readonly Vehicle[], disbursed: BusinessDate, maxTermMonths: number): LoanTerms {
  const priceFen = vehicles.reduce((s, v) => s + v.priceFen, 0);
  // Down payment (首付) for retail loans; for floor plans the dealer's margin on its stock.
  const downPct = rng.child('down').int(20, 40);
  const principalFen = roundTo100Yuan((priceFen * (100 - downPct)) / 100);
  let method = rng.child('method').weighted(METHOD_SHARES[product]);
  let balloonFen = 0;
  if (method === 'balloon') {
    // 弹性尾款: 20–40 % of the car's price left to the last month.
    balloonFen = roundTo100Yuan((priceFen * rng.child('balloon').int(20, 40)) / 100);
    if (balloonFen >= principalFen) {
      method = 'annuity';
      balloonFen = 0;
    }
  }
  const termRng = rng.child('term');
  const wanted = termRng.weighted(method === 'balloon' ? BALLOON_TERMS : TERM_SHARES[product]);
  const termMonths = Math.max(1, Math.min(wanted, maxTermMonths));
  const [lo, hi] = RATE_BP[product];
  const annualRate = rateOfBasisPoints(rng.child('rate').int(lo, hi));
  return { principalFen, annualRate, termMonths, method, balloonFen, disbursementDate: disbursed, firstDueDate: monthlyDueDate(disbursed, 1) };
}

/**
 * Loan `index` of the book `seed` as of `asOf`. `maxTermMonths` are the products' limits (from
 * the product table); `taken` says which ID numbers and VINs are already used.
 */
export function planLoan(seed: string, index: number, asOf: BusinessDate, maxTermMonths: Readonly<Record<ProductCode, number>>, taken: TakenCheck = NOTHING_TAKEN): LoanPlan {
  const rng = rngFor(seed, 'loan', index);
  const productCode = rng.child('product').weighted(PRODUCT_SHARES);
  const disbursed = disbursementDate(rng.child('disbursement'), asOf);
  const borrower = drawBorrower(rng, seed, index, productCode, disbursed, taken);
  const branchCode = BRANCH_OF_CITY.get(borrower.region.city);
  if (branchCode === undefined) throw new Error(`loan ${index}: no branch in ${borrower.region.city}`);
  const vehicles = drawVehicles(rng, index, productCode, disbursed, borrower, taken);
  return {
    index,
    externalId: loanExternalId(seed, index),
    branchCode,
    productCode,
    borrower,
    vehicles,
    terms: drawTerms(rng.child('terms'), productCode, vehicles, disbursed, maxTermMonths[productCode]),
    officerDraw: rng.child('officer').float(),
  };
}
