import type { Outcome, PastAttempt } from '../contact.js';
import { PURPOSE_NAMES } from '../names.js';
import type { RuleOf } from '../pack.js';
import { notApplicable, pass, refuse, type RuleEnv, type Verdict } from './verdict.js';

/**
 * Third parties (emergency contacts, anyone else) may be contacted only when the debtor cannot be
 * reached, only to find the debtor or pass a message, never told about the debt, and never again
 * once they refuse. Waiting never lifts any of these, so a refusal here has no next instant.
 */

/** the debtor was not reached */
const FAILED: ReadonlySet<Outcome> = new Set(['no_answer', 'busy', 'voicemail', 'wrong_number', 'invalid_number', 'other_party_conversation', 'undelivered']);
/** the debtor was reached (refusing still means reachable) */
const REACHED: ReadonlySet<Outcome> = new Set(['right_party_conversation', 'refused']);

/** Failed attempts to the borrower since they were last reached; deliveries prove nothing either way. */
export function consecutiveFailedToDebtor(history: readonly PastAttempt[]): number {
  let failed = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i]!;
    if (h.party !== 'borrower') continue;
    if (REACHED.has(h.outcome)) break;
    if (FAILED.has(h.outcome)) failed++;
  }
  return failed;
}

export function thirdPartyGate(params: RuleOf<'third-party-gate'>['params'], env: RuleEnv): Verdict {
  const { attempt, history, context } = env;
  if (!params.parties.includes(attempt.party)) return notApplicable('联系对象不是第三方', 'the person is not a third party');
  const zh: string[] = [];
  const en: string[] = [];
  if (history.some((h) => h.partyId === attempt.partyId && h.outcome === 'refused')) {
    zh.push('该第三方已拒绝被联系，不得再联系');
    en.push('this third party refused contact and may not be contacted again');
  }
  if (attempt.disclosesDebt) {
    zh.push('不得向第三方透露债务信息，请改用不含欠款内容的话术');
    en.push('the debt may not be disclosed to a third party: use a script without it');
  }
  if (!params.purposes.includes(attempt.purpose)) {
    zh.push(`联系第三方仅限于${params.purposes.map((p) => PURPOSE_NAMES[p]['zh-CN']).join('、')}`);
    en.push(`a third party may be contacted only for ${params.purposes.map((p) => PURPOSE_NAMES[p]['en-US']).join(' or ')}`);
  }
  const failed = consecutiveFailedToDebtor(history);
  const unreachable = context.debtorUnreachable === true || failed >= params.failedAttemptsToDebtor;
  if (!unreachable) {
    zh.push(`债务人未失联（连续未联系上 ${failed} 次，需 ${params.failedAttemptsToDebtor} 次）`);
    en.push(`the debtor is not unreachable (${failed} consecutive failed attempts, ${params.failedAttemptsToDebtor} needed)`);
  }
  if (zh.length > 0) return refuse(null, zh.join('；'), en.join('; '));
  return pass(
    context.debtorUnreachable === true ? '债务人已失联，联系目的与话术合规' : `连续 ${failed} 次未联系上债务人，联系目的与话术合规`,
    context.debtorUnreachable === true ? 'the debtor is unreachable; purpose and script comply' : `${failed} consecutive failed attempts to the debtor; purpose and script comply`,
  );
}
