import type { I18n } from '../i18n/context.js';
import { formatFen } from '../format.js';

type T = I18n['t'];

export const CAUSES = ['job_loss', 'illness', 'business_downturn', 'accident', 'disaster'] as const;
export type Cause = (typeof CAUSES)[number];
export const OPTION_KINDS = ['extension', 'rateReduction', 'holiday', 'reamortise', 'capitaliseArrears', 'waivePenalty'] as const;
export type OptionKind = (typeof OPTION_KINDS)[number];

export const causeLabel = (t: T, c: string | null | undefined) => (c && (CAUSES as readonly string[]).includes(c) ? t(`rs.cause.${c as Cause}`) : (c ?? '—'));
export const optionLabel = (t: T, k: string) => ((OPTION_KINDS as readonly string[]).includes(k) ? t(`rs.option.${k as OptionKind}`) : k);
export const statusLabel = (t: T, s: 'pending' | 'approved' | 'rejected') => t(`rs.status.${s}`);
export const STATUS_COLOR = { pending: 'processing', approved: 'success', rejected: 'default' } as const;

/** The terms as the API stores them (src/modules/restructuring/schemas.ts RestructureTerms). */
export interface Terms {
  extensionMonths?: number;
  newTermMonths?: number;
  rateReduction?: { annualRate: string; periods: number | null };
  holiday?: { months: number; capitalise: boolean };
  capitaliseArrears?: boolean;
  waivePenalty?: 'all' | { fen: number };
}

/** The options a request combines, in the form's order. */
export function optionsOf(terms: Terms): OptionKind[] {
  const out: OptionKind[] = [];
  if (terms.extensionMonths !== undefined) out.push('extension');
  if (terms.rateReduction !== undefined) out.push('rateReduction');
  if (terms.holiday !== undefined) out.push('holiday');
  if (terms.newTermMonths !== undefined) out.push('reamortise');
  if (terms.capitaliseArrears) out.push('capitaliseArrears');
  if (terms.waivePenalty !== undefined) out.push('waivePenalty');
  return out;
}

/** One line a person reads: "展期 6 + 罚息减免 ¥120.00". Numbers are the terms' own. */
export function termsSummary(t: T, terms: Terms): string {
  return optionsOf(terms)
    .map((k) => {
      const name = optionLabel(t, k);
      if (k === 'extension') return `${name} ${terms.extensionMonths}`;
      if (k === 'reamortise') return `${name} ${terms.newTermMonths}`;
      if (k === 'holiday') return `${name} ${terms.holiday!.months}`;
      if (k === 'rateReduction') return `${name} ${percentOf(terms.rateReduction!.annualRate)}%`;
      if (k === 'waivePenalty') return terms.waivePenalty === 'all' ? t('rs.terms.waiveAll') : `${name} ${formatFen(terms.waivePenalty!.fen)}`;
      return name;
    })
    .join(' + ');
}

/**
 * A percentage typed by a person ("4.5") as the API's annual rate string ("0.045"), by moving the
 * decimal point in the digits (no float arithmetic). Null when it is not a rate from 0 to 100.
 */
export function percentToRate(text: string): string | null {
  const m = /^(\d{1,3})(?:\.(\d{1,8}))?$/.exec(text.trim().replace(/%$/, ''));
  if (!m) return null;
  const whole = m[1]!.padStart(3, '0');
  if (Number(whole) > 100 || (Number(whole) === 100 && /[1-9]/.test(m[2] ?? ''))) return null;
  const digits = `${whole.slice(0, 1)}.${whole.slice(1)}${m[2] ?? ''}`.replace(/0+$/, '').replace(/\.$/, '');
  return digits === '' ? '0' : digits;
}

/** "0.045" → "4.5" */
export function percentOf(rate: string): string {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(rate);
  if (!m) return rate;
  const frac = (m[2] ?? '').padEnd(2, '0');
  const whole = `${m[1]}${frac.slice(0, 2)}`.replace(/^0+(?=\d)/, '');
  const rest = frac.slice(2).replace(/0+$/, '');
  return rest ? `${whole}.${rest}` : whole;
}
