import { type Kysely, type Selectable, sql } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB, LoanTable, RepaymentTable } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { currentBusinessDate } from '../system/business-date.js';
import type { RepaymentAllocation } from '../../domain/loan-ledger.js';
import { type PrepaymentOption, PrepaymentRefused, reamortize } from '../../domain/prepayment.js';
import type { Installment } from '../../domain/schedule.js';
import { insertInstallments } from './create.js';
import { loadLedger, replayAndStore } from './ledger.js';

export interface PaymentInput {
  externalId: string;
  valueDate: BusinessDate;
  amountFen: number;
  channel: RepaymentTable['channel'];
  /** What to do with money beyond what is due: hold it (default) or prepay principal. */
  overpayment?: 'credit' | PrepaymentOption | undefined;
}

export interface PostedPayment {
  repaymentId: number;
  duplicate: boolean;
  allocation: RepaymentAllocation | null;
  creditFen: number;
  loanStatus: Selectable<LoanTable>['status'];
}

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

/**
 * Posts a repayment. The external id makes it idempotent: the same id with the same loan, date and
 * amount answers the original posting (duplicate: true) and writes nothing; the same id with
 * different content is a conflict. The loan row is locked, so a payment and a close-of-business
 * run on the same loan never interleave. A back-dated value date simply joins the history: the
 * replay recomputes every allocation and every day of 罚息 since.
 */
export async function postRepayment(db: Kysely<DB>, who: AuditWho, loanId: number, input: PaymentInput): Promise<PostedPayment> {
  return db.transaction().execute(async (trx) => {
    const loan = await trx.selectFrom('loan').select(['id', 'status', 'disbursement_date', 'branch_id']).where('id', '=', loanId).forUpdate().executeTakeFirst();
    if (!loan) throw new AppError('not-found');
    const existing = await trx.selectFrom('repayment').selectAll().where('external_id', '=', input.externalId).executeTakeFirst();
    const businessDate = await currentBusinessDate(trx);
    if (existing) {
      const same = existing.loan_id === loanId && existing.amount_fen === input.amountFen && existing.value_date === input.valueDate && existing.reverses_id === null;
      if (!same) {
        throw new AppError('conflict', t(`外部流水号 ${input.externalId} 已用于另一笔还款`, `external id ${input.externalId} was already used for a different repayment`), [
          { field: 'externalId', message: 'already used with different content' },
        ]);
      }
      const { state } = await replayAndStore(trx, loanId, businessDate);
      const allocation = state.allocations.find((a) => a.repaymentId === String(existing.id)) ?? null;
      const status = await trx.selectFrom('loan').select('status').where('id', '=', loanId).executeTakeFirstOrThrow();
      return { repaymentId: existing.id, duplicate: true, allocation, creditFen: state.creditFen, loanStatus: status.status };
    }
    if (input.valueDate > businessDate) {
      throw new AppError('validation', t('起息日不能晚于当前营业日', 'the value date cannot be after the business date'), [{ field: 'valueDate', message: `after the business date ${businessDate}` }]);
    }
    if (input.valueDate < loan.disbursement_date) {
      throw new AppError('validation', t('起息日早于放款日', 'the value date is before the disbursement'), [{ field: 'valueDate', message: `before the disbursement date ${loan.disbursement_date}` }]);
    }
    if (loan.status === 'written_off') throw new AppError('conflict', t('贷款已核销', 'the loan is written off'));
    const option = input.overpayment ?? 'credit';
    if (option !== 'credit' && input.valueDate !== businessDate) {
      throw new AppError('validation', t('提前还款只能以当前营业日起息', 'a prepayment takes effect on the business date only'), [{ field: 'valueDate', message: `must be ${businessDate} for a prepayment` }]);
    }
    const row = await trx
      .insertInto('repayment')
      .values({ loan_id: loanId, external_id: input.externalId, value_date: input.valueDate, amount_fen: input.amountFen, channel: input.channel, posted_by: who.name })
      .returning('id')
      .executeTakeFirstOrThrow();
    let { state } = await replayAndStore(trx, loanId, businessDate);
    const leftover = state.allocations.find((a) => a.repaymentId === String(row.id))?.toCreditFen ?? 0;
    if (option !== 'credit' && leftover > 0) {
      await writePrepaymentVersion(trx, loanId, row.id, input.valueDate, leftover, option);
      ({ state } = await replayAndStore(trx, loanId, businessDate));
    }
    const allocation = state.allocations.find((a) => a.repaymentId === String(row.id)) ?? null;
    const path = await trx.selectFrom('branch').select('path').where('id', '=', loan.branch_id).executeTakeFirstOrThrow();
    await recordAudit(trx, who, { action: 'repayment.post', entityType: 'loan', entityId: loanId, branchPath: path.path, after: { repaymentId: row.id, ...input, allocation } });
    const status = await trx.selectFrom('loan').select('status').where('id', '=', loanId).executeTakeFirstOrThrow();
    return { repaymentId: row.id, duplicate: false, allocation, creditFen: state.creditFen, loanStatus: status.status };
  });
}

