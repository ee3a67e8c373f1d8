import { beforeAll, expect, it } from 'vitest';
import { publishIndicator } from '../../src/modules/warnings/indicators.js';
import { runWarningsForDate } from '../../src/modules/warnings/run.js';
import { describeEachDatabase } from '../support/databases.js';
import { buildWorld, call, unique, type World } from '../support/world.js';
import { day, financedVehicle, setLoanStatus } from './support.js';

describeEachDatabase('early warnings that act', (ctx) => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(ctx.database);
  });

  it('a GPS tamper sends someone to the borrower: a field follow-up keyed by the warning, started once', async () => {
    const { loanId, vehicleId } = await financedVehicle(w.db, w.branches.BJ.id, { disbursed: '2025-01-01' });
    await setLoanStatus(w.db, loanId, '2026-01-10', { outstandingFen: 10_000_000 });
    await w.db
      .insertInto('telematics_alert')
      .values({ key: unique('tamper/'), rule_code: 'tamper', kind: 'tamper', severity: 'critical', device_id: 'GPS-T1', vehicle_id: vehicleId, loan_id: loanId, branch_id: w.branches.BJ.id, at: '2026-01-09T03:00:00Z', evidence: '{}', message_zh: '拆除', message_en: 'tamper' })
      .execute();
    await runWarningsForDate(w.db, day('2026-01-10'));
    await setLoanStatus(w.db, loanId, '2026-01-11', { outstandingFen: 10_000_000 });
    await runWarningsForDate(w.db, day('2026-01-10'));
    await runWarningsForDate(w.db, day('2026-01-11'));
    const alert = await w.db.selectFrom('warning_alert').select(['id', 'action_result']).where('loan_id', '=', loanId).where('indicator_code', '=', 'gps-tamper').executeTakeFirstOrThrow();
    const tasks = await w.db.selectFrom('followup_task').select(['id', 'key', 'kind', 'trigger', 'channel', 'due_on', 'done_by', 'status']).where('loan_id', '=', loanId).execute();
    expect(tasks).toEqual([{ id: expect.any(Number), key: `warning/${alert.id}`, kind: 'event', trigger: 'warning:gps-tamper', channel: 'field', due_on: '2026-01-10', done_by: '2026-01-13', status: 'open' }]);
    expect(alert.action_result).toEqual({ kind: 'followup', channel: 'field', taskId: tasks[0]!.id, doneBy: '2026-01-13' });
    // the inbox shows what the warning started
    const risk = (await w.session('HO', ['risk_officer'])).cookie;
    const inbox = await call(w.app, 'GET', `/api/v1/warnings?loanId=${loanId}`, { cookie: risk });
    expect(inbox.body.items[0]).toMatchObject({ indicator: 'gps-tamper', actionResult: { kind: 'followup', taskId: tasks[0]!.id } });
  });

  it('a collection step goes on the open case, and is skipped, saying why, on a loan with none', async () => {
    const who = { userId: null, name: 'test' };
    await publishIndicator(
      w.db,
      who,
      { code: 'long-arrears', nameZh: '长期逾期', nameEn: 'Long arrears', expression: 'dpd >= 45', severity: 'high', products: ['commercial'], effectiveFrom: '2025-01-01', action: { kind: 'collection_step', action: 'field_visit', forRole: 'collector', withinDays: 2 } },
      '测试 test',
      'en-US',
    );
    const withCase = await financedVehicle(w.db, w.branches.BJ.id, { disbursed: '2025-01-01', product: 'commercial' });
    const without = await financedVehicle(w.db, w.branches.BJ.id, { disbursed: '2025-01-01', product: 'commercial' });
    const kase = await w.db.insertInto('collection_case').values({ loan_id: withCase.loanId, opened_on: '2026-01-01', reason: 'overdue' }).returning('id').executeTakeFirstOrThrow();
    for (const l of [withCase, without]) await setLoanStatus(w.db, l.loanId, '2026-02-20', { outstandingFen: 10_000_000, dpd: 50 });
    await runWarningsForDate(w.db, day('2026-02-20'));
    await runWarningsForDate(w.db, day('2026-02-20'));
    const step = await w.db.selectFrom('collection_task').select(['id', 'case_id', 'kind', 'action', 'for_role', 'decision_key', 'status']).where('loan_id', '=', withCase.loanId).execute();
    const [opened] = await w.db.selectFrom('warning_alert').select(['id', 'action_result']).where('loan_id', '=', withCase.loanId).where('indicator_code', '=', 'long-arrears').execute();
    expect(step).toEqual([{ id: expect.any(Number), case_id: kase.id, kind: 'warning', action: 'field_visit', for_role: 'collector', decision_key: `warning/${opened!.id}`, status: 'open' }]);
    expect(opened!.action_result).toEqual({ kind: 'collection_step', action: 'field_visit', forRole: 'collector', caseId: kase.id, taskId: step[0]!.id });
    const skipped = await w.db.selectFrom('warning_alert').select('action_result').where('loan_id', '=', without.loanId).where('indicator_code', '=', 'long-arrears').executeTakeFirstOrThrow();
    expect(skipped.action_result).toEqual({ kind: 'collection_step', skipped: 'no_open_case' });
    expect(await w.db.selectFrom('collection_task').select('id').where('loan_id', '=', without.loanId).execute()).toEqual([]);
  });
});
