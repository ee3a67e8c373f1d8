import { type Kysely, sql } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { type LedgerRepayment, type LedgerState, type LedgerTerms, replayLedger } from '../../domain/loan-ledger.js';
import type { Installment } from '../../domain/schedule.js';
import { loadProducts } from './products.js';

export interface LoadedLedger {
  terms: LedgerTerms;
  repayments: LedgerRepayment[];
}

/** A loan's current schedule and its live repayments (reversed ones and reversals left out). */
export async function loadLedger(db: Kysely<DB>, loanId: number): Promise<LoadedLedger> {
  const loan = await db.selectFrom('loan').select(['id', 'product_code', 'annual_rate', 'schedule_version']).where('id', '=', loanId).executeTakeFirst();
  if (!loan) throw new AppError('not-found');
  const product = (await loadProducts(db)).get(loan.product_code);
  if (!product) throw new Error(`loan ${loanId} names unknown product ${loan.product_code}`);
  const rows = await db
    .selectFrom('installment')
    .select(['seq', 'due_date', 'principal_fen', 'interest_fen', 'balance_after_fen'])
    .where('loan_id', '=', loanId)
    .where('version', '=', loan.schedule_version)
    .orderBy('seq')
    .execute();
  const installments: Installment[] = rows.map((r) => ({
    seq: r.seq,
    dueDate: r.due_date as BusinessDate,
    principalFen: r.principal_fen,
    interestFen: r.interest_fen,
    paymentFen: r.principal_fen + r.interest_fen,
    balanceAfterFen: r.balance_after_fen,
  }));
  const payments = await db
    .selectFrom('repayment as r')
    .select(['r.id', 'r.value_date', 'r.amount_fen'])
    .where('r.loan_id', '=', loanId)
    .where('r.reverses_id', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('repayment as x').select('x.id').whereRef('x.reverses_id', '=', 'r.id'))))
    .execute();
  // a restructuring's capitalised arrears and 罚息 waivers (migration 0013)
  const adjustments = await db.selectFrom('ledger_adjustment').select(['effective_on', 'seq', 'component', 'amount_fen']).where('loan_id', '=', loanId).orderBy('id').execute();
  return {
    terms: {
      installments,
      penalty: { ...product.penalty, annualRate: loan.annual_rate },
      waterfall: product.waterfall,
      adjustments: adjustments.map((a) => ({ date: a.effective_on as BusinessDate, seq: a.seq, component: a.component, amountFen: a.amount_fen })),
    },
    repayments: payments.map((p) => ({ id: String(p.id), valueDate: p.value_date as BusinessDate, amountFen: p.amount_fen })),
  };
}

/** Writes the replayed per-installment state beside the schedule, and the loan's status. */
export async function storeLedgerState(db: Kysely<DB>, loanId: number, state: LedgerState): Promise<void> {
  const loan = await db.selectFrom('loan').select(['schedule_version', 'status']).where('id', '=', loanId).executeTakeFirstOrThrow();
  if (state.installments.length > 0) {
    const values = sql.join(
      state.installments.map((i) => sql`(${i.seq}::int, ${i.principalPaidFen}::bigint, ${i.interestPaidFen}::bigint, ${i.penaltyFen}::bigint, ${i.penaltyExact}::numeric, ${i.penaltyPaidFen}::bigint, ${i.settledOn}::date)`),
    );
    await sql`
      UPDATE installment AS i
         SET principal_paid_fen = v.pp, interest_paid_fen = v.ip, penalty_fen = v.pen, penalty_exact = v.penx, penalty_as_of = ${state.asOf}::date,
             penalty_paid_fen = v.penp, settled_on = v.settled
        FROM (VALUES ${values}) AS v(seq, pp, ip, pen, penx, penp, settled)
       WHERE i.loan_id = ${loanId} AND i.version = ${loan.schedule_version} AND i.seq = v.seq`.execute(db);
  }
  const paidOff = state.installments.every((i) => i.settledOn !== null && i.penaltyPaidFen >= i.penaltyFen);
  const status = loan.status === 'written_off' ? 'written_off' : paidOff ? 'paid_off' : 'active';
  if (status !== loan.status) await db.updateTable('loan').set({ status }).where('id', '=', loanId).execute();
}

export async function replayAndStore(db: Kysely<DB>, loanId: number, asOf: BusinessDate): Promise<{ ledger: LoadedLedger; state: LedgerState }> {
  const ledger = await loadLedger(db, loanId);
  const state = replayLedger(ledger.terms, ledger.repayments, asOf);
  await storeLedgerState(db, loanId, state);
  return { ledger, state };
}
