import { type Kysely, sql } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import { addDays, type BusinessDate } from '../../domain/business-date.js';
import { monthlyDueDate } from '../../domain/due-dates.js';
import { outstanding, replayLedger } from '../../domain/loan-ledger.js';
import { assessEligibility, DEFAULT_ELIGIBILITY, type HardshipCause } from '../../domain/restructuring/eligibility.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { loadLedger } from '../loans/ledger.js';
import { currentBusinessDate } from '../system/business-date.js';

export interface HardshipInput {
  cause: HardshipCause;
  evidence: string[];
  incomeNowFen: number;
  incomeAtApplicationFen?: number | undefined;
  willingness: 'strong' | 'some' | 'none';
  newBorrowingDeclared: boolean;
}

/** Records an assessment (append-only) with the eligibility rules' answer on the facts of today. */
export async function recordHardship(db: Kysely<DB>, who: AuditWho, loanId: number, input: HardshipInput) {
  return db.transaction().execute(async (trx) => {
    const loan = await trx.selectFrom('loan as l').innerJoin('branch as b', 'b.id', 'l.branch_id').select(['l.id', 'l.borrower_id', 'b.path']).where('l.id', '=', loanId).executeTakeFirst();
    if (!loan) throw new AppError('not-found');
    const on = await currentBusinessDate(trx);
    const declared = await trx
      .selectFrom('borrower_fact')
      .select('value')
      .where('borrower_id', '=', loan.borrower_id)
      .where('fact', '=', 'monthly_income_fen')
      .where('source', '=', 'application')
      .orderBy('effective_from')
      .orderBy('id')
      .executeTakeFirst();
    const incomeAtApplication = input.incomeAtApplicationFen ?? (declared ? Number(declared.value) : null);
    const since = monthlyDueDate(on, -DEFAULT_ELIGIBILITY.repeatWindowMonths);
    const earlier = await trx.selectFrom('restructuring').select((eb) => eb.fn.countAll<number>().as('n')).where('loan_id', '=', loanId).where('effective_on', '>=', since).executeTakeFirstOrThrow();
    const contacts = await sql<{ n: number }>`SELECT count(*)::int AS n FROM collection_contact WHERE loan_id = ${loanId} AND on_date >= ${addDays(on, -DEFAULT_ELIGIBILITY.contactWindowDays)}::date`.execute(trx);
    const ledger = await loadLedger(trx, loanId);
    const o = outstanding(replayLedger(ledger.terms, ledger.repayments, on));
    const eligibility = assessEligibility({
      cause: input.cause,
      incomeNowFen: input.incomeNowFen,
      incomeAtApplicationFen: incomeAtApplication,
      willingness: input.willingness,
      newBorrowingDeclared: input.newBorrowingDeclared,
      earlierRequests: Number(earlier.n),
      recentContacts: contacts.rows[0]?.n ?? 0,
      penaltyOwedFen: o.penaltyFen,
      arrearsFen: o.overduePrincipalFen + o.overdueInterestFen,
    });
    const row = await trx
      .insertInto('hardship_assessment')
      .values({
        loan_id: loanId,
        cause: input.cause,
        evidence: JSON.stringify(input.evidence),
        income_now_fen: input.incomeNowFen,
        income_at_application_fen: incomeAtApplication,
        willingness: input.willingness,
        new_borrowing_declared: input.newBorrowingDeclared,
        eligibility: JSON.stringify(eligibility),
        assessed_on: on,
        recorded_by: who.name,
        recorded_by_user_id: who.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, who, { action: 'hardship.assess', entityType: 'loan', entityId: loanId, branchPath: loan.path, after: { assessmentId: row.id, cause: input.cause, eligibility } });
    return { id: row.id, loanId, assessedOn: on as BusinessDate, incomeAtApplicationFen: incomeAtApplication, ...eligibility };
  });
}
