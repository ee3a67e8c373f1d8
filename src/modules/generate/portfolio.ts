import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, RepaymentTable } from '../../db/schema.js';
import { type BusinessDate, isBusinessDate } from '../../domain/business-date.js';
import { simulateRepayments } from '../../domain/generate/behaviour.js';
import { rngFor } from '../../domain/generate/rng.js';
import { type LedgerRepayment, type LedgerState, replayLedger } from '../../domain/loan-ledger.js';
import { buildSchedule, type Installment } from '../../domain/schedule.js';
import type { AuditWho } from '../audit/record.js';
import { insertBorrowers, insertVehicles } from '../loans/book.js';
import { insertLoans } from '../loans/create.js';
import { loadProducts, type ProductRules } from '../loans/products.js';
import { ensureOrganisation, type Organisation } from './organisation.js';
import { type LoanPlan, loanExternalId, planLoan, PRODUCT_CODES, type ProductCode, repaymentExternalId, type TakenCheck } from './plan.js';

export interface GenerateOptions {
  /** How many loans the book should have: loans 0 … loans − 1 of this seed (existing ones are kept). */
  loans: number;
  seed: string;
  /** Repayments are simulated up to and including this date, which becomes the business date. */
  asOf: BusinessDate;
  /** Given to every generated user created now (users that exist keep theirs). */
  userPassword: string;
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Loans per transaction (default 500). */
  batchSize?: number | undefined;
  /** Recorded in the audit log for created branches and users (default: generator). */
  who?: AuditWho | undefined;
}

export interface GenerateSummary {
  /** Created by this run; a second run with the same seed creates nothing. */
  branches: number;
  users: number;
  borrowers: number;
  loans: number;
  repayments: number;
  seconds: number;
}

export const GENERATOR = 'generator';
const DEFAULT_BATCH = 500;
/**
 * Rows per set-based statement. Columns go as one array parameter each (`unnest($1::bigint[], …)`),
 * not as one parameter per value: on PGlite that is 2–3 times faster than a multi-row VALUES list,
 * and it never nears PostgreSQL's 65,535 bind parameters.
 */
const ROWS_PER_STATEMENT = 20_000;

interface Context {
  seed: string;
  asOf: BusinessDate;
  org: Organisation;
  products: Map<string, ProductRules>;
  maxTerms: Record<ProductCode, number>;
}

interface BatchResult {
  borrowers: number;
  loans: number;
  repayments: number;
}

/** A loan ready to write: its plan, schedule, simulated repayments and replayed state. */
interface Simulated {
  plan: LoanPlan;
  installments: Installment[];
  payments: Array<{ valueDate: BusinessDate; amountFen: number; channel: RepaymentTable['channel'] }>;
  state: LedgerState;
}

/**
 * Generates (or completes) the demo book `seed`: the organisation, then loans in batches of
 * `batchSize`, each batch one transaction that writes borrowers, vehicles, loans and schedules,
 * repayments, and the replayed installment state, all set-based. Loans whose external id exists
 * are skipped, so the same command twice adds nothing and an interrupted run can be resumed.
 * Finally the business date is set to `asOf`.
 */
