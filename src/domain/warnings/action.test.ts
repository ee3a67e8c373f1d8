import { describe, expect, it } from 'vitest';
import { parseBusinessDate } from '../business-date.js';
import { ActionSchema, planAction } from './action.js';

const on = parseBusinessDate('2026-03-30');
const opened = { warningId: 41, indicatorCode: 'gps-tamper', loanId: 7, branchId: 2, openCaseId: null };

describe('what an opened warning starts', () => {
  it('a follow-up keyed by the warning, due at once and done within the days given', () => {
    expect(planAction({ kind: 'followup', channel: 'field', withinDays: 3 }, opened, on)).toEqual({ kind: 'followup', key: 'warning/41', trigger: 'warning:gps-tamper', channel: 'field', dueOn: '2026-03-30', doneBy: '2026-04-02' });
  });

  it('a collection step on the open case, or nothing (and why) on a loan with none', () => {
    const step = { kind: 'collection_step', action: 'call', forRole: 'branch_manager', withinDays: 2 } as const;
    expect(planAction(step, { ...opened, openCaseId: 9 }, on)).toEqual({ kind: 'collection_step', caseId: 9, decisionKey: 'warning/41', action: 'call', forRole: 'branch_manager', dueOn: '2026-04-01' });
    expect(planAction(step, opened, on)).toEqual({ kind: 'skipped', reason: 'no_open_case' });
  });

  it('refuses an action it cannot carry out', () => {
    expect(ActionSchema.safeParse({ kind: 'followup', channel: 'letter', withinDays: 3 }).success).toBe(false);
    expect(ActionSchema.safeParse({ kind: 'collection_step', action: 'call', forRole: 'collector', withinDays: 31 }).success).toBe(false);
    expect(ActionSchema.safeParse({ kind: 'email' }).success).toBe(false);
  });
});