/** Writes schedule version n+1 for a partial prepayment and points the loan and the payment at it. */
async function writePrepaymentVersion(trx: Kysely<DB>, loanId: number, repaymentId: number, paidOn: BusinessDate, prepaidFen: number, option: PrepaymentOption): Promise<void> {
  const loan = await trx.selectFrom('loan').selectAll().where('id', '=', loanId).executeTakeFirstOrThrow();
  const { terms } = await loadLedger(trx, loanId);
  let installments: Installment[];
  try {
    installments = reamortize({
      installments: terms.installments,
      annualRate: loan.annual_rate,
      method: loan.method,
      balloonFen: loan.balloon_fen,
      firstDueDate: loan.first_due_date as BusinessDate,
      paidOn,
      prepaidFen,
      option,
    });
  } catch (error) {
    if (error instanceof PrepaymentRefused) throw new AppError('validation', error.message, [{ field: 'overpayment', message: error.message }]);
    throw error;
  }
  // Withdrawn versions keep their rows and their numbers: the next one is above all of them.
  const { top } = await trx.selectFrom('installment').select((eb) => eb.fn.max<number>('version').as('top')).where('loan_id', '=', loanId).executeTakeFirstOrThrow();
  const version = Number(top) + 1;
  await insertInstallments(trx, installments.map((installment) => ({ loanId, version, installment })));
  await trx.updateTable('loan').set({ schedule_version: version }).where('id', '=', loanId).execute();
  await trx.insertInto('schedule_revision').values({ loan_id: loanId, version, previous_version: loan.schedule_version, cause: 'prepayment', repayment_id: repaymentId, option }).execute();
}

/** A reversal is a new row pointing at the original; the loan is then replayed without it. */
export async function reverseRepayment(db: Kysely<DB>, who: AuditWho, repaymentId: number, reason: string) {
  return db.transaction().execute(async (trx) => {
    const original = await trx.selectFrom('repayment').selectAll().where('id', '=', repaymentId).executeTakeFirst();
    if (!original) throw new AppError('not-found');
    await trx.selectFrom('loan').select('id').where('id', '=', original.loan_id).forUpdate().execute();
    if (original.reverses_id !== null) throw new AppError('conflict', t('冲正记录本身不能再冲正', 'a reversal cannot itself be reversed'));
    const already = await trx.selectFrom('repayment').select('id').where('reverses_id', '=', repaymentId).executeTakeFirst();
    if (already) throw new AppError('conflict', t('该笔还款已冲正', 'this repayment is already reversed'));
    const revision = await trx.selectFrom('schedule_revision').select(['version', 'previous_version']).where('repayment_id', '=', repaymentId).where('withdrawn_at', 'is', null).executeTakeFirst();
    if (revision) {
      // The prepayment's schedule version is withdrawn: the loan goes back to the one before it.
      const loan = await trx.selectFrom('loan').select('schedule_version').where('id', '=', original.loan_id).executeTakeFirstOrThrow();
      if (loan.schedule_version !== revision.version) throw new AppError('conflict', t('请先冲正之后的提前还款', 'reverse the later prepayment first'));
      await trx.updateTable('loan').set({ schedule_version: revision.previous_version }).where('id', '=', original.loan_id).execute();
      await trx.updateTable('schedule_revision').set({ withdrawn_at: sql<string>`now()` }).where('loan_id', '=', original.loan_id).where('version', '=', revision.version).execute();
    }
    const row = await trx
      .insertInto('repayment')
      .values({
        loan_id: original.loan_id,
        external_id: `${original.external_id}#reversal`,
        value_date: original.value_date,
        amount_fen: original.amount_fen,
        channel: original.channel,
        reverses_id: original.id,
        reason,
        posted_by: who.name,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { state } = await replayAndStore(trx, original.loan_id, await currentBusinessDate(trx));
    const path = await sql<{ path: string }>`SELECT b.path FROM loan l JOIN branch b ON b.id = l.branch_id WHERE l.id = ${original.loan_id}`.execute(trx);
    await recordAudit(trx, who, { action: 'repayment.reverse', entityType: 'loan', entityId: original.loan_id, branchPath: path.rows[0]?.path ?? null, before: { repaymentId }, after: { reversalId: row.id }, reason });
    return { reversalId: row.id, loanId: original.loan_id, creditFen: state.creditFen };
  });
}
