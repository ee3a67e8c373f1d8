import { type Kysely, sql } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB, RepaymentTable } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { currentBusinessDate } from '../system/business-date.js';
import { replayAndStore } from './ledger.js';

export interface PaymentInput {
  externalId: string;
  valueDate: BusinessDate;
  amountFen: number;
  channel: RepaymentTable['channel'];
}

export interface PostedPayment {
  repaymentId: number;
  duplicate: boolean;
  allocation: { lines: Array<{ seq: number; component: string; amountFen: number }>; toCreditFen: number } | null;
  creditFen: number;
  loanStatus: string;
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
    const row = await trx
      .insertInto('repayment')
      .values({ loan_id: loanId, external_id: input.externalId, value_date: input.valueDate, amount_fen: input.amountFen, channel: input.channel, posted_by: who.name })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { state } = await replayAndStore(trx, loanId, businessDate);
    const allocation = state.allocations.find((a) => a.repaymentId === String(row.id)) ?? null;
    const path = await trx.selectFrom('branch').select('path').where('id', '=', loan.branch_id).executeTakeFirstOrThrow();
    await recordAudit(trx, who, { action: 'repayment.post', entityType: 'loan', entityId: loanId, branchPath: path.path, after: { repaymentId: row.id, ...input, allocation } });
    const status = await trx.selectFrom('loan').select('status').where('id', '=', loanId).executeTakeFirstOrThrow();
    return { repaymentId: row.id, duplicate: false, allocation, creditFen: state.creditFen, loanStatus: status.status };
  });
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
