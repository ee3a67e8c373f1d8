import { isBusinessDate } from './business-date.js';

/**
 * Identity numbers with check characters, so a typo is caught at entry rather than at the credit
 * bureau: the resident ID number (GB 11643-1999), the unified social credit code of an enterprise
 * (GB 32100-2015) and the vehicle identification number (ISO 3779, with the check digit in
 * position 9 that GB 16735 and 49 CFR 565 require).
 */
export type Check = { ok: true } | { ok: false; reason: string };

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECKS = '10X98765432';

export function residentIdCheckChar(first17: string): string {
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0);
  return ID_CHECKS[sum % 11] ?? '?';
}

export function checkResidentId(value: string): Check {
  const id = value.trim().toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return { ok: false, reason: 'must be 17 digits and a check digit or X (18 characters)' };
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isBusinessDate(birth) || birth < '1800-01-01') return { ok: false, reason: `the birth date ${birth} is not a real date` };
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, reason: 'the check digit does not match (GB 11643)' };
  return { ok: true };
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckChar(first17: string): string {
  const sum = USCC_WEIGHTS.reduce((acc, w, i) => acc + w * USCC_CHARS.indexOf(first17[i] ?? ''), 0);
  return USCC_CHARS[(31 - (sum % 31)) % 31] ?? '?';
}

export function checkUscc(value: string): Check {
  const code = value.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) {
    return { ok: false, reason: 'must be 18 characters: digits and capitals except I, O, S, V, Z' };
  }
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return { ok: false, reason: 'the check character does not match (GB 32100)' };
  return { ok: true };
}

const VIN_VALUES: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

export function vinCheckChar(vin: string): string {
  const sum = VIN_WEIGHTS.reduce((acc, w, i) => {
    const ch = vin[i] ?? '0';
    return acc + w * (/\d/.test(ch) ? Number(ch) : (VIN_VALUES[ch] ?? 0));
  }, 0);
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

export function checkVin(value: string): Check {
  const vin = value.trim().toUpperCase();
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(vin)) return { ok: false, reason: 'must be 17 characters: digits and capitals except I, O, Q' };
  if (vinCheckChar(vin) !== vin[8]) return { ok: false, reason: 'the check digit (position 9) does not match (ISO 3779)' };
  return { ok: true };
}

export function checkMobile(value: string): Check {
  return /^1[3-9]\d{9}$/.test(value.trim()) ? { ok: true } : { ok: false, reason: 'must be a mainland mobile number: 11 digits starting 13–19' };
}
