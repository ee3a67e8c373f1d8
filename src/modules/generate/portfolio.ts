import { type Kysely, sql, type Transaction } from 'kysely';
import { insertColumns } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import { addDays, type BusinessDate, isBusinessDate } from '../../domain/business-date.js';
import { bucketOf, classFloorByDpd, ifrs9Stage } from '../../domain/delinquency.js';
import { lastMonthEnds, monthEndsFromSnapshots } from '../../jobs/eod-portfolio.js';
import type { AuditWho } from '../audit/record.js';
import { MIN_PASSWORD_LENGTH } from '../auth/credentials.js';
import { insertBorrowers, insertVehicles } from '../loans/book.js';
import { insertLoans } from '../loans/create.js';
import { loadProducts } from '../loans/products.js';
import { ensureOrganisation, type Organisation } from './organisation.js';
import { loanExternalId, planLoan, PRODUCT_CODES, repaymentExternalId } from './plan.js';
import { BatchIdentities, type BookInput, borrowerKey, type SimulatedLoan, simulateLoan } from './simulate.js';
import { inThreadSimulator, type Simulator, workerSimulator } from './simulator.js';

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
  /** Plan and simulate the next batch on a worker thread while this one is written (default true). */
  parallel?: boolean | undefined;
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
 * Rows per set-based statement. Columns go as one array parameter each (`unnest($1::bigint[], …)`,
 * as src/db/bulk.ts does), not one parameter per value: on PGlite that is 2–3 times faster than a
 * multi-row VALUES list, and it never nears PostgreSQL's 65,535 bind parameters.
 */
const ROWS_PER_STATEMENT = 20_000;
/** Month ends of generated history (the dashboard's trend shows twelve). */
const HISTORY_MONTHS = 12;

interface BatchResult {
  borrowers: number;
  loans: number;
  repayments: number;
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
  if (options.userPassword.length < MIN_PASSWORD_LENGTH) throw new RangeError(`the users' password needs at least ${MIN_PASSWORD_LENGTH} characters`);

  const input = await bookInput(db, seed, asOf);
  const totals: BatchResult = { borrowers: 0, loans: 0, repayments: 0 };
  const simulator: Simulator = loans > 0 && options.parallel !== false ? workerSimulator(input) : inThreadSimulator(input);
  try {
    // Which loans of a batch are still missing is asked before the batch is handed to the
    // simulator, one batch ahead, so the simulator works on the next batch while this one is written.
    const prepare = async (start: number) => {
      const end = Math.min(loans, start + batchSize);
      const todo = await missingLoans(db, seed, start, end);
      const simulated = todo.length === 0 ? Promise.resolve([]) : simulator.run(todo);
      // Awaited later; until then a failure must not count as an unhandled rejection.
      simulated.catch(() => undefined);
      return { end, loans: simulated };
    };
    let current = loans > 0 ? await prepare(0) : null;
    // The first batch is simulated while users are created (argon2 hashing keeps the main thread idle).
    const org = await ensureOrganisation(db, options.who ?? { userId: null, name: GENERATOR }, options.userPassword);
    while (current !== null) {
      const next = current.end < loans ? await prepare(current.end) : null;
      const simulated = await current.loans;
      if (simulated.length > 0) {
        const result = await db.transaction().execute((trx) => writeBatch(trx, input, org, simulated));
        totals.borrowers += result.borrowers;
        totals.loans += result.loans;
        totals.repayments += result.repayments;
      }
      options.onProgress?.(current.end, loans);
      current = next;
    }
    if (totals.loans > 0) await monthEndsFromSnapshots(db, input.monthEnds ?? []);
    await db.updateTable('business_date').set({ business_date: asOf, updated_at: sql<string>`now()` }).where('id', '=', 1).execute();
    return { branches: org.branchesCreated, users: org.usersCreated, ...totals, seconds: (performance.now() - started) / 1000 };
  } finally {
    await simulator.close();
  }
}

/**
 * The month ends of the year before asOf that no close has run for: the generated loans get
 * snapshots there, so the dashboard's trend has a history from the start. A month end a close
 * has published is left as it published it.
 */
async function pastMonthEnds(db: Kysely<DB>, asOf: BusinessDate): Promise<BusinessDate[]> {
  const ends = lastMonthEnds(addDays(asOf, -1), HISTORY_MONTHS);
  const closed = await db.selectFrom('eod_run').select('business_date').where('business_date', 'in', ends).execute();
  const skip = new Set(closed.map((r) => r.business_date));
  return ends.filter((m) => !skip.has(m));
}

