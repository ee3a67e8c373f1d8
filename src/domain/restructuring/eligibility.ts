/**
 * Which restructuring options fit a borrower's hardship, and signs of abuse, as data: the rules
 * suggest and flag, a person decides. Lenders are told to offer differentiated solutions to those
 * who want to pay but cannot for now, and to be strict with the malicious: an unwilling borrower
 * is not eligible, and repeated requests, new borrowing declared since, or no contact on record
 * are flagged for the checker to weigh.
 */
export const HARDSHIP_CAUSES = ['job_loss', 'illness', 'business_downturn', 'accident', 'disaster'] as const;
export type HardshipCause = (typeof HARDSHIP_CAUSES)[number];
export type OptionKind = 'extension' | 'rateReduction' | 'holiday' | 'reamortise' | 'capitaliseArrears' | 'waivePenalty';

export interface EligibilityRules {
  /** options that fit each cause, most suitable first */
  byCause: Record<HardshipCause, readonly OptionKind[]>;
  /** income now below this share of income at application: suggest lowering the payment too */
  severeIncomeDropShare: number;
  /** earlier requests within this many months count as repeats; more than `maxEarlierRequests` is refused */
  repeatWindowMonths: number;
  maxEarlierRequests: number;
  /** no contact with the borrower in this many days is a flag */
  contactWindowDays: number;
}

export const DEFAULT_ELIGIBILITY: EligibilityRules = {
  byCause: {
    job_loss: ['holiday', 'extension', 'waivePenalty'],
    illness: ['extension', 'holiday', 'waivePenalty'],
    business_downturn: ['extension', 'rateReduction', 'reamortise'],
    accident: ['holiday', 'extension', 'waivePenalty'],
    disaster: ['holiday', 'capitaliseArrears', 'waivePenalty'],
  },
  severeIncomeDropShare: 0.5,
  repeatWindowMonths: 12,
  maxEarlierRequests: 1,
  contactWindowDays: 90,
};

export interface HardshipFacts {
  cause: HardshipCause;
  incomeNowFen: number;
  incomeAtApplicationFen: number | null;
  willingness: 'strong' | 'some' | 'none';
  newBorrowingDeclared: boolean;
  /** restructuring requests on this loan within the repeat window, before this one */
  earlierRequests: number;
  /** contacts with the borrower (collections, follow-ups) within the contact window */
  recentContacts: number;
  /** 罚息 owed now, in fen */
  penaltyOwedFen: number;
  /** arrears (principal and interest due and unpaid), in fen */
  arrearsFen: number;
}

export interface Flag {
  code: 'repeated_request' | 'new_borrowing' | 'no_contact_history' | 'unwilling';
  zh: string;
  en: string;
}

export interface Eligibility {
  eligible: boolean;
  suggested: OptionKind[];
  flags: Flag[];
}

export function assessEligibility(f: HardshipFacts, rules: EligibilityRules = DEFAULT_ELIGIBILITY): Eligibility {
  const flags: Flag[] = [];
  if (f.willingness === 'none') flags.push({ code: 'unwilling', zh: '借款人无还款意愿', en: 'the borrower shows no willingness to pay' });
  if (f.earlierRequests > 0) flags.push({ code: 'repeated_request', zh: `${rules.repeatWindowMonths} 个月内已申请 ${f.earlierRequests} 次重组`, en: `${f.earlierRequests} earlier restructuring request(s) within ${rules.repeatWindowMonths} months` });
  if (f.newBorrowingDeclared) flags.push({ code: 'new_borrowing', zh: '近期申报了新增借款', en: 'new borrowing declared recently' });
  if (f.recentContacts === 0) flags.push({ code: 'no_contact_history', zh: `${rules.contactWindowDays} 天内无联系记录`, en: `no contact on record within ${rules.contactWindowDays} days` });

  const suggested = new Set<OptionKind>(rules.byCause[f.cause]);
  const severe = f.incomeAtApplicationFen !== null && f.incomeAtApplicationFen > 0 && f.incomeNowFen < f.incomeAtApplicationFen * rules.severeIncomeDropShare;
  if (severe) suggested.add('reamortise');
  if (f.incomeNowFen === 0) suggested.add('holiday');
  if (f.arrearsFen > 0) suggested.add('capitaliseArrears');
  if (f.penaltyOwedFen === 0) suggested.delete('waivePenalty');
  const eligible = f.willingness !== 'none' && f.earlierRequests <= rules.maxEarlierRequests;
  return { eligible, suggested: eligible ? [...suggested] : [], flags };
}
