import { type Kysely, sql } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { checkPromise, InvalidPromise, type PromiseToPay, validatePromise } from '../../domain/collections/promise.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { currentBusinessDate } from '../system/business-date.js';
import { openCaseForUpdate } from './case-lookup.js';
import { rowsOf } from './sql-rows.js';

/**
 * Head office's promise policy: a day's grace after each promised date, no shortfall forgiven.
 * Collectors record what the borrower promised; they do not set the policy.
 */
export const PROMISE_POLICY = { graceDays: 1, toleranceFen: 0 } as const;

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

export interface PromiseInput {
  instalments: { dueDate: BusinessDate; amountFen: number }[];
  contactId?: number | undefined;
}

/** Records a promise made today (the business date); a newer promise replaces an active one. */
export async function recordPromise(db: Kysely<DB>, who: AuditWho, caseId: number, input: PromiseInput) {
  return db.transaction().execute(async (trx) => {
    const c = await openCaseForUpdate(trx, caseId);
    const madeOn = await currentBusinessDate(trx);
    const promise: PromiseToPay = { madeOn, instalments: input.instalments, ...PROMISE_POLICY };
    try {
      validatePromise(promise);
    } catch (e) {
      if (e instanceof InvalidPromise) throw new AppError('validation', t('承诺还款不合法', 'The promise is not valid'), [{ field: e.field, message: e.message }]);
      throw e;
    }
    if (input.contactId !== undefined) {
      const contact = await trx.selectFrom('collection_contact').select('id').where('id', '=', input.contactId).where('case_id', '=', caseId).where('status', '=', 'made').executeTakeFirst();
      if (!contact) throw new AppError('validation', t('该联络记录不属于此案件', 'That contact is not one of this case'), [{ field: 'contactId', message: 'not a contact of this case' }]);
    }
    const replaced = await trx.updateTable('collection_promise').set({ state: 'superseded' }).where('case_id', '=', caseId).where('state', '=', 'active').returning('id').execute();
    const totalFen = input.instalments.reduce((s, x) => s + x.amountFen, 0);
    const row = await trx
      .insertInto('collection_promise')
      .values({
        case_id: caseId,
        loan_id: c.loan_id,
        contact_id: input.contactId ?? null,
        made_on: madeOn,
        instalments: JSON.stringify(input.instalments),
        total_fen: totalFen,
        grace_days: PROMISE_POLICY.graceDays,
        tolerance_fen: PROMISE_POLICY.toleranceFen,
        recorded_by_user_id: who.userId,
        recorded_by: who.name,
      })
      .returning(['id', 'made_on', 'state'])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('collection_case_event')
      .values({ case_id: caseId, loan_id: c.loan_id, business_date: madeOn, kind: 'promise_made', detail: JSON.stringify({ promiseId: row.id, totalFen, replaced: replaced.map((r) => r.id) }) })
      .execute();
    await recordAudit(trx, who, { action: 'collection.promise', entityType: 'collection_case', entityId: caseId, branchPath: c.path, after: { promiseId: row.id, instalments: input.instalments } });
    return { id: row.id, caseId, loanId: c.loan_id, madeOn: row.made_on, state: row.state, totalFen, instalments: input.instalments, ...PROMISE_POLICY, replaced: replaced.map((r) => r.id) };
  });
}

interface ActivePromise {
  id: number;
  case_id: number;
  loan_id: number;
  made_on: string;
  instalments: { dueDate: BusinessDate; amountFen: number }[];
  grace_days: number;
  tolerance_fen: number;
  payments: { valueDate: BusinessDate; amountFen: number }[] | null;
}

/**
 * Each close checks every active promise against the loan's payments since it was made (a
 * reversed payment and its reversal both left out), and records the promises kept or broken with
 * an event on the case; the strategy sees the new state when it evaluates next.
 */
export async function checkPromises(trx: Kysely<DB>, date: BusinessDate): Promise<{ active: number; kept: number; broken: number }> {
  const { rows } = await sql<ActivePromise>`
    SELECT p.id, p.case_id, p.loan_id, p.made_on, p.instalments, p.grace_days, p.tolerance_fen,
           (SELECT json_agg(json_build_object('valueDate', r.value_date, 'amountFen', r.amount_fen) ORDER BY r.value_date)
              FROM repayment r
             WHERE r.loan_id = p.loan_id AND r.value_date >= p.made_on AND r.value_date <= ${date} AND r.reverses_id IS NULL
               AND NOT EXISTS (SELECT 1 FROM repayment x WHERE x.reverses_id = r.id)) AS payments
      FROM collection_promise p WHERE p.state = 'active'`.execute(trx);
  const settled: { id: number; caseId: number; loanId: number; state: 'kept' | 'broken'; brokenOn: string | null; detail: string }[] = [];
  for (const p of rows) {
    const check = checkPromise({ madeOn: p.made_on as BusinessDate, instalments: p.instalments, graceDays: p.grace_days, toleranceFen: p.tolerance_fen }, p.payments ?? [], date);
    if (check.state === 'active') continue;
    settled.push({ id: p.id, caseId: p.case_id, loanId: p.loan_id, state: check.state, brokenOn: check.brokenOn, detail: JSON.stringify({ promiseId: p.id, brokenOn: check.brokenOn, instalments: check.instalments }) });
  }
  if (settled.length > 0) {
    const u = rowsOf<(typeof settled)[number]>(
      [
        ['id', 'bigint', (r) => r.id],
        ['case_id', 'bigint', (r) => r.caseId],
        ['loan_id', 'bigint', (r) => r.loanId],
        ['state', 'text', (r) => r.state],
        ['broken_on', 'date', (r) => r.brokenOn],
        ['detail', 'jsonb', (r) => r.detail],
      ],
      settled,
    );
    await sql`
      WITH changed AS (
        UPDATE collection_promise p SET state = u.state, broken_on = u.broken_on, settled_on = ${date}
          FROM ${u} u WHERE p.id = u.id AND p.state = 'active'
        RETURNING p.id
      )
      INSERT INTO collection_case_event (case_id, loan_id, business_date, kind, detail)
      SELECT u.case_id, u.loan_id, ${date}, 'promise_' || u.state, u.detail::jsonb FROM ${u} u JOIN changed ON changed.id = u.id`.execute(trx);
  }
  return { active: rows.length, kept: settled.filter((s) => s.state === 'kept').length, broken: settled.filter((s) => s.state === 'broken').length };
}
