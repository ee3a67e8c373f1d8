import { expect, it } from 'vitest';
import { addDays, type BusinessDate, parseBusinessDate } from '../../src/domain/business-date.js';
import { replayLedger } from '../../src/domain/loan-ledger.js';
import { closeBusinessDate, type EodOptions } from '../../src/jobs/close-of-business.js';
import { FAULT_POINTS, InjectedFault } from '../../src/jobs/eod-common.js';
import { loadLedger } from '../../src/modules/loans/ledger.js';
import { postRepayment } from '../../src/modules/loans/repayments.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { publishedState } from './eod-state.js';

const who = { userId: null, name: 'test' };
const START = parseBusinessDate('2026-01-31');
const END = parseBusinessDate('2026-04-02');
/** Payments by value date: [loan index, amount in fen]. Loan 0 never pays; 5 pays nothing after its first. */
const PAYMENTS: Record<string, Array<[number, number]>> = {
  '2026-01-31': [[1, 304219], [2, 304219], [5, 304219]],
  '2026-02-28': [[2, 304219]],
  '2026-03-10': [[3, 100000], [1, 304219]],
  '2026-03-31': [[2, 304219], [4, 700000], [1, 304219]],
};
// Small chunks, so a run has several and a fault can fall between them.
const OPTIONS: EodOptions = { chunkSize: 2 };

async function buildBook(database: TestDatabase): Promise<number[]> {
  await setBusinessDate(database, START);
  const ids: number[] = [];
  for (let k = 0; k < 6; k++) ids.push(await makeLoan(database, 1));
  return ids;
}

/** Posts the day's payments, then closes the day; `closeDay` may fail first and retry. */
async function walk(database: TestDatabase, ids: number[], closeDay: (date: BusinessDate, index: number) => Promise<void>): Promise<void> {
  for (let date = START, k = 0; date <= END; date = addDays(date, 1), k++) {
    for (const [loan, amountFen] of PAYMENTS[date] ?? []) {
      await postRepayment(database.db, who, ids[loan] ?? 0, { externalId: `${date}-${loan}`, valueDate: date, amountFen, channel: 'counter' });
    }
    await closeDay(date, k);
  }
}

describeEachDatabase('close of business runs', (ctx) => {
  it('accrues 罚息 day by day to what a replay of the ledger charges, and derives only loans whose state can change', async () => {
    const database = ctx.database;
    const ids = await buildBook(database);
    await walk(database, ids, async (date) => void (await closeBusinessDate(database.db, date, OPTIONS)));
    const { db } = database;
    let overdueInstallments = 0;
    for (const id of ids) {
      const ledger = await loadLedger(db, id);
      const replayed = replayLedger(ledger.terms, ledger.repayments, END);
      const stored = await db.selectFrom('installment as i').innerJoin('loan as l', (j) => j.onRef('l.id', '=', 'i.loan_id').onRef('l.schedule_version', '=', 'i.version')).select(['i.seq', 'i.penalty_fen']).where('i.loan_id', '=', id).orderBy('i.seq').execute();
      expect(stored.map((s) => s.penalty_fen), `loan ${id}`).toEqual(replayed.installments.map((i) => i.penaltyFen));
      overdueInstallments += replayed.installments.filter((i) => i.state === 'overdue').length;
    }
    expect(overdueInstallments).toBeGreaterThan(5);
    // Loan 0 has had 罚息 since February: 3,042.19 overdue for 30 days at 9 % is 22.82 (issue 3's vector).
    const first = await db.selectFrom('installment').select('penalty_fen').where('loan_id', '=', ids[0] ?? 0).where('seq', '=', 1).executeTakeFirstOrThrow();
    expect(first.penalty_fen).toBeGreaterThan(2282);

    // 2026-02-10: nothing falls due and nobody pays; only the overdue loans (0, 3 and 4) are looked at.
    const run = await db.selectFrom('eod_run').select('steps').where('business_date', '=', '2026-02-10').executeTakeFirstOrThrow();
    const derive = (run.steps as Array<{ step: string; rows: number }>).find((s) => s.step === 'derive');
    expect(derive?.rows).toBe(3);
    expect(await db.selectFrom('eod_dirty').select('loan_id').execute()).toEqual([]);
  }, 120_000);

  it('leaves nothing half-written when a run fails at any step, and a rerun completes it exactly as an unbroken run', async () => {
    const broken = await createTestDatabase(ctx.kind);
    const reference = await createTestDatabase(ctx.kind);
    try {
      const brokenIds = await buildBook(broken);
      const referenceIds = await buildBook(reference);
      expect(brokenIds).toEqual(referenceIds);
      await walk(reference, referenceIds, async (date) => void (await closeBusinessDate(reference.db, date, OPTIONS)));
      const failures: string[] = [];
      await walk(broken, brokenIds, async (date, k) => {
        const point = FAULT_POINTS[k % FAULT_POINTS.length] ?? 'plan';
        const before = await publishedState(broken.db, { penalties: false });
        const failed = await closeBusinessDate(broken.db, date, { ...OPTIONS, faultAt: point }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(failed, point).toBeInstanceOf(InjectedFault);
        // the published state and the business date are exactly as before the run
        expect(await publishedState(broken.db, { penalties: false }), point).toEqual(before);
        const run = await broken.db.selectFrom('eod_run').select(['status', 'error']).where('business_date', '=', date).executeTakeFirst();
        if (point !== 'plan') expect(run, point).toEqual({ status: 'failed', error: `fault injected at ${point}` });
        failures.push(point);
        await closeBusinessDate(broken.db, date, OPTIONS);
      });
      expect(new Set(failures)).toEqual(new Set(FAULT_POINTS));
      expect(await publishedState(broken.db)).toEqual(await publishedState(reference.db));
    } finally {
      await broken.drop();
      await reference.drop();
    }
  }, 240_000);
});
