import { type Kysely, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCommand, parseGenerateArgs } from '../src/cli/generate.js';
import { CliError } from '../src/cli/context.js';
import type { DB } from '../src/db/schema.js';
import { DEFAULT_WATERFALL } from '../src/domain/allocation.js';
import { parseBusinessDate } from '../src/domain/business-date.js';
import { monthlyDueDate } from '../src/domain/due-dates.js';
import { rngFor } from '../src/domain/generate/rng.js';
import { regionByCode } from '../src/domain/generate/regions.js';
import { checkMobile, checkResidentId, checkUscc, checkVin } from '../src/domain/identity.js';
import { replayLedger } from '../src/domain/loan-ledger.js';
import { Dec } from '../src/domain/money.js';
import { METHODS } from '../src/domain/schedule.js';
import { verifyPassword } from '../src/modules/auth/credentials.js';
import { BRANCH_ROLES, GENERATED_BRANCHES, generatedUsers, HEAD_OFFICE_ROLES } from '../src/modules/generate/org-plan.js';
import { disbursementDate, NOTHING_TAKEN, planLoan, PRODUCT_CODES, rateOfBasisPoints } from '../src/modules/generate/plan.js';
import { generatePortfolio, type GenerateSummary } from '../src/modules/generate/portfolio.js';
import { inThreadSimulator, workerSimulator } from '../src/modules/generate/simulator.js';
import { loadLedger } from '../src/modules/loans/ledger.js';
import { createTestDatabase, describeEachDatabase } from './support/databases.js';

const AS_OF = parseBusinessDate('2026-11-22');
const LOANS = 150;
const SEED = 'test';
const PASSWORD = 'generated-demo-password';
const MAX_TERMS = { new_car: 60, used_car: 36, commercial: 60, floor_plan: 12 } as const;
const CITY_OF_BRANCH = new Map(GENERATED_BRANCHES.map((b) => [b.code, b.city]));

