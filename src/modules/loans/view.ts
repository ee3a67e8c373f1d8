import type { Kysely } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import { displayValue, kindOfStored } from '../../domain/borrower-facts.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { type InstallmentState, outstanding, payoffQuote, replayLedger, type RepaymentAllocation } from '../../domain/loan-ledger.js';
import { maskFact, maskIdNumber, maskName, maskPhone } from '../../domain/masking.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { loadLedger } from './ledger.js';

export async function loanBranchPath(db: Kysely<DB>, loanId: number): Promise<string | null> {
  const row = await db.selectFrom('loan as l').innerJoin('branch as b', 'b.id', 'l.branch_id').select('b.path').where('l.id', '=', loanId).executeTakeFirst();
  return row?.path ?? null;
}

export async function repaymentBranchPath(db: Kysely<DB>, repaymentId: number): Promise<string | null> {
  const row = await db
    .selectFrom('repayment as r')
    .innerJoin('loan as l', 'l.id', 'r.loan_id')
    .innerJoin('branch as b', 'b.id', 'l.branch_id')
    .select('b.path')
    .where('r.id', '=', repaymentId)
    .executeTakeFirst();
  return row?.path ?? null;
}

/** What an installment still owes: principal, interest not waived, and 罚息, less what was paid. */
function installmentView(i: InstallmentState) {
  const owedFen = i.principalFen - i.principalPaidFen + (i.interestFen - i.interestPaidFen - i.interestWaivedFen) + (i.penaltyFen - i.penaltyPaidFen);
  return { ...i, owedFen };
}

/** A payment's allocation summed by component, beside its lines. */
function allocationView(a: RepaymentAllocation | undefined) {
  if (!a) return null;
  const sum = (component: string) => a.lines.filter((l) => l.component === component).reduce((s, l) => s + l.amountFen, 0);
  return { principalFen: sum('principal'), interestFen: sum('interest'), penaltyFen: sum('penalty'), creditFen: a.toCreditFen, lines: a.lines };
}

async function loadLoan(db: Kysely<DB>, loanId: number) {
  const loan = await db
    .selectFrom('loan as l')
    .innerJoin('branch as b', 'b.id', 'l.branch_id')
    .innerJoin('product as pr', 'pr.code', 'l.product_code')
    .leftJoin('app_user as u', 'u.id', 'l.officer_user_id')
    .selectAll('l')
    .select(['b.code as branch_code', 'b.path as branch_path', 'b.name_zh as branch_zh', 'b.name_en as branch_en', 'pr.name_zh as product_zh', 'pr.name_en as product_en', 'u.display_name as officer_name'])
    .where('l.id', '=', loanId)
    .executeTakeFirst();
  if (!loan) throw new AppError('not-found');
  return loan;
}

/** The loan's status as the last close of business left it; null before its first close. */
async function loadStatus(db: Kysely<DB>, loanId: number) {
  const s = await db.selectFrom('loan_status').selectAll().where('loan_id', '=', loanId).executeTakeFirst();
  if (!s) return null;
  return { asOf: s.as_of, dpd: s.dpd, bucket: s.bucket, riskClass: s.risk_class, stage: s.stage, overdueSince: s.overdue_since, clearedOn: s.cleared_on, closed: s.closed };
}

