import { describe, expect, it } from 'vitest';
import { parseBusinessDate } from '../business-date.js';
import { dueFollowUps, type FollowUpFacts } from './due.js';
import { HEAD_OFFICE_POLICY } from './policy.js';

const d = parseBusinessDate;
const loan: FollowUpFacts = {
  loanId: 9,
  disbursementDate: d('2026-01-31'),
  riskGrade: null,
  outstandingPrincipalFen: 10_000_000,
  selfEmployed: false,
  smallBusinessOwner: false,
  lastCompletedOn: null,
  postDisbursementDone: false,
  events: [],
};

describe('due follow-ups', () => {
  it('a new loan owes a phone follow-up within 7 days of disbursement', () => {
    expect(dueFollowUps(HEAD_OFFICE_POLICY, loan, d('2026-01-30'))).toEqual([]);
    expect(dueFollowUps(HEAD_OFFICE_POLICY, loan, d('2026-01-31'))).toEqual([
      { key: 'post/9', loanId: 9, kind: 'post_disbursement', trigger: null, dueOn: '2026-01-31', doneBy: '2026-02-07', channel: 'phone', fieldReasons: [] },
    ]);
  });

  it('periodic follow-ups follow the grade, from the last completed one, month ends clamped', () => {
    const done = { ...loan, postDisbursementDone: true, lastCompletedOn: d('2026-01-31') };
    expect(dueFollowUps(HEAD_OFFICE_POLICY, done, d('2026-04-29'))).toEqual([]);
    expect(dueFollowUps(HEAD_OFFICE_POLICY, done, d('2026-04-30')).map((t) => [t.key, t.doneBy])).toEqual([['periodic/9/2026-04-30', '2026-05-05']]);
    expect(dueFollowUps(HEAD_OFFICE_POLICY, { ...done, riskGrade: 'E' }, d('2026-02-28')).map((t) => t.key)).toEqual(['periodic/9/2026-02-28']);
    expect(dueFollowUps(HEAD_OFFICE_POLICY, { ...done, riskGrade: 'A' }, d('2026-12-31'))).toEqual([]);
  });

  it('events raise follow-ups until one is completed after them; small score changes do not', () => {
    const withEvents = {
      ...loan,
      postDisbursementDone: true,
      lastCompletedOn: d('2026-03-01'),
      events: [
        { trigger: 'first_installment_missed' as const, on: d('2026-03-02'), ref: 'i1' },
        { trigger: 'contact_changed' as const, on: d('2026-02-20'), ref: 'f7' },
        { trigger: 'score_change' as const, on: d('2026-03-03'), ref: 's1', scoreDelta: -20 },
        { trigger: 'score_change' as const, on: d('2026-03-04'), ref: 's2', scoreDelta: -80 },
      ],
    };
    expect(dueFollowUps(HEAD_OFFICE_POLICY, withEvents, d('2026-03-05')).map((t) => [t.key, t.doneBy])).toEqual([
      ['event/9/first_installment_missed/2026-03-02/i1', '2026-03-05'],
      ['event/9/score_change/2026-03-04/s2', '2026-03-11'],
    ]);
  });

  it('field visits for the self-employed, large exposures and high grades, with the reasons', () => {
    const t = dueFollowUps(HEAD_OFFICE_POLICY, { ...loan, selfEmployed: true, outstandingPrincipalFen: 60_000_000, riskGrade: 'D' }, d('2026-02-01'))[0]!;
    expect([t.channel, t.fieldReasons]).toEqual(['field', ['self_employed', 'large_exposure', 'grade_D']]);
  });
});
