import { expect, it } from 'vitest';
import { addDays, type BusinessDate, parseBusinessDate } from '../../src/domain/business-date.js';
import { closeThrough } from '../../src/jobs/close-of-business.js';
import { type EvaluationScope, factsToEvaluate, type LoanFacts } from '../../src/modules/collections/facts.js';
import { postRepayment } from '../../src/modules/loans/repayments.js';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld } from '../support/world.js';

const d = parseBusinessDate;
const who = { userId: null, name: 'test' };

// Which current loans fall due within a strategy's lead time, and on which dates, as the run reads
// them from the due dates close of business publishes beside each status (migration 0025).
describeEachDatabase('collections: the loans falling due within the lead time', (ctx) => {
  it('finds each current loan due within the lead time with its first two unpaid due dates, and no other', async () => {
    const w = await buildWorld(ctx.database);
    const { db } = w;
    const branch = w.branches.BJ.id;
    const dueToday = await makeLoan(ctx.database, branch);
    const paidOnDue = await makeLoan(ctx.database, branch);
    const later = await makeLoan(ctx.database, branch, { firstDueDate: d('2026-03-31') });
    const dues = async (loanId: number) => (await db.selectFrom('installment').select('due_date').where('loan_id', '=', loanId).orderBy('seq').execute()).map((r) => r.due_date);
    const [first, second] = await dues(dueToday);
    expect([first, second]).toEqual(['2026-01-31', '2026-02-28']);
    await setBusinessDate(ctx.database, '2026-01-20');
    await closeThrough(db, d('2026-01-30'));
    const [installment] = await db.selectFrom('installment').select(['principal_fen', 'interest_fen']).where('loan_id', '=', paidOnDue).orderBy('seq').limit(1).execute();
    await postRepayment(db, who, paidOnDue, { externalId: `due-${paidOnDue}`, valueDate: d('2026-01-31'), amountFen: installment!.principal_fen + installment!.interest_fen, channel: 'counter' });
    await closeThrough(db, d('2026-01-31'));
    const today = d('2026-01-31');

    const facts = async (lead: number, on: BusinessDate = today, scope: EvaluationScope = { openCases: true }) => {
      const found = new Map<number, LoanFacts>();
      await db.transaction().execute(async (trx) => {
        for await (const batch of factsToEvaluate(trx, on, lead, scope, 100, { strategies: '', skipSettled: false })) for (const f of batch) found.set(f.facts.loanId, f);
      });
      return found;
    };
    // three days ahead: the loan due today (its last derive was on the 20th), not the one paid
    // today (next due 2026-02-28) nor the one first due in March
    const near = await facts(3);
    expect([...near.keys()].filter((id) => [dueToday, paidOnDue, later].includes(id))).toEqual([dueToday]);
    expect(near.get(dueToday)!.standing).toMatchObject({ nextUnpaid: today, nextAfter: null });
    expect(near.get(dueToday)!.facts).toMatchObject({ dpd: 0, oldestUnpaidDue: today, nextDue: null });
    // thirty days ahead (a step at D−30): the due date after today is inside the window too
    const far = await facts(30);
    expect(far.get(dueToday)!.standing).toMatchObject({ nextUnpaid: today, nextAfter: second });
    expect(far.get(dueToday)!.facts).toMatchObject({ oldestUnpaidDue: today, nextDue: second });
    expect(far.get(paidOnDue)!.standing).toMatchObject({ nextUnpaid: second, nextAfter: second });
    expect(far.get(paidOnDue)!.facts).toMatchObject({ oldestUnpaidDue: null, nextDue: second });
    expect(far.has(later)).toBe(false);
    // the next day the unpaid one is overdue, anchored on its due date, and has no next due dates
    await closeThrough(db, addDays(today, 1));
    const next = await facts(30, addDays(today, 1), { branchPath: w.branches.BJ.path });
    expect(next.get(dueToday)!.facts).toMatchObject({ dpd: 1, oldestUnpaidDue: today, nextDue: null });
    expect(next.get(paidOnDue)!.facts).toMatchObject({ dpd: 0, nextDue: second });
    expect(next.has(later)).toBe(false);
  }, 60_000);
});