async function loadParties(db: Kysely<DB>, borrowerId: number, loanId: number) {
  const borrower = await db.selectFrom('borrower').selectAll().where('id', '=', borrowerId).executeTakeFirstOrThrow();
  const facts = await db
    .selectFrom('borrower_fact')
    .select(['id', 'fact', 'value', 'effective_from', 'source', 'verification'])
    .where('borrower_id', '=', borrowerId)
    .orderBy('fact')
    .orderBy('effective_from', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const contacts = await db.selectFrom('borrower_contact').select(['id', 'role', 'name', 'relation', 'mobile', 'id_number']).where('borrower_id', '=', borrowerId).orderBy('id').execute();
  const vehicles = await db.selectFrom('loan_collateral as c').innerJoin('vehicle as v', 'v.id', 'c.vehicle_id').selectAll('v').where('c.loan_id', '=', loanId).orderBy('v.id').execute();
  const flags = await db.selectFrom('loan_flag').select(['id', 'flag', 'class_floor', 'set_on', 'cleared_on', 'reason']).where('loan_id', '=', loanId).orderBy('set_on', 'desc').orderBy('id', 'desc').execute();
  return { borrower, facts, contacts, vehicles, flags };
}

/**
 * Loan 360: the loan and its last close-of-business status (DPD, bucket, class, stage), the
 * schedule replayed to `asOf` (each installment's state, what was paid, its 罚息), every payment
 * with its allocation (reversed ones marked and linked to their reversal), the borrower with
 * current facts and contacts (masked unless revealed, and a reveal is audited), vehicles and flags.
 */
export async function loan360(db: Kysely<DB>, who: AuditWho, loanId: number, asOf: BusinessDate, reveal: boolean) {
  const loan = await loadLoan(db, loanId);
  const status = await loadStatus(db, loanId);
  const { borrower, facts, contacts, vehicles, flags } = await loadParties(db, loan.borrower_id, loanId);
  const seen = new Set<string>();
  const current = facts.filter((f) => {
    if (seen.has(f.fact) || f.effective_from > asOf) return false;
    seen.add(f.fact);
    return true;
  });
  const ledger = await loadLedger(db, loanId);
  const state = replayLedger(ledger.terms, ledger.repayments, asOf);
  const payments = await db.selectFrom('repayment').selectAll().where('loan_id', '=', loanId).orderBy('value_date').orderBy('id').execute();
  const reversalOf = new Map(payments.filter((p) => p.reverses_id !== null).map((p) => [p.reverses_id, p.id]));
  if (reveal) {
    const fields = ['name', 'idNumber', ...current.map((f) => kindOfStored(f.fact)), ...(contacts.length > 0 ? ['contacts'] : [])];
    await recordAudit(db, who, { action: 'pii.reveal', entityType: 'borrower', entityId: borrower.id, branchPath: loan.branch_path, after: { fields, loanId, view: 'loan360' } });
  }
  const hide = <T extends string | null>(value: T, mask: (v: string) => string): T => (reveal || value === null ? value : (mask(value) as T));
  return {
    loan: {
      id: loan.id,
      externalId: loan.external_id,
      branchCode: loan.branch_code,
      branchName: { 'zh-CN': loan.branch_zh, 'en-US': loan.branch_en },
      product: loan.product_code,
      productName: { 'zh-CN': loan.product_zh, 'en-US': loan.product_en },
      principalFen: loan.principal_fen,
      annualRate: loan.annual_rate,
      termMonths: loan.term_months,
      method: loan.method,
      balloonFen: loan.balloon_fen,
      disbursementDate: loan.disbursement_date,
      firstDueDate: loan.first_due_date,
      status: loan.status,
      scheduleVersion: loan.schedule_version,
      officerUserId: loan.officer_user_id,
      officerName: loan.officer_name,
    },
    asOf,
    status,
    summary: { ...outstanding(state), creditFen: state.creditFen },
    borrower: {
      id: borrower.id,
      kind: borrower.kind,
      name: hide(borrower.name, maskName),
      idNumber: hide(borrower.id_number, maskIdNumber),
      facts: current.map((f) => ({
        id: f.id,
        fact: kindOfStored(f.fact),
        value: hide(displayValue(f.fact, f.value), (v) => maskFact(f.fact, v)),
        effectiveFrom: f.effective_from,
        source: f.source,
        verification: f.verification,
      })),
      contacts: contacts.map((c) => ({ id: c.id, role: c.role, name: hide(c.name, maskName), relation: c.relation, mobile: hide(c.mobile, maskPhone), idNumber: hide(c.id_number, maskIdNumber) })),
      revealed: reveal,
    },
    vehicle: vehicles[0] ? vehicleView(vehicles[0]) : null,
    vehicles: vehicles.map(vehicleView),
    flags: flags.map((f) => ({ id: f.id, flag: f.flag, classFloor: f.class_floor, setOn: f.set_on, clearedOn: f.cleared_on, reason: f.reason, active: f.set_on <= asOf && (f.cleared_on === null || f.cleared_on > asOf) })),
    schedule: state.installments.map(installmentView),
    payments: payments.map((p) => ({
      id: p.id,
      externalId: p.external_id,
      valueDate: p.value_date,
      amountFen: p.amount_fen,
      channel: p.channel,
      postedAt: p.posted_at,
      postedBy: p.posted_by,
      reversesId: p.reverses_id,
      reversedById: reversalOf.get(p.id) ?? null,
      reversed: reversalOf.has(p.id),
      reason: p.reason,
      allocation: allocationView(state.allocations.find((a) => a.repaymentId === String(p.id))),
    })),
    creditApplications: state.creditApplications,
  };
}

type VehicleRow = Awaited<ReturnType<typeof loadParties>>['vehicles'][number];

function vehicleView(v: VehicleRow) {
  return { id: v.id, vin: v.vin, plate: v.plate, make: v.make, model: v.model, modelYear: v.model_year, condition: v.condition, priceFen: v.price_fen, mileageKm: v.mileage_km, gpsDeviceId: v.gps_device_id };
}

export async function quotePayoff(db: Kysely<DB>, loanId: number, on: BusinessDate) {
  const ledger = await loadLedger(db, loanId);
  return payoffQuote(ledger.terms, ledger.repayments, on);
}
