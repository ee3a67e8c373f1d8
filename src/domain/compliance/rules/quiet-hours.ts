import { addDays } from '../../business-date.js';
import type { Instant } from '../instant.js';
import { clockMs, formatLocal, localDate, localTimeOfDayMs, zonedInstant } from '../local-time.js';
import { CHANNEL_NAMES } from '../names.js';
import type { RuleOf } from '../pack.js';
import { notApplicable, pass, refuse, type RuleEnv, type Verdict } from './verdict.js';

/** [start, end) on the local clock; start > end runs past midnight; start = end is empty. */
export function inClockWindow(timeOfDayMs: number, startMs: number, endMs: number): boolean {
  if (startMs <= endMs) return timeOfDayMs >= startMs && timeOfDayMs < endMs;
  return timeOfDayMs >= startMs || timeOfDayMs < endMs;
}

/** The first instant after `after` at which the local clock reads `timeOfDayMs`. */
export function nextLocalClock(after: Instant, timeOfDayMs: number, timeZone: string): Instant {
  const today = localDate(after, timeZone);
  for (let days = 0; days <= 2; days++) {
    const candidate = zonedInstant(addDays(today, days), timeOfDayMs, timeZone);
    if (candidate > after) return candidate;
  }
  throw new Error(`no local ${timeOfDayMs} ms after ${after} in ${timeZone}`);
}

export function quietHours(params: RuleOf<'quiet-hours'>['params'], env: RuleEnv): Verdict {
  const { attempt, timeZone } = env;
  const span = `${params.start}–${params.end}`;
  const channel = CHANNEL_NAMES[attempt.channel];
  if (!params.channels.includes(attempt.channel)) return notApplicable(`${channel['zh-CN']}不受禁止时段限制`, `${channel['en-US']} are not limited by quiet hours`);
  const local = `${formatLocal(attempt.at, timeZone)} (${timeZone})`;
  const consents = params.honourConsent ? (env.context.consents ?? []).filter((c) => c.partyId === attempt.partyId && c.start !== c.end) : [];
  const quiet = (t: Instant) => inClockWindow(localTimeOfDayMs(t, timeZone), clockMs(params.start), clockMs(params.end));
  const consentAt = (t: Instant) => consents.find((c) => inClockWindow(localTimeOfDayMs(t, timeZone), clockMs(c.start), clockMs(c.end)));
  if (!quiet(attempt.at)) return pass(`当地时间 ${local} 不在禁止时段 ${span} 内`, `local time ${local} is outside the quiet hours ${span}`);
  const consented = consentAt(attempt.at);
  if (consented) {
    return pass(`当事人已同意在 ${consented.start}–${consented.end} 联系`, `the person agreed to contact ${consented.start}–${consented.end}`);
  }
  // the quiet hours end or a consented window opens; a window lost in a DST gap never opens
  const next = [params.end, ...consents.map((c) => c.start)]
    .map((clock) => nextLocalClock(attempt.at, clockMs(clock), timeZone))
    .filter((t) => !quiet(t) || consentAt(t) !== undefined)
    .reduce((a, b) => (b < a ? b : a));
  const at = formatLocal(next, timeZone);
  return refuse(next, `当地时间 ${local} 处于禁止催收时段 ${span}，最早 ${at} 可联系`, `local time ${local} is within the quiet hours ${span}; contact allowed from ${at}`);
}
