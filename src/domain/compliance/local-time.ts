import { type BusinessDate, fromDayNumber, toDayNumber } from '../business-date.js';
import { DAY_MS, type Instant, MINUTE_MS } from './instant.js';

/**
 * Local time at the contacted person's location, from the IANA database that ships with Node's
 * ICU (Intl.DateTimeFormat): no clock is read, so this is as pure as arithmetic. A "wall clock"
 * below is the local date and time written as if it were UTC epoch ms, which makes local dates
 * and times of day plain integer arithmetic on top of business-date.ts.
 */

export class InvalidTimeZone extends Error {
  constructor(readonly timeZone: string) {
    super(`not an IANA time zone: ${JSON.stringify(timeZone)}`);
    this.name = 'InvalidTimeZone';
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new InvalidTimeZone(timeZone);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** The local date and time at `instant`, as epoch-like ms. */
export function wallClockMs(instant: Instant, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const seconds = Date.UTC(fields.year!, fields.month! - 1, fields.day!, fields.hour!, fields.minute!, fields.second!);
  return seconds + (((instant % 1000) + 1000) % 1000);
}

export function localDate(instant: Instant, timeZone: string): BusinessDate {
  return fromDayNumber(Math.floor(wallClockMs(instant, timeZone) / DAY_MS));
}

/** Milliseconds since local midnight. */
export function localTimeOfDayMs(instant: Instant, timeZone: string): number {
  const wall = wallClockMs(instant, timeZone);
  return wall - Math.floor(wall / DAY_MS) * DAY_MS;
}

/**
 * The earliest instant at which the local clock reads `date` + `timeOfDayMs`. When that time is
 * skipped (spring forward) it is the first instant after the gap, the moment the clock passes it;
 * when it happens twice (fall back) it is the first. Zones change offset at most once within a
 * day either side, so the offsets a day before and a day after give every candidate.
 */
export function zonedInstant(date: BusinessDate, timeOfDayMs: number, timeZone: string): Instant {
  const wall = toDayNumber(date) * DAY_MS + timeOfDayMs;
  const offsetAt = (t: number) => wallClockMs(t as Instant, timeZone) - t;
  const candidates = [wall - offsetAt(wall - DAY_MS), wall - offsetAt(wall + DAY_MS)];
  const exact = candidates.filter((t) => wallClockMs(t as Instant, timeZone) === wall);
  if (exact.length > 0) return Math.min(...exact) as Instant;
  let lo = Math.min(...candidates);
  let hi = Math.max(...candidates);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallClockMs(mid as Instant, timeZone) >= wall) hi = mid;
    else lo = mid;
  }
  return hi as Instant;
}

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isClock(input: string): boolean {
  return CLOCK.test(input);
}

/** `"08:00"` → ms since midnight. */
export function clockMs(clock: string): number {
  const m = CLOCK.exec(clock);
  if (!m) throw new Error(`not a time of day HH:MM: ${JSON.stringify(clock)}`);
  return (Number(m[1]) * 60 + Number(m[2])) * MINUTE_MS;
}

/** `2024-03-10 08:00`, local, for explanations a collector reads. */
export function formatLocal(instant: Instant, timeZone: string): string {
  const wall = new Date(wallClockMs(instant, timeZone)).toISOString();
  return `${wall.slice(0, 10)} ${wall.slice(11, 16)}`;
}

/**
 * A contact day runs from the pack's day start (e.g. 08:00) to the next one, so caps "per day"
 * reset when contact may resume rather than at a midnight nobody may call in.
 */
export function contactDay(instant: Instant, timeZone: string, dayStartMs: number): BusinessDate {
  return fromDayNumber(Math.floor((wallClockMs(instant, timeZone) - dayStartMs) / DAY_MS));
}

export function contactDayStart(day: BusinessDate, timeZone: string, dayStartMs: number): Instant {
  return zonedInstant(day, dayStartMs, timeZone);
}
