import { expect, it } from 'vitest';
import { addDays, parseBusinessDate } from '../../src/domain/business-date.js';
import { closeThrough } from '../../src/jobs/close-of-business.js';
import { runCollectionsForDate } from '../../src/modules/collections/run.js';
import { postRepayment } from '../../src/modules/loans/repayments.js';
import { quotePayoff } from '../../src/modules/loans/view.js';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld } from '../support/world.js';

const d = parseBusinessDate;
const who = { userId: null, name: 'test' };

describeEachDatabase('cases close when the loan is paid off or written off', (ctx) => {
  it('closes an overdue loan’s case on payoff and another’s on write-off, and a reminder’s case on payoff before its due date, cancelling their open tasks; the loan still overdue keeps its case', async () => {
    const w = await buildWorld(ctx.database);
    const { db } = w;
    const [paid, writtenOff, still] = [await makeLoan(ctx.database, w.branches.BJ.id), await makeLoan(ctx.database, w.branches.BJ.id), await makeLoan(ctx.database, w.branches.BJ.id)];
    // current, first due on 02-08: the reminder three days before opens a strategy case on 02-05
    const early = await makeLoan(ctx.database, w.branches.BJ.id, { firstDueDate: d('2026-02-08') });
    await setBusinessDate(ctx.database, '2026-01-27');
    for (let date = d('2026-01-27'); date <= d('2026-02-05'); date = addDays(date, 1)) {
      await closeThrough(db, date);
      await runCollectionsForDate(db, date);
    }
    const open = await db.selectFrom('collection_case').select(['id', 'loan_id', 'reason', 'anchor_due']).where('closed_on', 'is', null).orderBy('loan_id').execute();
    expect(open.map((c) => [c.loan_id, c.reason, c.anchor_due])).toEqual([
      // opened for the reminder before 01-31, kept open as the loans fell overdue
      [paid, 'strategy', '2026-01-31'],
      [writtenOff, 'strategy', '2026-01-31'],
      [still, 'strategy', '2026-01-31'],
      [early, 'strategy', '2026-02-08'],
    ]);

    // 02-06: two borrowers pay everything off at the counter, one of them before the due date the
    // reminder was about; another loan is written off (as an import of the core system's status does)
    for (const loan of [paid, early]) {
      const quote = await quotePayoff(db, loan, d('2026-02-06'));
      await postRepayment(db, who, loan, { externalId: `payoff-${loan}`, valueDate: d('2026-02-06'), amountFen: quote.totalFen, channel: 'counter' });
      expect((await db.selectFrom('loan').select('status').where('id', '=', loan).executeTakeFirstOrThrow()).status).toBe('paid_off');
    }
    await db.updateTable('loan').set({ status: 'written_off' }).where('id', '=', writtenOff).execute();
    await closeThrough(db, d('2026-02-06'));
    await runCollectionsForDate(db, d('2026-02-06'));

    const cases = await db.selectFrom('collection_case').select(['id', 'loan_id', 'closed_on', 'close_reason']).orderBy('loan_id').execute();
    expect(cases.map((c) => [c.loan_id, c.closed_on, c.close_reason])).toEqual([
      [paid, '2026-02-06', 'payoff'],
      [writtenOff, '2026-02-06', 'write_off'],
      [still, null, null],
      [early, '2026-02-06', 'payoff'],
    ]);
    const closedIds = cases.filter((c) => c.closed_on !== null).map((c) => c.id);
    const tasks = await db.selectFrom('collection_task').select(['case_id', 'status', 'cancelled_reason']).where('case_id', 'in', closedIds).execute();
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.filter((t) => t.status === 'open' || t.status === 'held')).toEqual([]);
    expect(tasks.filter((t) => t.status === 'cancelled').map((t) => t.cancelled_reason)).toContain('case_closed');
    const events = await db.selectFrom('collection_case_event').select(['case_id', 'kind', 'detail']).where('kind', '=', 'closed').orderBy('case_id').execute();
    expect(events.map((e) => [e.case_id, e.detail])).toEqual(closedIds.map((id, i) => [id, { reason: i === 1 ? 'write_off' : 'payoff' }]));
  }, 120_000);
});
