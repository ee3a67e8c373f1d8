import { type BusinessDate, daysInMonth, parseBusinessDate } from './business-date.js';

/**
 * Monthly due dates anchored on the first due date's day of month, clamped to each month's last
 * day: 2026-01-31 → 2026-02-28 → 2026-03-31. Anchoring on the first date (not on the previous
 * one) keeps a loan that started on the 31st on the 31st after a short February.
 */
export function monthlyDueDate(firstDue: BusinessDate, monthsAfter: number): BusinessDate {
  const year = Number(firstDue.slice(0, 4));
  const month = Number(firstDue.slice(5, 7));
  const day = Number(firstDue.slice(8, 10));
  const index = year * 12 + (month - 1) + monthsAfter;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const d = Math.min(day, daysInMonth(y, m));
  return parseBusinessDate(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
}
