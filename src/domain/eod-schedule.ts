import { addDays, type BusinessDate, parseBusinessDate } from './business-date.js';

/**
 * Which business date a scheduled close of business closes through. The lender's day is the
 * calendar day where the lender is (Asia/Shanghai by default, UTC+8 all year), not the server's
 * and not UTC: a close that runs at 01:30 in Shanghai on the 23rd closes through the 22nd, though
 * it is still the 22nd in UTC. The instant comes in as an argument; nothing here reads a clock.
 */
export const DEFAULT_EOD_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for an IANA time zone name this runtime knows (`Asia/Shanghai`, `UTC`, …). */
export function isTimeZone(name: string): boolean {
  if (name.trim() === '') return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date of `instant` on the wall clocks of `timeZone`. */
export function calendarDateIn(instant: Date, timeZone: string): BusinessDate {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return parseBusinessDate(`${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`);
}

/** The last date a scheduled close at `instant` closes: the day before "today" in `timeZone`. */
export function eodThroughDate(instant: Date, timeZone: string = DEFAULT_EOD_TIME_ZONE): BusinessDate {
  return addDays(calendarDateIn(instant, timeZone), -1);
}