describe('planned loans', () => {
  const plans = Array.from({ length: 1500 }, (_, i) => planLoan('mix', i, AS_OF, MAX_TERMS));
  const share = (pred: (p: (typeof plans)[number]) => boolean) => plans.filter(pred).length / plans.length;

  it('are the same for the same seed and index, whatever else is planned', () => {
    expect(planLoan('mix', 7, AS_OF, MAX_TERMS)).toEqual(plans[7]);
    expect(planLoan('other', 7, AS_OF, MAX_TERMS).borrower.idNumber).not.toBe(plans[7]?.borrower.idNumber);
  });

  it('follow the product mix, each with its own borrower, vehicle and method', () => {
    expect(share((p) => p.productCode === 'new_car')).toBeCloseTo(0.65, 1);
    expect(share((p) => p.productCode === 'used_car')).toBeCloseTo(0.2, 1);
    expect(share((p) => p.productCode === 'commercial')).toBeCloseTo(0.08, 1);
    expect(share((p) => p.productCode === 'floor_plan')).toBeCloseTo(0.07, 1);
    expect(new Set(plans.map((p) => p.terms.method))).toEqual(new Set(METHODS));
    for (const p of plans) {
      const { terms } = p;
      expect(terms.termMonths).toBeLessThanOrEqual(MAX_TERMS[p.productCode]);
      expect(terms.principalFen % 10_000).toBe(0);
      expect(Number(terms.annualRate)).toBeGreaterThanOrEqual(0.035);
      expect(Number(terms.annualRate)).toBeLessThanOrEqual(0.12);
      expect(terms.annualRate).toMatch(/^0\.\d{1,4}$/);
      expect(terms.firstDueDate).toBe(monthlyDueDate(terms.disbursementDate, 1));
      expect(terms.disbursementDate > monthlyDueDate(AS_OF, -36) && terms.disbursementDate <= AS_OF).toBe(true);
      const price = p.vehicles.reduce((s, v) => s + v.priceFen, 0);
      expect(terms.principalFen).toBeGreaterThanOrEqual(Math.floor(price * 0.6) - 5_000);
      expect(terms.principalFen).toBeLessThanOrEqual(Math.ceil(price * 0.8) + 5_000);
      if (terms.method === 'balloon') {
        expect(p.productCode).toBe('new_car');
        expect(terms.balloonFen).toBeGreaterThan(0);
        expect(terms.balloonFen).toBeLessThan(terms.principalFen);
      } else expect(terms.balloonFen).toBe(0);
      expect(p.borrower.kind).toBe(p.productCode === 'floor_plan' ? 'enterprise' : 'individual');
      expect(CITY_OF_BRANCH.get(p.branchCode)).toBe(p.borrower.region.city);
      if (p.productCode === 'floor_plan') {
        expect(terms.method).toBe('interest-only');
        expect(terms.termMonths).toBeGreaterThanOrEqual(6);
        expect(p.vehicles.length).toBeGreaterThanOrEqual(2);
        for (const v of p.vehicles) expect([v.condition, v.brand]).toEqual(['new', p.borrower.dealerBrand]);
      } else expect(p.vehicles).toHaveLength(1);
      if (p.productCode === 'new_car') expect(p.vehicles[0]?.condition).toBe('new');
      if (p.productCode === 'used_car') expect(p.vehicles[0]?.condition).toBe('used');
      if (p.productCode === 'commercial') expect(p.vehicles[0]?.segment).toBe('commercial');
    }
  });

  it('re-draw a borrower or a VIN that is taken from the next attempt', () => {
    const first = plans[3];
    if (!first) throw new Error('no plan');
    const again = planLoan('mix', 3, AS_OF, MAX_TERMS, {
      borrower: (kind, id) => kind === first.borrower.kind && id === first.borrower.idNumber,
      vin: (vin) => vin === first.vehicles[0]?.vin,
    });
    expect(again.borrower.idNumber).not.toBe(first.borrower.idNumber);
    expect(again.vehicles[0]?.vin).not.toBe(first.vehicles[0]?.vin);
    expect(again.terms.disbursementDate).toBe(first.terms.disbursementDate);
    expect(again.productCode).toBe(first.productCode);
    expect(planLoan('mix', 3, AS_OF, MAX_TERMS, NOTHING_TAKEN)).toEqual(first);
  });

  it('write rates with at most four decimals and disburse over the 36 months before the as-of date', () => {
    expect([350, 588, 1200, 1000, 0].map(rateOfBasisPoints)).toEqual(['0.035', '0.0588', '0.12', '0.1', '0.0']);
    const dates = Array.from({ length: 3000 }, (_, i) => disbursementDate(rngFor('d', i), AS_OF)).sort();
    expect(dates[0]).toBe('2023-11-23');
    expect(dates[dates.length - 1]).toBe('2026-11-22');
  });
});

describe('the simulator worker', () => {
  it('computes on a worker thread what the main thread would', async () => {
    const rules = { penalty: { markup: '0.5', dayCount: 'ACT/360' as const, compoundOnInterest: true }, waterfall: DEFAULT_WATERFALL };
    const input = { seed: 'w', asOf: AS_OF, maxTerms: { ...MAX_TERMS }, products: { new_car: rules, used_car: rules, commercial: rules, floor_plan: rules } };
    const worker = workerSimulator(input);
    try {
      const indexes = Array.from({ length: 60 }, (_, i) => i * 3);
      const [a, b] = await Promise.all([worker.run(indexes), worker.run([1, 2])]);
      expect(worker.mode).toBe('worker');
      expect(a).toEqual(await inThreadSimulator(input).run(indexes));
      expect(b.map((l) => l.plan.index)).toEqual([1, 2]);
    } finally {
      await worker.close();
    }
  });
});

describe('daihou generate arguments', () => {
  it('need --loans from 1 to 2,000,000 and a real --as-of date; the seed defaults to 1', () => {
    expect(parseGenerateArgs({ loans: '5000' })).toEqual({ loans: 5000, seed: '1', asOf: null });
    expect(parseGenerateArgs({ loans: '2000000', seed: 'demo', 'as-of': '2024-02-29' })).toEqual({ loans: 2_000_000, seed: 'demo', asOf: '2024-02-29' });
    for (const bad of [{}, { loans: '0' }, { loans: '2000001' }, { loans: '1e3' }, { loans: '-5' }, { loans: '12.5' }, { loans: true }, { loans: '10', 'as-of': '2026-02-30' }, { loans: '10', seed: '' }]) {
      let caught: unknown;
      try {
        parseGenerateArgs(bad);
      } catch (error) {
        caught = error;
      }
      expect(caught, JSON.stringify(bad)).toBeInstanceOf(CliError);
      expect((caught as CliError).exitCode).toBe(2);
    }
  });
});