export async function generatePortfolio(db: Kysely<DB>, options: GenerateOptions): Promise<GenerateSummary> {
  const started = performance.now();
  const { loans, seed, asOf } = options;
  if (!Number.isSafeInteger(loans) || loans < 0) throw new RangeError(`loans must be a whole number ≥ 0 (got ${loans})`);
  if (seed === '') throw new RangeError('the seed must not be empty');
  if (!isBusinessDate(asOf)) throw new RangeError(`not a business date: ${String(asOf)}`);
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number ≥ 1 (got ${batchSize})`);

  const org = await ensureOrganisation(db, options.who ?? { userId: null, name: GENERATOR }, options.userPassword);
  const products = await loadProducts(db);
  const maxTerms = {} as Record<ProductCode, number>;
  for (const code of PRODUCT_CODES) {
    const product = products.get(code);
    if (!product) throw new Error(`the product table has no ${code}`);
    maxTerms[code] = product.maxTermMonths;
  }
  const ctx: Context = { seed, asOf, org, products, maxTerms };

  const totals: BatchResult = { borrowers: 0, loans: 0, repayments: 0 };
  for (let start = 0; start < loans; start += batchSize) {
    const end = Math.min(loans, start + batchSize);
    const result = await db.transaction().execute((trx) => generateBatch(trx, ctx, start, end));
    totals.borrowers += result.borrowers;
    totals.loans += result.loans;
    totals.repayments += result.repayments;
    options.onProgress?.(end, loans);
  }
  await db.updateTable('business_date').set({ business_date: asOf, updated_at: sql<string>`now()` }).where('id', '=', 1).execute();
  return { branches: org.branchesCreated, users: org.usersCreated, ...totals, seconds: (performance.now() - started) / 1000 };
}

async function generateBatch(trx: Transaction<DB>, ctx: Context, start: number, end: number): Promise<BatchResult> {
  const wanted = new Map<string, number>();
  for (let i = start; i < end; i++) wanted.set(loanExternalId(ctx.seed, i), i);
  const existing = await trx.selectFrom('loan').select('external_id').where('external_id', 'in', [...wanted.keys()]).execute();
  for (const row of existing) wanted.delete(row.external_id);
  if (wanted.size === 0) return { borrowers: 0, loans: 0, repayments: 0 };

  const plans = await planBatch(trx, ctx, [...wanted.values()]);
  const loans = plans.map((plan) => simulate(ctx, plan));
  await writeBatch(trx, ctx, loans);
  return { borrowers: loans.length, loans: loans.length, repayments: loans.reduce((s, l) => s + l.payments.length, 0) };
}

const borrowerKey = (kind: string, idNumber: string): string => `${kind}:${idNumber}`;

/**
 * Plans the batch's loans so that no two use one ID number or VIN, then asks the database which
 * of theirs are taken already and re-plans those loans (their next attempts), until none clash.
 */
async function planBatch(trx: Transaction<DB>, ctx: Context, indexes: readonly number[]): Promise<LoanPlan[]> {
  const blockedBorrowers = new Set<string>();
  const blockedVins = new Set<string>();
  const borrowerOwner = new Map<string, number>();
  const vinOwner = new Map<string, number>();
  const plans = new Map<number, LoanPlan>();

  const planOne = (i: number): void => {
    const previous = plans.get(i);
    if (previous) {
      borrowerOwner.delete(borrowerKey(previous.borrower.kind, previous.borrower.idNumber));
      for (const v of previous.vehicles) vinOwner.delete(v.vin);
    }
    const taken: TakenCheck = {
      borrower: (kind, id) => blockedBorrowers.has(borrowerKey(kind, id)) || (borrowerOwner.get(borrowerKey(kind, id)) ?? i) !== i,
      vin: (vin) => blockedVins.has(vin) || (vinOwner.get(vin) ?? i) !== i,
    };
    const plan = planLoan(ctx.seed, i, ctx.asOf, ctx.maxTerms, taken);
    borrowerOwner.set(borrowerKey(plan.borrower.kind, plan.borrower.idNumber), i);
    for (const v of plan.vehicles) vinOwner.set(v.vin, i);
    plans.set(i, plan);
  };

  for (const i of indexes) planOne(i);
  let pending: readonly number[] = indexes;
  while (pending.length > 0) {
    const batch = pending.map((i) => plans.get(i) as LoanPlan);
    const idNumbers = [...new Set(batch.map((p) => p.borrower.idNumber))];
    const vins = [...new Set(batch.flatMap((p) => p.vehicles.map((v) => v.vin)))];
    const takenBorrowers = await trx.selectFrom('borrower').select(['kind', 'id_number']).where('id_number', 'in', idNumbers).execute();
    const takenVins = vins.length === 0 ? [] : await trx.selectFrom('vehicle').select('vin').where('vin', 'in', vins).execute();
    const redo = new Set<number>();
    for (const b of takenBorrowers) {
      if (b.id_number === null) continue;
      const key = borrowerKey(b.kind, b.id_number);
      const owner = borrowerOwner.get(key);
      if (owner === undefined) continue;
      blockedBorrowers.add(key);
      redo.add(owner);
    }
    for (const v of takenVins) {
      if (v.vin === null) continue;
      const owner = vinOwner.get(v.vin);
      if (owner === undefined) continue;
      blockedVins.add(v.vin);
      redo.add(owner);
    }
    pending = [...redo].sort((a, b) => a - b);
    for (const i of pending) planOne(i);
  }
  return indexes.map((i) => plans.get(i) as LoanPlan);
}

/** Schedule, repayment behaviour (with the product's 罚息 rule, so cures pay it) and the replay to `asOf`. */
function simulate(ctx: Context, plan: LoanPlan): Simulated {
  const product = ctx.products.get(plan.productCode) as ProductRules;
  const { terms } = plan;
  const installments = buildSchedule({
    principalFen: terms.principalFen,
    annualRate: terms.annualRate,
    termMonths: terms.termMonths,
    method: terms.method,
    firstDueDate: terms.firstDueDate,
    balloonFen: terms.method === 'balloon' ? terms.balloonFen : undefined,
  }).installments;
  const penalty = { ...product.penalty, annualRate: terms.annualRate };
  const history = simulateRepayments(installments, rngFor(ctx.seed, 'loan', plan.index).child('repayments'), ctx.asOf, { penalty });
  // Auto-debits (代扣) collect exactly the installment on its due date; anything else is a transfer.
  const debit = new Map(installments.map((i) => [i.dueDate as string, i.paymentFen]));
  const payments = history.payments.map((p) => ({ ...p, channel: debit.get(p.valueDate) === p.amountFen ? ('direct_debit' as const) : ('bank_transfer' as const) }));
  // Ids in posting order, as the database assigns them, so same-day payments replay in the same order.
  const repayments: LedgerRepayment[] = payments.map((p, k) => ({ id: String(k + 1), valueDate: p.valueDate, amountFen: p.amountFen }));
  const state = replayLedger({ installments, penalty, waterfall: product.waterfall }, repayments, ctx.asOf);
  return { plan, installments, payments, state };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The same paid-off rule as storeLedgerState: every installment settled and its 罚息 paid. */
export function isPaidOff(state: LedgerState): boolean {
  return state.installments.every((i) => i.settledOn !== null && i.penaltyPaidFen >= i.penaltyFen);
}

async function writeBatch(trx: Transaction<DB>, ctx: Context, loans: readonly Simulated[]): Promise<void> {
  const branchIdOf = (code: string): number => {
    const id = ctx.org.branchIds.get(code);
    if (id === undefined) throw new Error(`no branch ${code}`);
    return id;
  };

  // Facts are written below, each effective from its loan's disbursement (the application), not from asOf.
  const borrowerIds = await insertBorrowers(
    trx,
    loans.map(({ plan }) => ({
      externalId: plan.borrower.externalId,
      kind: plan.borrower.kind,
      name: plan.borrower.name,
      idNumber: plan.borrower.idNumber,
      branchId: branchIdOf(plan.branchCode),
      facts: [],
      contacts: plan.borrower.contacts,
    })),
    'application',
    ctx.asOf,
    GENERATOR,
  );
  const facts = loans.flatMap(({ plan }, k) => plan.borrower.facts.map((f) => ({ borrowerId: borrowerIds[k] ?? 0, fact: f.fact, value: f.value, on: plan.terms.disbursementDate })));
  for (const part of chunks(facts, ROWS_PER_STATEMENT)) {
    await sql`
      INSERT INTO borrower_fact (borrower_id, fact, value, effective_from, source, recorded_by)
      SELECT b, f, v, d, 'application', ${GENERATOR}::text
        FROM unnest(${part.map((f) => f.borrowerId)}::bigint[], ${part.map((f) => f.fact)}::text[], ${part.map((f) => f.value)}::text[], ${part.map((f) => f.on)}::date[]) AS x(b, f, v, d)`.execute(trx);
  }

  const vehicleIds = await insertVehicles(
    trx,
    loans.flatMap(({ plan }) =>
      plan.vehicles.map((v) => ({
        vin: v.vin,
        plate: v.plate,
        make: v.brand,
        model: v.model,
        modelYear: v.modelYear,
        condition: v.condition,
        priceFen: v.priceFen,
        mileageKm: v.mileageKm,
        gpsDeviceId: v.gpsDeviceId,
      })),
    ),
  );
  const vehiclesOf: number[][] = [];
  let next = 0;
  for (const { plan } of loans) {
    vehiclesOf.push(vehicleIds.slice(next, next + plan.vehicles.length));
    next += plan.vehicles.length;
  }

  const loanIds = await insertLoans(
    trx,
    loans.map(({ plan }, k) => {
      const officers = ctx.org.officers.get(plan.branchCode) ?? [];
      return {
        externalId: plan.externalId,
        borrowerId: borrowerIds[k] ?? 0,
        branchId: branchIdOf(plan.branchCode),
        officerUserId: officers.length === 0 ? null : (officers[Math.floor(plan.officerDraw * officers.length)] ?? null),
        productCode: plan.productCode,
        principalFen: plan.terms.principalFen,
        annualRate: plan.terms.annualRate,
        termMonths: plan.terms.termMonths,
        method: plan.terms.method,
        balloonFen: plan.terms.balloonFen,
        disbursementDate: plan.terms.disbursementDate,
        firstDueDate: plan.terms.firstDueDate,
        vehicleId: vehiclesOf[k]?.[0] ?? null,
      };
    }),
  );
  // A floor plan's further stock cars: insertLoans links only the first.
  const moreCollateral = loans.flatMap((_, k) => (vehiclesOf[k] ?? []).slice(1).map((vehicleId) => ({ loanId: loanIds[k] ?? 0, vehicleId })));
  for (const part of chunks(moreCollateral, ROWS_PER_STATEMENT)) {
    await sql`INSERT INTO loan_collateral (loan_id, vehicle_id) SELECT * FROM unnest(${part.map((c) => c.loanId)}::bigint[], ${part.map((c) => c.vehicleId)}::bigint[])`.execute(trx);
  }

  const repayments = loans.flatMap(({ plan, payments }, k) =>
    payments.map((p, n) => ({ loanId: loanIds[k] ?? 0, externalId: repaymentExternalId(ctx.seed, plan.index, n), valueDate: p.valueDate, amountFen: p.amountFen, channel: p.channel })),
  );
  // WITH ORDINALITY and ORDER BY: ids are drawn in the order of each loan's payments, so the
  // database replays same-day payments in the order the replay here did.
  for (const part of chunks(repayments, ROWS_PER_STATEMENT)) {
    await sql`
      INSERT INTO repayment (loan_id, external_id, value_date, amount_fen, channel, posted_by)
      SELECT l, e, d, a, c, ${GENERATOR}::text
        FROM unnest(${part.map((r) => r.loanId)}::bigint[], ${part.map((r) => r.externalId)}::text[], ${part.map((r) => r.valueDate)}::date[], ${part.map((r) => r.amountFen)}::bigint[], ${part.map((r) => r.channel)}::text[])
             WITH ORDINALITY AS x(l, e, d, a, c, n)
       ORDER BY n`.execute(trx);
  }

  // Only installments the replay changed from the inserted defaults (nothing paid, no 罚息).
  const changed = loans.flatMap(({ state }, k) =>
    state.installments
      .filter((i) => i.principalPaidFen !== 0 || i.interestPaidFen !== 0 || i.penaltyFen !== 0 || i.penaltyPaidFen !== 0 || i.settledOn !== null)
      .map((i) => ({ loanId: loanIds[k] ?? 0, ...i })),
  );
  for (const part of chunks(changed, ROWS_PER_STATEMENT)) {
    await sql`
      UPDATE installment AS i
         SET principal_paid_fen = v.pp, interest_paid_fen = v.ip, penalty_fen = v.pen, penalty_paid_fen = v.penp, settled_on = v.settled
        FROM unnest(${part.map((r) => r.loanId)}::bigint[], ${part.map((r) => r.seq)}::int[], ${part.map((r) => r.principalPaidFen)}::bigint[],
                    ${part.map((r) => r.interestPaidFen)}::bigint[], ${part.map((r) => r.penaltyFen)}::bigint[], ${part.map((r) => r.penaltyPaidFen)}::bigint[],
                    ${part.map((r) => r.settledOn)}::date[]) AS v(loan_id, seq, pp, ip, pen, penp, settled)
       WHERE i.loan_id = v.loan_id AND i.version = 1 AND i.seq = v.seq`.execute(trx);
  }

  const paidOff = loans.flatMap(({ state }, k) => (isPaidOff(state) ? [loanIds[k] ?? 0] : []));
  if (paidOff.length > 0) await trx.updateTable('loan').set({ status: 'paid_off' }).where('id', 'in', paidOff).where('status', '=', 'active').execute();
}
