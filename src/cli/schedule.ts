import { isBusinessDate, type BusinessDate } from '../domain/business-date.js';
import { formatYuan, InvalidAmount, parseRate, parseYuan } from '../domain/money.js';
import { buildSchedule, InvalidTerms, isRepaymentMethod, METHODS, type Schedule } from '../domain/schedule.js';
import { CliError } from './context.js';

type Values = Record<string, string | boolean | string[] | undefined>;

function text(values: Values, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new CliError(`missing --${name}`, 2);
  return v.trim();
}

function amount(values: Values, name: string): number {
  try {
    return parseYuan(text(values, name));
  } catch (error) {
    if (error instanceof InvalidAmount) throw new CliError(`--${name}: ${error.message}`, 2);
    throw error;
  }
}

/** `daihou schedule`: prints a schedule from terms alone; needs no database. */
export function scheduleCommand(values: Values): string {
  const method = text(values, 'method');
  if (!isRepaymentMethod(method)) throw new CliError(`--method must be one of ${METHODS.join(', ')} (got ${JSON.stringify(method)})`, 2);
  const term = text(values, 'term');
  if (!/^\d{1,3}$/.test(term)) throw new CliError(`--term must be a whole number of months (got ${JSON.stringify(term)})`, 2);
  const firstDue = text(values, 'first-due');
  if (!isBusinessDate(firstDue)) throw new CliError(`--first-due must be a real calendar date as YYYY-MM-DD (got ${JSON.stringify(firstDue)})`, 2);
  let annualRate: string;
  try {
    annualRate = parseRate(text(values, 'annual-rate'));
  } catch (error) {
    if (error instanceof InvalidAmount) throw new CliError(`--annual-rate: ${error.message}`, 2);
    throw error;
  }
  let schedule: Schedule;
  try {
    schedule = buildSchedule({
      principalFen: amount(values, 'principal'),
      annualRate,
      termMonths: Number(term),
      method,
      firstDueDate: firstDue as BusinessDate,
      balloonFen: values.balloon === undefined ? undefined : amount(values, 'balloon'),
    });
  } catch (error) {
    if (error instanceof InvalidTerms) throw new CliError(`${error.message}`, 2);
    throw error;
  }
  if (values.json) return JSON.stringify(schedule);
  return renderTable(schedule);
}

function renderTable(schedule: Schedule): string {
  const header = ['期次 #', '还款日 Due', '应还 Payment', '本金 Principal', '利息 Interest', '剩余本金 Balance'];
  const rows = schedule.installments.map((i) => [String(i.seq), i.dueDate, formatYuan(i.paymentFen), formatYuan(i.principalFen), formatYuan(i.interestFen), formatYuan(i.balanceAfterFen)]);
  const total = schedule.installments.reduce((s, i) => s + i.paymentFen, 0);
  const widths = header.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c <= 1 ? padEnd(cell, widths[c] ?? 0) : padStart(cell, widths[c] ?? 0))).join('  ');
  return [line(header), ...rows.map(line), '', `合计 Total: payments ${formatYuan(total)}, interest ${formatYuan(schedule.totalInterestFen)}`].join('\n');
}

// CJK characters take two columns in a terminal.
const displayWidth = (s: string) => Array.from(s).reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
const padEnd = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - displayWidth(s)));
const padStart = (s: string, w: number) => ' '.repeat(Math.max(0, w - displayWidth(s))) + s;
