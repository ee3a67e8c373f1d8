import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyBranchOverride, BranchOverrideSchema, EVENT_TRIGGERS, HEAD_OFFICE_POLICY, RISK_GRADES } from './policy.js';

describe('branch follow-up policy', () => {
  it('a branch may tighten head office: sooner, more often, more field visits', () => {
    const r = applyBranchOverride(HEAD_OFFICE_POLICY, { afterDisbursementDays: 3, periodicMonthsByGrade: { C: 2 }, fieldVisit: { exposureFromFen: 30_000_000, grades: ['C', 'D', 'E'] } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.policy.afterDisbursementDays).toBe(3);
    expect(r.policy.periodicMonthsByGrade).toEqual({ A: 12, B: 6, C: 2, D: 2, E: 1 });
    expect(r.policy.fieldVisit).toEqual({ selfEmployed: true, smallBusinessOwner: true, exposureFromFen: 30_000_000, grades: ['C', 'D', 'E'] });
  });

  it('a branch may not loosen it, and every loosened field is named with both values', () => {
    const r = applyBranchOverride(HEAD_OFFICE_POLICY, {
      afterDisbursementDays: 10,
      periodicMonthsByGrade: { E: 3 },
      eventWithinDays: { first_installment_missed: 5 },
      fieldVisit: { selfEmployed: false, exposureFromFen: null, grades: ['E'] },
      slaDays: 6,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path.join('.'))).toEqual([
      'afterDisbursementDays',
      'slaDays',
      'periodicMonthsByGrade.E',
      'eventWithinDays.first_installment_missed',
      'fieldVisit.selfEmployed',
      'fieldVisit.exposureFromFen',
      'fieldVisit.grades',
    ]);
    expect(r.issues[0]!.en).toBe('afterDisbursementDays may not be laxer than head office (head office 7, branch 10)');
    expect(r.issues[0]!.zh).toBe('afterDisbursementDays 不能比总行标准宽松（总行 7，分行 10）');
  });

  it('refuses unknown fields in an override', () => {
    expect(BranchOverrideSchema.safeParse({ afterDisbursementDays: 3, skipFollowUps: true }).success).toBe(false);
  });

  it('property: whatever a branch asks, the result is never laxer than head office on any field', () => {
    const days = fc.option(fc.integer({ min: 1, max: 366 }), { nil: undefined });
    const months = fc.option(fc.integer({ min: 1, max: 24 }), { nil: undefined });
    fc.assert(
      fc.property(days, days, fc.record({ A: months, E: months }), fc.record({ telematics_alert: days }), (after, sla, periodic, events) => {
        const r = applyBranchOverride(HEAD_OFFICE_POLICY, JSON.parse(JSON.stringify({ afterDisbursementDays: after, slaDays: sla, periodicMonthsByGrade: periodic, eventWithinDays: events })));
        if (!r.ok) return;
        const p = r.policy;
        expect(p.afterDisbursementDays).toBeLessThanOrEqual(HEAD_OFFICE_POLICY.afterDisbursementDays);
        expect(p.slaDays).toBeLessThanOrEqual(HEAD_OFFICE_POLICY.slaDays);
        for (const g of RISK_GRADES) expect(p.periodicMonthsByGrade[g]).toBeLessThanOrEqual(HEAD_OFFICE_POLICY.periodicMonthsByGrade[g]);
        for (const e of EVENT_TRIGGERS) expect(p.eventWithinDays[e]).toBeLessThanOrEqual(HEAD_OFFICE_POLICY.eventWithinDays[e]);
      }),
    );
  });
});