async function count(db: Kysely<DB>, table: 'loan' | 'borrower' | 'repayment' | 'vehicle' | 'app_user' | 'branch' | 'installment'): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function loanRows(db: Kysely<DB>, seed: string) {
  return db
    .selectFrom('loan as l')
    .innerJoin('borrower as b', 'b.id', 'l.borrower_id')
    .innerJoin('branch as br', 'br.id', 'l.branch_id')
    .select(['l.external_id', 'l.principal_fen', 'l.annual_rate', 'l.method', 'l.term_months', 'l.balloon_fen', 'l.disbursement_date', 'l.status', 'l.product_code', 'b.id_number', 'b.name', 'br.code as branch'])
    .select((eb) => [
      eb.selectFrom('loan_collateral as c').innerJoin('vehicle as v', 'v.id', 'c.vehicle_id').select(sql<string>`string_agg(v.vin, ',' ORDER BY v.vin)`.as('x')).whereRef('c.loan_id', '=', 'l.id').as('vins'),
      eb.selectFrom('repayment as r').select(sql<string>`coalesce(sum(r.amount_fen), 0)::text`.as('x')).whereRef('r.loan_id', '=', 'l.id').as('repaid'),
    ])
    .where('l.external_id', 'like', `GEN-${seed}-L%`)
    .orderBy('l.external_id')
    .execute();
}

