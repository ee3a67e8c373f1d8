import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../api/context.js';
import { branchIdsInScope } from '../../api/access.js';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { outstanding, payoffQuote, replayLedger } from '../../domain/loan-ledger.js';
import { maskFact, maskIdNumber, maskName } from '../../domain/masking.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { loadLedger } from './ledger.js';

export interface LoanFilter {
  branchId?: number | undefined;
  product?: string | undefined;
  status?: string | undefined;
  officerUserId?: number | undefined;
  cursor?: string | undefined;
  limit: number;
}

export async function listLoans(db: Kysely<DB>, actor: Actor, f: LoanFilter) {
  let q = db
    .selectFrom('loan as l')
    .innerJoin('branch as b', 'b.id', 'l.branch_id')
    .innerJoin('borrower as p', 'p.id', 'l.borrower_id')
    .select(['l.id', 'l.external_id', 'l.product_code', 'l.principal_fen', 'l.annual_rate', 'l.term_months', 'l.method', 'l.disbursement_date', 'l.status', 'l.officer_user_id', 'b.code as branch_code', 'p.name as borrower_name'])
    .select((eb) =>
      eb
        .selectFrom('installment as i')
        .select(sql<number>`coalesce(sum(i.principal_fen - i.principal_paid_fen), 0)::bigint`.as('x'))
        .whereRef('i.loan_id', '=', 'l.id')
        .whereRef('i.version', '=', 'l.schedule_version')
        .as('outstanding_principal_fen'),
    )
    .where('l.branch_id', 'in', branchIdsInScope(db, actor));
  if (f.branchId !== undefined) {
    const subtree = sql<boolean>`starts_with(s.path, (SELECT t.path FROM branch t WHERE t.id = ${f.branchId}))`;
    q = q.where('l.branch_id', 'in', db.selectFrom('branch as s').select('s.id').where(subtree));
  }
  if (f.product) q = q.where('l.product_code', '=', f.product);
  if (f.status) q = q.where('l.status', '=', f.status as 'active');
  if (f.officerUserId !== undefined) q = q.where('l.officer_user_id', '=', f.officerUserId);
  if (f.cursor) q = q.where('l.id', '>', Number(f.cursor));
  const rows = await q.orderBy('l.id').limit(f.limit + 1).execute();
  return rows.map((r) => ({
    id: r.id,
    externalId: r.external_id,
    branchCode: r.branch_code,
    borrowerName: maskName(r.borrower_name),
    product: r.product_code,
    principalFen: r.principal_fen,
    outstandingPrincipalFen: Number(r.outstanding_principal_fen ?? 0),
    annualRate: r.annual_rate,
    termMonths: r.term_months,
    method: r.method,
    disbursementDate: r.disbursement_date,
    status: r.status,
    officerUserId: r.officer_user_id,
  }));
}

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

/** Loan 360: the loan, its borrower (masked unless revealed, and then audited), vehicle, schedule state, payments. */
export async function loan360(db: Kysely<DB>, who: AuditWho, loanId: number, asOf: BusinessDate, reveal: boolean) {
  const loan = await db
    .selectFrom('loan as l')
    .innerJoin('branch as b', 'b.id', 'l.branch_id')
    .selectAll('l')
    .select(['b.code as branch_code', 'b.path as branch_path'])
    .where('l.id', '=', loanId)
    .executeTakeFirst();
  if (!loan) throw new AppError('not-found');
  const borrower = await db.selectFrom('borrower').selectAll().where('id', '=', loan.borrower_id).executeTakeFirstOrThrow();
  const facts = await db
    .selectFrom('borrower_fact')
    .select(['id', 'fact', 'value', 'effective_from', 'source', 'verification'])
    .where('borrower_id', '=', borrower.id)
    .orderBy('fact')
    .orderBy('effective_from', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const current = facts.filter((f, i) => facts.findIndex((g) => g.fact === f.fact) === i);
  const vehicle = await db
    .selectFrom('loan_collateral as c')
    .innerJoin('vehicle as v', 'v.id', 'c.vehicle_id')
    .selectAll('v')
    .where('c.loan_id', '=', loanId)
    .executeTakeFirst();
  const ledger = await loadLedger(db, loanId);
  const state = replayLedger(ledger.terms, ledger.repayments, asOf);
  const payments = await db.selectFrom('repayment').selectAll().where('loan_id', '=', loanId).orderBy('value_date').orderBy('id').execute();
  const reversed = new Set(payments.map((p) => p.reverses_id).filter((x): x is number => x !== null));
  if (reveal) {
    await recordAudit(db, who, { action: 'pii.reveal', entityType: 'borrower', entityId: borrower.id, branchPath: loan.branch_path, after: { fields: ['name', 'idNumber', ...current.map((f) => f.fact)], loanId } });
  }
  const o = outstanding(state);
  return {
    loan: {
      id: loan.id,
      externalId: loan.external_id,
      branchCode: loan.branch_code,
      product: loan.product_code,
      principalFen: loan.principal_fen,
      annualRate: loan.annual_rate,
      termMonths: loan.term_months,
      method: loan.method,
      balloonFen: loan.balloon_fen,
      disbursementDate: loan.disbursement_date,
      firstDueDate: loan.first_due_date,
      status: loan.status,
      scheduleVersion: loan.schedule_version,
    },
    asOf,
    summary: { ...o, creditFen: state.creditFen },
    borrower: {
      id: borrower.id,
      kind: borrower.kind,
      name: reveal ? borrower.name : maskName(borrower.name),
      idNumber: borrower.id_number === null ? null : reveal ? borrower.id_number : maskIdNumber(borrower.id_number),
      facts: current.map((f) => ({ fact: f.fact, value: reveal ? f.value : maskFact(f.fact, f.value), effectiveFrom: f.effective_from, source: f.source, verification: f.verification })),
      revealed: reveal,
    },
    vehicle: vehicle
      ? { vin: vehicle.vin, plate: vehicle.plate, make: vehicle.make, model: vehicle.model, modelYear: vehicle.model_year, condition: vehicle.condition, priceFen: vehicle.price_fen, mileageKm: vehicle.mileage_km, gpsDeviceId: vehicle.gps_device_id }
      : null,
    schedule: state.installments,
    payments: payments.map((p) => ({
      id: p.id,
      externalId: p.external_id,
      valueDate: p.value_date,
      amountFen: p.amount_fen,
      channel: p.channel,
      reversesId: p.reverses_id,
      reversed: reversed.has(p.id),
      reason: p.reason,
      allocation: state.allocations.find((a) => a.repaymentId === String(p.id)) ?? null,
    })),
    creditApplications: state.creditApplications,
  };
}

export async function quotePayoff(db: Kysely<DB>, loanId: number, on: BusinessDate) {
  const ledger = await loadLedger(db, loanId);
  return payoffQuote(ledger.terms, ledger.repayments, on);
}
