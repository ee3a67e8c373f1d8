import { Decimal } from 'decimal.js';

/**
 * Money is an integer number of fen (分) — a JS number guarded as a safe integer, never a float
 * of yuan. Rates and intermediate products use decimal.js and are rounded half-up to the fen
 * once, at the place the convention names (see schedule.ts and penalty.ts).
 */
export type Fen = number;

export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = Decimal;

export class InvalidAmount extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAmount';
  }
}

export function assertFen(value: number, what = 'amount'): Fen {
  if (!Number.isSafeInteger(value)) throw new InvalidAmount(`${what} must be a whole number of fen within ±2^53 (got ${value})`);
  return value;
}

/** Rounds a decimal number of fen half-up (0.5 → 1, −0.5 → −1) to a whole fen. */
export function roundFen(value: Decimal.Value): Fen {
  return assertFen(new Dec(value).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber());
}

const YUAN = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/** `"100000"` → 10000000, `"3042.19"` → 304219; refuses signs, more than two decimals, exponents. */
export function parseYuan(text: string): Fen {
  const m = YUAN.exec(text.trim());
  if (!m) throw new InvalidAmount(`not an amount in yuan with at most 2 decimals: ${JSON.stringify(text)}`);
  const cents = (m[2] ?? '').padEnd(2, '0');
  return assertFen(Number(m[1]) * 100 + Number(cents));
}

/** 304219 → `"3042.19"`; -5 → `"-0.05"`. */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const RATE = /^(0|[1-9]\d*)?(\.\d{1,10})?$/;

/** An annual rate as a decimal fraction string: `"0.06"` is 6 %. */
export function parseRate(text: string): string {
  const t = text.trim();
  if (t === '' || t === '.' || !RATE.test(t)) throw new InvalidAmount(`not a decimal rate such as 0.06: ${JSON.stringify(text)}`);
  const value = new Dec(t);
  if (value.gte(1)) throw new InvalidAmount(`a rate is a fraction below 1 (0.06 is 6 %): got ${t}`);
  return value.toString();
}
