import type { Rule } from '../pack.js';
import { afterConversation, callFrequency } from './call-frequency.js';
import { dailyConversations, unansweredPerNumber } from './daily-caps.js';
import { holdsRule } from './holds.js';
import { quietHours } from './quiet-hours.js';
import { thirdPartyGate } from './third-party.js';
import { collectorTraining } from './training.js';
import type { RuleEnv, Verdict } from './verdict.js';

type ParamsOf = { [R in Rule as R['code']]: R['params'] };

/** What each rule code means. A pack says which codes apply and with which numbers. */
export const RULES: { [C in keyof ParamsOf]: (params: ParamsOf[C], env: RuleEnv) => Verdict } = {
  'quiet-hours': quietHours,
  'daily-conversations': dailyConversations,
  'unanswered-per-number': unansweredPerNumber,
  'third-party-gate': thirdPartyGate,
  'call-frequency': callFrequency,
  'after-conversation': afterConversation,
  holds: holdsRule,
  'collector-training': collectorTraining,
};

export function evaluateRule<C extends keyof ParamsOf>(code: C, params: ParamsOf[C], env: RuleEnv): Verdict {
  return RULES[code](params, env);
}
