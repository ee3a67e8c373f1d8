import { addDays, fromDayNumber, toDayNumber } from '../../business-date.js';
import type { Outcome } from '../contact.js';
import { contactDay, contactDayStart, formatLocal } from '../local-time.js';
import { CHANNEL_NAMES } from '../names.js';
import type { RuleOf } from '../pack.js';
import { notApplicable, pass, refuse, type RuleEnv, type Verdict } from './verdict.js';

/**
 * Regulation F §1006.14(b)(2): a call to a person about a debt is presumed harassing if placed
 * more than 7 times within 7 consecutive days, or within 7 days after a telephone conversation,
 * "the date of the telephone conversation [being] the first day of the seven-consecutive-day
 * period". Days are the person's local calendar days. Calls that never reached the dialled number
 * (busy, not in service) do not count, §1006.14(b)(3)(ii).
 */

const NOT_CONNECTED: ReadonlySet<Outcome> = new Set(['busy', 'invalid_number']);

export function callFrequency(params: RuleOf<'call-frequency'>['params'], env: RuleEnv): Verdict {
  const { attempt, timeZone, dayStartMs } = env;
  const channel = CHANNEL_NAMES[attempt.channel];
  if (!params.channels.includes(attempt.channel)) return notApplicable(`${channel['zh-CN']}不计入呼叫频次`, `${channel['en-US']} do not count as calls`);
  const today = toDayNumber(contactDay(attempt.at, timeZone, dayStartMs));
  const days = env.history
    .filter((h) => h.partyId === attempt.partyId && params.channels.includes(h.channel) && !NOT_CONNECTED.has(h.outcome))
    .map((h) => toDayNumber(contactDay(h.at, timeZone, dayStartMs)))
    .filter((day) => day > today - params.days)
    .sort((a, b) => b - a);
  if (days.length < params.max) return pass(`${params.days} 日内呼叫 ${days.length}/${params.max} 次`, `${days.length} of ${params.max} calls within ${params.days} days`);
  // the window must slide past the day of the max-th most recent call
  const oldestCounted = days[params.max - 1]!;
  const next = contactDayStart(fromDayNumber(oldestCounted + params.days), timeZone, dayStartMs);
  const nextText = formatLocal(next, timeZone);
  return refuse(
    next,
    `连续 ${params.days} 日内已呼叫 ${days.length} 次（上限 ${params.max} 次），${nextText} 起可再呼叫`,
    `${days.length} calls within ${params.days} consecutive days (limit ${params.max}); next call from ${nextText}`,
  );
}

export function afterConversation(params: RuleOf<'after-conversation'>['params'], env: RuleEnv): Verdict {
  const { attempt, timeZone, dayStartMs } = env;
  const channel = CHANNEL_NAMES[attempt.channel];
  if (!params.channels.includes(attempt.channel)) return notApplicable(`${channel['zh-CN']}不受通话后间隔限制`, `${channel['en-US']} are not limited after a conversation`);
  const conversations = env.history.filter((h) => h.partyId === attempt.partyId && params.channels.includes(h.channel) && h.outcome === 'right_party_conversation');
  const last = conversations.at(-1);
  if (!last) return pass('此前无通话', 'no earlier conversation');
  const conversationDay = contactDay(last.at, timeZone, dayStartMs);
  const firstFree = addDays(conversationDay, params.days);
  if (toDayNumber(contactDay(attempt.at, timeZone, dayStartMs)) >= toDayNumber(firstFree)) {
    return pass(`上次通话在 ${conversationDay}，已满 ${params.days} 日`, `last conversation on ${conversationDay}, ${params.days} days have passed`);
  }
  const next = contactDayStart(firstFree, timeZone, dayStartMs);
  const nextText = formatLocal(next, timeZone);
  return refuse(
    next,
    `${conversationDay} 已与本人通话（当日为第 1 日），${params.days} 日内不得再呼叫，${nextText} 起可呼叫`,
    `a conversation on ${conversationDay} (day 1) bars calls for ${params.days} days; next call from ${nextText}`,
  );
}
