/**
 * Business dates are calendar days as `YYYY-MM-DD` strings, never `Date`: a `Date` is an instant
 * and shifts with the time zone, while a due date or a close-of-business date is the same day
 * everywhere. Arithmetic goes through a day number (days since 1970-01-01, proleptic Gregorian)
 * computed with Howard Hinnant's civil-date algorithms, so no clock or time zone is involved.
 */
export type BusinessDate = string & { readonly __brand: 'BusinessDate' };

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export class InvalidBusinessDate extends Error {
  constructor(readonly input: string) {
    super(`not a calendar date in YYYY-MM-DD form: ${JSON.stringify(input)}`);
    this.name = 'InvalidBusinessDate';
  }
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isBusinessDate(input: string): input is BusinessDate {
  const m = PATTERN.exec(input);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function parseBusinessDate(input: string): BusinessDate {
  if (!isBusinessDate(input)) throw new InvalidBusinessDate(input);
  return input;
}

export function toDayNumber(date: BusinessDate): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(dayNumber: number): BusinessDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as BusinessDate;
}

export function addDays(date: BusinessDate, days: number): BusinessDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: BusinessDate, to: BusinessDate): number {
  return toDayNumber(to) - toDayNumber(from);
}
