import { checkMobile } from './identity.js';
import { formatYuan, InvalidAmount, parseYuan } from './money.js';

/**
 * A borrower's declared facts as people enter them, and as they are stored. The words are those of
 * the borrower import: `monthly_income` is entered and shown in yuan and stored as fen in the fact
 * `monthly_income_fen`; every other kind is stored under its own name, trimmed.
 */
export const FACT_KINDS = ['mobile', 'phone', 'email', 'home_address', 'work_address', 'employer', 'position', 'monthly_income'] as const;
export type FactKind = (typeof FACT_KINDS)[number];

export type StoredFact = Exclude<FactKind, 'monthly_income'> | 'monthly_income_fen';

export const FACT_SOURCES = ['application', 'follow_up', 'import', 'borrower'] as const;
export type FactSource = (typeof FACT_SOURCES)[number];

export const VERIFICATIONS = ['unverified', 'verified', 'differs', 'unverifiable'] as const;
export type Verification = (typeof VERIFICATIONS)[number];

/** A message in both languages the API speaks (the shape of api/i18n's Localized). */
export type Bilingual = { 'zh-CN': string; 'en-US': string };

export type FactValue = { ok: true; fact: StoredFact; value: string } | { ok: false; reason: Bilingual };

export function storedFactOf(kind: FactKind): StoredFact {
  return kind === 'monthly_income' ? 'monthly_income_fen' : kind;
}

export function kindOfStored(fact: StoredFact): FactKind {
  return fact === 'monthly_income_fen' ? 'monthly_income' : fact;
}

/** The stored value as people read it: income back in yuan with two decimals, the rest as stored. */
export function displayValue(fact: StoredFact, stored: string): string {
  return fact === 'monthly_income_fen' && /^\d+$/.test(stored) ? formatYuan(Number(stored)) : stored;
}

const fail = (zh: string, en: string): FactValue => ({ ok: false, reason: { 'zh-CN': zh, 'en-US': en } });

const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
// A landline as written in China (010-6512-3456, (0755) 8888 1234, +86 21 5555 6666, …-801 for an extension).
const PHONE_CHARS = /^\+?[\d\s()-]+$/;

/** Monthly income above this (10 million yuan) is a typing error, not a salary. */
const MAX_MONTHLY_INCOME_FEN = 1_000_000_000;

function text(kind: FactKind, value: string, min: number, max: number): FactValue {
  const length = Array.from(value).length;
  if (length < min) return fail(`至少 ${min} 个字`, `must have at least ${min} characters`);
  if (length > max) return fail(`至多 ${max} 个字`, `must have at most ${max} characters`);
  return { ok: true, fact: storedFactOf(kind), value };
}

/** Checks and normalises one declared value of a kind; the reason says what is wrong, in both languages. */
export function readFactValue(kind: FactKind, raw: string): FactValue {
  const value = raw.trim().replace(/\s+/g, ' ');
  if (value === '') return fail('不能为空', 'must not be empty');
  switch (kind) {
    case 'mobile': {
      const compact = value.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
      return checkMobile(compact).ok ? { ok: true, fact: 'mobile', value: compact } : fail('不是有效的手机号码（11 位，以 13–19 开头）', 'not a mainland mobile number (11 digits starting 13–19)');
    }
    case 'phone': {
      const digits = value.replace(/\D/g, '').length;
      if (!PHONE_CHARS.test(value) || digits < 7 || digits > 16) return fail('不是有效的电话号码（7–16 位数字，可含区号、+、括号、空格和 -）', 'not a phone number (7–16 digits; area code, +, brackets, spaces and - allowed)');
      return { ok: true, fact: 'phone', value };
    }
    case 'email': {
      if (value.length > 254 || !EMAIL.test(value)) return fail('不是有效的电子邮箱地址', 'not an e-mail address');
      return { ok: true, fact: 'email', value };
    }
    case 'monthly_income': {
      try {
        const fen = parseYuan(value);
        if (fen > MAX_MONTHLY_INCOME_FEN) return fail('月收入超过 1000 万元，请检查', 'a monthly income above 10,000,000 yuan is not plausible');
        return { ok: true, fact: 'monthly_income_fen', value: String(fen) };
      } catch (error) {
        if (!(error instanceof InvalidAmount)) throw error;
        return fail('应为以元计的金额，最多两位小数，例如 15000 或 15000.50', 'must be an amount in yuan with at most two decimals, such as 15000 or 15000.50');
      }
    }
    case 'home_address':
    case 'work_address':
      return text(kind, value, 4, 200);
    case 'employer':
      return text(kind, value, 2, 200);
    case 'position':
      return text(kind, value, 1, 100);
  }
}