async function bookInput(db: Kysely<DB>, seed: string, asOf: BusinessDate): Promise<BookInput> {
  const rules = await loadProducts(db);
  const maxTerms = {} as BookInput['maxTerms'];
  const products = {} as BookInput['products'];
  for (const code of PRODUCT_CODES) {
    const product = rules.get(code);
    if (!product) throw new Error(`the product table has no ${code}`);
    maxTerms[code] = product.maxTermMonths;
    products[code] = { penalty: product.penalty, waterfall: product.waterfall };
  }
  return { seed, asOf, maxTerms, products, monthEnds: await pastMonthEnds(db, asOf) };
}

/** Indexes start … end − 1 whose loan is not in the database yet. */
async function missingLoans(db: Kysely<DB>, seed: string, start: number, end: number): Promise<number[]> {
  const wanted = new Map<string, number>();
  for (let i = start; i < end; i++) wanted.set(loanExternalId(seed, i), i);
  const existing = await db.selectFrom('loan').select('external_id').where('external_id', 'in', [...wanted.keys()]).execute();
  for (const row of existing) wanted.delete(row.external_id);
  return [...wanted.values()];
}

/**
 * The simulator kept the batch's ID numbers and VINs apart from each other; here the database is
 * asked which of them are taken already, and those loans are re-planned (their next attempts)
 * until none clash. Rare: a few in a million-loan book.
 */
