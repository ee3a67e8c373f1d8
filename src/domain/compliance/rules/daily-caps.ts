import { addDays } from '../../business-date.js';
import type { Outcome } from '../contact.js';
import { contactDay, contactDayStart, formatLocal } from '../local-time.js';
import { CHANNEL_NAMES, PARTY_NAMES } from '../names.js';
import type { RuleOf } from '../pack.js';
import { notApplicable, pass, refuse, type RuleEnv, type Verdict } from './verdict.js';

/** Caps per contact day in the contacted person's local time; both reset at the next day start. */

const UNANSWERED: ReadonlySet<Outcome> = new Set(['no_answer', 'busy', 'voicemail']);

function nextDay(env: RuleEnv) {
  const today = contactDay(env.attempt.at, env.timeZone, env.dayStartMs);
  const next = contactDayStart(addDays(today, 1), env.timeZone, env.dayStartMs);
  return { today, next, nextText: formatLocal(next, env.timeZone) };
}

export function dailyConversations(params: RuleOf<'daily-conversations'>['params'], env: RuleEnv): Verdict {
  const { attempt } = env;
  const channel = CHANNEL_NAMES[attempt.channel];
  const party = PARTY_NAMES[attempt.party];
  if (!params.channels.includes(attempt.channel)) return notApplicable(`${channel['zh-CN']}不计入通话次数`, `${channel['en-US']} do not count as conversations`);
  if (!params.parties.includes(attempt.party)) return notApplicable(`${party['zh-CN']}不受每日通话上限约束`, `the ${party['en-US']} is not under the daily conversation cap`);
  const { today, next, nextText } = nextDay(env);
  const count = env.history.filter(
    (h) =>
      h.partyId === attempt.partyId &&
      h.outcome === 'right_party_conversation' &&
      params.channels.includes(h.channel) &&
      contactDay(h.at, env.timeZone, env.dayStartMs) === today,
  ).length;
  if (count < params.max) return pass(`当日有效通话 ${count}/${params.max} 次`, `${count} of ${params.max} conversations today`);
  return refuse(
    next,
    `当日已与本人有效通话 ${count} 次（上限 ${params.max} 次，含委外机构），${nextText} 起可再联系`,
    `${count} conversations with this person today (limit ${params.max}, agencies included); next from ${nextText}`,
  );
}

export function unansweredPerNumber(params: RuleOf<'unanswered-per-number'>['params'], env: RuleEnv): Verdict {
  const { attempt } = env;
  const channel = CHANNEL_NAMES[attempt.channel];
  if (!params.channels.includes(attempt.channel)) return notApplicable(`${channel['zh-CN']}不计入单号码未接通次数`, `${channel['en-US']} are not counted per number`);
  if (attempt.number === undefined) return refuse(null, '未提供号码，无法核对单号码每日拨打上限', 'no number given: the per-number daily cap cannot be checked');
  const { today, next, nextText } = nextDay(env);
  const count = env.history.filter(
    (h) =>
      h.number === attempt.number &&
      UNANSWERED.has(h.outcome) &&
      params.channels.includes(h.channel) &&
      contactDay(h.at, env.timeZone, env.dayStartMs) === today,
  ).length;
  if (count < params.max) return pass(`该号码当日未接通 ${count}/${params.max} 次`, `${count} of ${params.max} unanswered attempts to this number today`);
  return refuse(
    next,
    `该号码当日已 ${count} 次未接通（上限 ${params.max} 次），${nextText} 起可再拨打`,
    `${count} unanswered attempts to this number today (limit ${params.max}); next from ${nextText}`,
  );
}