describeEachDatabase('the generated book', (ctx) => {
  let summary: GenerateSummary;
  const progress: Array<[number, number]> = [];

  beforeAll(async () => {
    summary = await generatePortfolio(ctx.database.db, { loans: LOANS, seed: SEED, asOf: AS_OF, userPassword: PASSWORD, batchSize: 40, onProgress: (done, total) => progress.push([done, total]) });
    console.log(`generated ${summary.loans} loans on ${ctx.kind} in ${summary.seconds.toFixed(1)} s (${Math.round(summary.loans / summary.seconds)} loans/s, users included)`);
  }, 120_000);

  it('creates the organisation, the loans, their borrowers and repayments, and moves the business date', async () => {
    const { db } = ctx.database;
    expect(summary).toMatchObject({ branches: 18, users: generatedUsers().length, borrowers: LOANS, loans: LOANS });
    expect(summary.repayments).toBeGreaterThan(LOANS * 5);
    expect(await count(db, 'loan')).toBe(LOANS);
    expect(await count(db, 'borrower')).toBe(LOANS);
    expect(await count(db, 'repayment')).toBe(summary.repayments);
    expect(await count(db, 'vehicle')).toBeGreaterThan(LOANS);
    expect(await count(db, 'branch')).toBe(1 + 18);
    expect(progress).toEqual([[40, LOANS], [80, LOANS], [120, LOANS], [150, LOANS]]);
    const { business_date } = await db.selectFrom('business_date').select('business_date').executeTakeFirstOrThrow();
    expect(business_date).toBe(AS_OF);
  });

  it('gives every branch and head office users of every role, with the one password', async () => {
    const { db } = ctx.database;
    const users = await db
      .selectFrom('app_user as u')
      .innerJoin('branch as b', 'b.id', 'u.branch_id')
      .innerJoin('user_role as r', 'r.user_id', 'u.id')
      .select(['u.username', 'b.path', 'r.role', 'u.password_hash'])
      .execute();
    for (const branch of GENERATED_BRANCHES) {
      const roles = new Set(users.filter((u) => u.path.startsWith(`/HO/${branch.code}/`)).map((u) => u.role));
      expect([...roles].sort(), branch.code).toEqual([...BRANCH_ROLES].sort());
    }
    expect(new Set(users.filter((u) => u.path === '/HO/').map((u) => u.role))).toEqual(new Set(HEAD_OFFICE_ROLES));
    const collector = users.find((u) => u.username === 'bj.collector1');
    expect(collector?.path).toBe('/HO/BJ/BJ-C1/');
    expect(await verifyPassword(collector?.password_hash ?? '', PASSWORD)).toBe(true);
    const officers = await db.selectFrom('loan as l').innerJoin('app_user as u', 'u.id', 'l.officer_user_id').innerJoin('branch as b', 'b.id', 'l.branch_id').select(['u.username', 'b.code']).execute();
    expect(officers).toHaveLength(LOANS);
    for (const o of officers) expect(o.username.startsWith(`${o.code.toLowerCase()}.`)).toBe(true);
  });

  it('uses valid ID numbers, credit codes, phones and VINs, with borrowers living in their branch city', async () => {
    const { db } = ctx.database;
    const borrowers = await db.selectFrom('borrower as b').innerJoin('branch as br', 'br.id', 'b.branch_id').select(['b.kind', 'b.id_number', 'b.name', 'br.code']).execute();
    for (const b of borrowers) {
      const id = b.id_number ?? '';
      expect(b.kind === 'individual' ? checkResidentId(id) : checkUscc(id), id).toEqual({ ok: true });
      const regionCode = b.kind === 'individual' ? id.slice(0, 6) : id.slice(2, 8);
      expect(regionByCode(regionCode)?.city).toBe(CITY_OF_BRANCH.get(b.code));
      expect(b.name).toMatch(/^\p{Script=Han}{2,}/u);
    }
    const mobiles = await db.selectFrom('borrower_fact').select('value').where('fact', '=', 'mobile').execute();
    expect(mobiles).toHaveLength(LOANS);
    for (const m of mobiles) expect(checkMobile(m.value)).toEqual({ ok: true });
    const facts = await db.selectFrom('borrower_fact as f').innerJoin('loan as l', 'l.borrower_id', 'f.borrower_id').select(['f.fact', 'f.effective_from', 'l.disbursement_date']).execute();
    for (const f of facts) expect(f.effective_from).toBe(f.disbursement_date);
    expect(new Set(facts.map((f) => f.fact))).toEqual(new Set(['mobile', 'home_address', 'employer', 'position', 'monthly_income_fen', 'work_address']));
    const vins = await db.selectFrom('vehicle').select('vin').execute();
    for (const v of vins) expect(checkVin(v.vin ?? ''), v.vin ?? '').toEqual({ ok: true });
    const contacts = await db.selectFrom('borrower_contact').select(['role']).execute();
    expect(contacts.length).toBeGreaterThanOrEqual(LOANS);
  });

  it('has all four products and all four methods, within each product’s limits', async () => {
    const { db } = ctx.database;
    const loans = await db
      .selectFrom('loan as l')
      .innerJoin('product as p', 'p.code', 'l.product_code')
      .innerJoin('borrower as b', 'b.id', 'l.borrower_id')
      .select(['l.id', 'l.product_code', 'l.method', 'l.term_months', 'p.max_term_months', 'b.kind'])
      .select((eb) => eb.selectFrom('loan_collateral as c').innerJoin('vehicle as v', 'v.id', 'c.vehicle_id').select(sql<string>`string_agg(DISTINCT v.condition, ',')`.as('x')).whereRef('c.loan_id', '=', 'l.id').as('conditions'))
      .execute();
    expect(new Set(loans.map((l) => l.product_code))).toEqual(new Set(PRODUCT_CODES));
    expect(new Set(loans.map((l) => l.method))).toEqual(new Set(METHODS));
    for (const l of loans) {
      expect(l.term_months).toBeLessThanOrEqual(l.max_term_months);
      expect(l.kind).toBe(l.product_code === 'floor_plan' ? 'enterprise' : 'individual');
      if (l.product_code === 'floor_plan') expect([l.method, l.conditions]).toEqual(['interest-only', 'new']);
      if (l.product_code === 'used_car') expect(l.conditions).toBe('used');
      if (l.product_code === 'new_car') expect(l.conditions).toBe('new');
    }
  });

  it('posts repayments between disbursement and the as-of date, by debit on due dates or by transfer', async () => {
    const { db } = ctx.database;
    const outside = await db
      .selectFrom('repayment as r')
      .innerJoin('loan as l', 'l.id', 'r.loan_id')
      .select(['r.external_id', 'r.value_date'])
      .where((eb) => eb.or([eb('r.value_date', '>', AS_OF), eb('r.value_date', '<=', eb.ref('l.disbursement_date'))]))
      .execute();
    expect(outside).toEqual([]);
    const channels = await db.selectFrom('repayment').select(['channel', 'external_id', 'posted_by']).execute();
    expect(new Set(channels.map((c) => c.channel))).toEqual(new Set(['direct_debit', 'bank_transfer']));
    for (const c of channels) {
      expect(c.external_id).toMatch(/^GEN-test-L\d+-P\d+$/);
      expect(c.posted_by).toBe('generator');
    }
  });

  it('stores the installment state a fresh replay of each loan gives', async () => {
    const { db } = ctx.database;
    const loans = await db.selectFrom('loan').select(['id', 'status']).orderBy('id').execute();
    // Every loan with 罚息, every paid-off one, and every fifth of the rest.
    const withPenalty = new Set((await db.selectFrom('installment').select('loan_id').where('penalty_fen', '>', 0).distinct().execute()).map((r) => r.loan_id));
    const sample = loans.filter((l, k) => withPenalty.has(l.id) || l.status === 'paid_off' || k % 5 === 0);
    expect(sample.length).toBeGreaterThan(30);
    for (const loan of sample) {
      const ledger = await loadLedger(db, loan.id);
      const state = replayLedger(ledger.terms, ledger.repayments, AS_OF);
      const rows = await db
        .selectFrom('installment')
        .select(['seq', 'principal_paid_fen', 'interest_paid_fen', 'penalty_fen', 'penalty_paid_fen', 'settled_on', 'penalty_exact', 'penalty_as_of'])
        .where('loan_id', '=', loan.id)
        .orderBy('seq')
        .execute();
      // the exact 罚息 and its date too: close of business accrues from them
      expect(
        rows.map(({ penalty_exact, penalty_as_of, ...r }) => ({ ...r, penalty_exact: new Dec(penalty_exact).toFixed(), penalty_as_of: penalty_exact === '0' ? null : penalty_as_of })),
        `loan ${loan.id}`,
      ).toEqual(
        state.installments.map((i) => ({
          seq: i.seq,
          principal_paid_fen: i.principalPaidFen,
          interest_paid_fen: i.interestPaidFen,
          penalty_fen: i.penaltyFen,
          penalty_paid_fen: i.penaltyPaidFen,
          settled_on: i.settledOn,
          penalty_exact: i.penaltyExact,
          penalty_as_of: i.penaltyExact === '0' ? null : AS_OF,
        })),
      );
      const paidOff = state.installments.every((i) => i.settledOn !== null && i.penaltyPaidFen >= i.penaltyFen);
      expect(loan.status, `loan ${loan.id}`).toBe(paidOff ? 'paid_off' : 'active');
    }
  });

  it('is a living book: most loans current, some overdue, some paid off, late payers cured', async () => {
    const { db } = ctx.database;
    const overdue = await db
      .selectFrom('installment as i')
      .innerJoin('loan as l', 'l.id', 'i.loan_id')
      .select('i.loan_id')
      .distinct()
      .where('l.status', '=', 'active')
      .where('i.due_date', '<', AS_OF)
      .where('i.settled_on', 'is', null)
      .execute();
    const paidOff = await db.selectFrom('loan').select('id').where('status', '=', 'paid_off').execute();
    const cured = await db
      .selectFrom('installment as i')
      .innerJoin('loan as l', 'l.id', 'i.loan_id')
      .select('i.loan_id')
      .distinct()
      .where('i.penalty_paid_fen', '>', 0)
      .where('i.settled_on', 'is not', null)
      .execute();
    const current = LOANS - overdue.length - paidOff.length;
    console.log(`${ctx.kind}: ${current} current, ${overdue.length} overdue, ${paidOff.length} paid off, ${cured.length} cured after paying 罚息`);
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.length).toBeLessThan(LOANS * 0.15);
    expect(paidOff.length).toBeGreaterThan(0);
    expect(cured.length).toBeGreaterThan(0);
    expect(current).toBeGreaterThan(LOANS / 2);
  });

  it('adds nothing when run again with the same seed', async () => {
    const { db } = ctx.database;
    const before = await loanRows(db, SEED);
    const again = await generatePortfolio(db, { loans: LOANS, seed: SEED, asOf: AS_OF, userPassword: 'another-password' });
    expect(again).toMatchObject({ branches: 0, users: 0, borrowers: 0, loans: 0, repayments: 0 });
    expect(await loanRows(db, SEED)).toEqual(before);
    expect(await count(db, 'repayment')).toBe(summary.repayments);
    expect(await count(db, 'app_user')).toBe(generatedUsers().length);
  });

  it('gives the same book in another database, in one thread and other batches', async () => {
    const other = await createTestDatabase(ctx.kind);
    try {
      await generatePortfolio(other.db, { loans: LOANS, seed: SEED, asOf: AS_OF, userPassword: PASSWORD, batchSize: 1000, parallel: false });
      const mine = await loanRows(ctx.database.db, SEED);
      expect(mine).toHaveLength(LOANS);
      expect(await loanRows(other.db, SEED)).toEqual(mine);
    } finally {
      await other.drop();
    }
  }, 60_000);

  it('re-draws an ID number or a VIN the database already has', async () => {
    const { db } = ctx.database;
    const planned = planLoan('clash', 0, AS_OF, MAX_TERMS);
    const vin = planned.vehicles[0]?.vin ?? '';
    const branch = await db.selectFrom('branch').select('id').where('code', '=', 'HO').executeTakeFirstOrThrow();
    await db.insertInto('borrower').values({ external_id: 'pre-existing', kind: planned.borrower.kind, name: '占位', id_number: planned.borrower.idNumber, branch_id: branch.id }).execute();
    await db.insertInto('vehicle').values({ vin, make: 'x', model: 'y', model_year: 2020, condition: 'new', price_fen: 100 }).execute();
    await generatePortfolio(db, { loans: 1, seed: 'clash', asOf: AS_OF, userPassword: PASSWORD });
    const [row] = await loanRows(db, 'clash');
    expect(row?.id_number).not.toBe(planned.borrower.idNumber);
    expect(planned.borrower.kind === 'individual' ? checkResidentId(row?.id_number ?? '') : checkUscc(row?.id_number ?? '')).toEqual({ ok: true });
    expect(row?.vins?.split(',')).not.toContain(vin);
    expect(row?.disbursement_date).toBe(planned.terms.disbursementDate);
  });

  it('runs as daihou generate, reporting progress and loans per second', async () => {
    const lines: string[] = [];
    const out = await generateCommand({ loans: '30', seed: 'cli', 'as-of': '2026-11-22' }, ctx.database, { progress: (l) => lines.push(l) });
    expect(out).toMatch(/^generated book "cli" as of 2026-11-22 .*: 30 loans, 30 borrowers, \d+ repayments, 0 branches and teams, 0 users created in [\d.]+ s, \d+ loans\/s;/);
    expect(lines.at(-1)).toMatch(/30 \/ 30 loans/);
    const again = await generateCommand({ loans: '30', seed: 'cli' }, ctx.database, { progress: () => undefined });
    expect(again).toContain('0 loans, 0 borrowers, 0 repayments');
    expect(again).toContain('(30 loans already existed)');
    expect(again).toContain('as of 2026-11-22');
    await expect(generateCommand({ loans: 'many' }, ctx.database)).rejects.toMatchObject({ exitCode: 2 });
  });
});

describeEachDatabase('daihou generate and the business date', (ctx) => {
  it('refuses to generate a book as of a date before the business date', async () => {
    await sql`UPDATE business_date SET business_date = DATE '2026-11-22'`.execute(ctx.database.db);
    await expect(generateCommand({ loans: '5', 'as-of': '2026-01-01' }, ctx.database)).rejects.toThrow(/before the business date 2026-11-22; the business date never moves back/);
  });
});