async function resolveClashes(trx: Transaction<DB>, input: BookInput, simulated: readonly SimulatedLoan[]): Promise<SimulatedLoan[]> {
  const identities = new BatchIdentities();
  const byIndex = new Map<number, SimulatedLoan>();
  for (const loan of simulated) {
    identities.claim(loan.plan);
    byIndex.set(loan.plan.index, loan);
  }
  let pending: readonly SimulatedLoan[] = simulated;
  while (pending.length > 0) {
    const redo = new Set<number>();
    for (const kind of ['individual', 'enterprise'] as const) {
      const ids = [...new Set(pending.filter((l) => l.plan.borrower.kind === kind).map((l) => l.plan.borrower.idNumber))];
      if (ids.length === 0) continue;
      // By kind, so the lookup uses the (kind, id_number) unique index.
      const taken = await trx.selectFrom('borrower').select('id_number').where('kind', '=', kind).where('id_number', 'in', ids).execute();
      for (const { id_number } of taken) {
        if (id_number === null) continue;
        identities.blockedBorrowers.add(borrowerKey(kind, id_number));
        const holder = identities.borrowerHolder(kind, id_number);
        if (holder !== undefined) redo.add(holder);
      }
    }
    const vins = [...new Set(pending.flatMap((l) => l.plan.vehicles.map((v) => v.vin)))];
    const takenVins = vins.length === 0 ? [] : await trx.selectFrom('vehicle').select('vin').where('vin', 'in', vins).execute();
    for (const { vin } of takenVins) {
      if (vin === null) continue;
      identities.blockedVins.add(vin);
      const holder = identities.vinHolder(vin);
      if (holder !== undefined) redo.add(holder);
    }
    pending = [...redo]
      .sort((a, b) => a - b)
      .map((i) => {
        const old = byIndex.get(i) as SimulatedLoan;
        identities.release(old.plan);
        const plan = planLoan(input.seed, i, input.asOf, input.maxTerms, identities.takenFor(i));
        identities.claim(plan);
        const loan = simulateLoan(input, plan);
        byIndex.set(i, loan);
        return loan;
      });
  }
  return simulated.map((l) => byIndex.get(l.plan.index) as SimulatedLoan);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function writeBatch(trx: Transaction<DB>, input: BookInput, org: Organisation, simulated: readonly SimulatedLoan[]): Promise<BatchResult> {
  const loans = await resolveClashes(trx, input, simulated);
  const branchIdOf = (code: string): number => {
    const id = org.branchIds.get(code);
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
    input.asOf,
    GENERATOR,
  );
  const facts = loans.flatMap(({ plan }, k) =>
    plan.borrower.facts.map((f) => ({ borrower_id: borrowerIds[k] ?? 0, fact: f.fact, value: f.value, effective_from: plan.terms.disbursementDate, source: 'application', recorded_by: GENERATOR })),
  );
  await insertColumns(
    trx,
    'borrower_fact',
    [
      ['borrower_id', 'bigint'],
      ['fact', 'text'],
      ['value', 'text'],
      ['effective_from', 'date'],
      ['source', 'text'],
      ['recorded_by', 'text'],
    ],
    facts,
  );

  const vehicleIds = await insertVehicles(
    trx,
    loans.flatMap(({ plan }) =>
      plan.vehicles.map((v) => ({
        vin: v.vin,
        // A dealer's stock is not registered yet: no plate until it is sold.
        plate: plan.productCode === 'floor_plan' ? null : v.plate,
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
      const officers = org.officers.get(plan.branchCode) ?? [];
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
  const moreCollateral = loans.flatMap((_, k) => (vehiclesOf[k] ?? []).slice(1).map((vehicleId) => ({ loan_id: loanIds[k] ?? 0, vehicle_id: vehicleId })));
  await insertColumns(
    trx,
    'loan_collateral',
    [
      ['loan_id', 'bigint'],
      ['vehicle_id', 'bigint'],
    ],
    moreCollateral,
  );

  const repayments = loans.flatMap(({ plan, payments }, k) =>
    payments.map((p, n) => ({ loanId: loanIds[k] ?? 0, externalId: repaymentExternalId(input.seed, plan.index, n), valueDate: p.valueDate, amountFen: p.amountFen, channel: p.channel })),
  );
  // WITH ORDINALITY … ORDER BY: ids are drawn in the order of each loan's payments, so a replay
  // from the database takes same-day payments in the order the simulator's replay did.
  for (const part of chunks(repayments, ROWS_PER_STATEMENT)) {
    await sql`
      INSERT INTO repayment (loan_id, external_id, value_date, amount_fen, channel, posted_by)
      SELECT l, e, d, a, c, ${GENERATOR}::text
        FROM unnest(${part.map((r) => r.loanId)}::bigint[], ${part.map((r) => r.externalId)}::text[], ${part.map((r) => r.valueDate)}::date[], ${part.map((r) => r.amountFen)}::bigint[], ${part.map((r) => r.channel)}::text[])
             WITH ORDINALITY AS x(l, e, d, a, c, n)
       ORDER BY n`.execute(trx);
  }

  // The replayed state of every installment that has any: one UPDATE … FROM unnest(…) per chunk.
  const changes = loans.flatMap(({ changes: rows }, k) => rows.map((c) => ({ loanId: loanIds[k] ?? 0, ...c })));
  const lowId = loanIds.reduce((a, b) => Math.min(a, b), Number.MAX_SAFE_INTEGER);
  const highId = loanIds.reduce((a, b) => Math.max(a, b), 0);
  for (const part of chunks(changes, ROWS_PER_STATEMENT)) {
    // The id range lets the planner use the primary key even before the new rows have statistics.
    await sql`
      UPDATE installment AS i
         SET principal_paid_fen = v.pp, interest_paid_fen = v.ip, penalty_fen = v.pen, penalty_exact = v.penx, penalty_as_of = ${input.asOf}::date,
             penalty_paid_fen = v.penp, settled_on = v.settled
        FROM unnest(${part.map((r) => r.loanId)}::bigint[], ${part.map((r) => r.seq)}::int[], ${part.map((r) => r.principalPaidFen)}::bigint[],
                    ${part.map((r) => r.interestPaidFen)}::bigint[], ${part.map((r) => r.penaltyFen)}::bigint[], ${part.map((r) => r.penaltyExact)}::numeric[],
                    ${part.map((r) => r.penaltyPaidFen)}::bigint[], ${part.map((r) => r.settledOn)}::date[]) AS v(loan_id, seq, pp, ip, pen, penx, penp, settled)
       WHERE i.loan_id BETWEEN ${lowId} AND ${highId} AND i.version = 1 AND i.loan_id = v.loan_id AND i.seq = v.seq`.execute(trx);
  }

  // Past month ends, as their closes would have snapshotted them (the class and stage by DPD
  // alone: a generated book has no flags or manual classes, and the upgrade rule's memory is not
  // replayed). ON CONFLICT: a resumed run's batch may have written some.
  const snapshots = loans.flatMap(({ monthEnds }, k) => monthEnds.map((m) => ({ loanId: loanIds[k] ?? 0, ...m })));
  for (const part of chunks(snapshots, ROWS_PER_STATEMENT)) {
    await sql`
      INSERT INTO month_end_snapshot (month_end, loan_id, dpd, bucket, risk_class, stage, outstanding_principal_fen)
      SELECT m, l, dpd, b, c, s, o
        FROM unnest(${part.map((r) => r.monthEnd)}::date[], ${part.map((r) => r.loanId)}::bigint[], ${part.map((r) => r.dpd)}::int[],
                    ${part.map((r) => bucketOf(r.dpd))}::text[], ${part.map((r) => classFloorByDpd(r.dpd))}::text[], ${part.map((r) => ifrs9Stage(r.dpd, false))}::smallint[],
                    ${part.map((r) => r.outstandingPrincipalFen)}::bigint[]) AS x(m, l, dpd, b, c, s, o)
      ON CONFLICT (month_end, loan_id) DO NOTHING`.execute(trx);
  }

  const paidOff = loans.flatMap(({ paidOff: done }, k) => (done ? [loanIds[k] ?? 0] : []));
  if (paidOff.length > 0) await trx.updateTable('loan').set({ status: 'paid_off' }).where('id', 'in', paidOff).execute();
  return { borrowers: loans.length, loans: loans.length, repayments: repayments.length };
}
