import { describe, expect, it } from 'vitest';
import { assessEligibility, DEFAULT_ELIGIBILITY, type HardshipFacts } from './eligibility.js';

const ill: HardshipFacts = { cause: 'illness', incomeNowFen: 600_000, incomeAtApplicationFen: 1_500_000, willingness: 'strong', newBorrowingDeclared: false, earlierRequests: 0, recentContacts: 3, penaltyOwedFen: 2_282, arrearsFen: 608_000 };

describe('hardship eligibility', () => {
  it('suggests the cause\'s options, plus re-amortisation for a severe income drop and capitalising arrears when there are some', () => {
    const e = assessEligibility(ill);
    expect(e).toEqual({ eligible: true, suggested: ['extension', 'holiday', 'waivePenalty', 'reamortise', 'capitaliseArrears'], flags: [] });
  });

  it('does not suggest a waiver with no 罚息 owed, nor re-amortisation when income held up', () => {
    const e = assessEligibility({ ...ill, incomeNowFen: 1_000_000, penaltyOwedFen: 0, arrearsFen: 0 });
    expect(e.suggested).toEqual(['extension', 'holiday']);
  });

  it('a holiday for no income at all, whatever the cause', () => {
    expect(assessEligibility({ ...ill, cause: 'business_downturn', incomeNowFen: 0 }).suggested).toContain('holiday');
  });

  it('flags likely abuse but leaves the judgement to the checker', () => {
    const e = assessEligibility({ ...ill, earlierRequests: 1, newBorrowingDeclared: true, recentContacts: 0 });
    expect(e.eligible).toBe(true);
    expect(e.flags.map((f) => f.code)).toEqual(['repeated_request', 'new_borrowing', 'no_contact_history']);
  });

  it('refuses the unwilling and those past the repeat limit', () => {
    expect(assessEligibility({ ...ill, willingness: 'none' })).toMatchObject({ eligible: false, suggested: [], flags: [{ code: 'unwilling' }] });
    expect(assessEligibility({ ...ill, earlierRequests: DEFAULT_ELIGIBILITY.maxEarlierRequests + 1 }).eligible).toBe(false);
    expect(assessEligibility({ ...ill, earlierRequests: 2 }, { ...DEFAULT_ELIGIBILITY, maxEarlierRequests: 2 }).eligible).toBe(true);
  });
});
