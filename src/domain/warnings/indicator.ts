import { z } from 'zod';
import type { BusinessDate } from '../business-date.js';
import { ActionSchema } from './action.js';
import { checkExpression } from './check.js';
import { evaluate, type Value } from './evaluate.js';
import type { Expr } from './expression.js';
import { featuresOf } from './expression.js';
import { FEATURES } from './features.js';

/**
 * An early-warning indicator, as head office defines it: a name in both languages, an expression
 * over the documented features (features.ts), a threshold when the expression is a number, a
 * severity, the products it watches (none listed: all), the dates it is in force and what it starts
 * when it fires (action.ts). It fires on a loan when the expression is true, or when its number
 * passes the threshold.
 */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const THRESHOLD_OPS = ['>=', '>', '<=', '<'] as const;
export type ThresholdOp = (typeof THRESHOLD_OPS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const IndicatorSchema = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_-]{1,39}$/),
    nameZh: z.string().trim().min(1).max(100),
    nameEn: z.string().trim().min(1).max(100),
    expression: z.string().trim().min(1).max(2000),
    threshold: z.object({ op: z.enum(THRESHOLD_OPS), value: z.number().finite() }).strict().nullable().default(null),
    severity: z.enum(SEVERITIES),
    products: z.array(z.string().min(1)).default([]),
    effectiveFrom: isoDate,
    effectiveTo: isoDate.nullable().default(null),
    /** what a warning of this indicator starts when it opens (action.ts); null: nothing */
    action: ActionSchema.nullable().default(null),
  })
  .strict();
export type IndicatorInput = z.input<typeof IndicatorSchema>;
export type Indicator = z.infer<typeof IndicatorSchema>;

export interface IndicatorProblem {
  /** the field at fault, e.g. `expression` or `threshold.op` */
  field: string;
  /** for `expression`: the offset of the offending text */
  at?: number;
  zh: string;
  en: string;
}

export interface CompiledIndicator extends Indicator {
  expr: Expr;
  kind: 'boolean' | 'number';
  /** the features it reads */
  reads: string[];
}

export type Validated = { ok: true; indicator: CompiledIndicator } | { ok: false; problems: IndicatorProblem[] };

/** Validates a definition: its fields, its expression against the features, and the threshold's fit. */
export function validateIndicator(input: unknown, features: Readonly<Record<string, { type: 'number' | 'boolean' }>> = FEATURES): Validated {
  const parsed = IndicatorSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', zh: i.message, en: i.message })) };
  }
  const indicator = parsed.data;
  const problems: IndicatorProblem[] = [];
  if (indicator.effectiveTo !== null && indicator.effectiveTo <= indicator.effectiveFrom) {
    problems.push({ field: 'effectiveTo', zh: '结束日期应晚于生效日期', en: 'must be after effectiveFrom' });
  }
  const checked = checkExpression(indicator.expression, features);
  if (!checked.ok) {
    for (const e of checked.errors) problems.push({ field: 'expression', at: e.at, zh: `第 ${e.at + 1} 个字符处：${e.zh}`, en: `at character ${e.at + 1}: ${e.en}` });
    return { ok: false, problems };
  }
  if (checked.type === 'number' && indicator.threshold === null) {
    problems.push({ field: 'threshold', zh: '表达式结果是数值，需要阈值（如 >= 30）', en: 'the expression gives a number: it needs a threshold (e.g. >= 30)' });
  }
  if (checked.type === 'boolean' && indicator.threshold !== null) {
    problems.push({ field: 'threshold', zh: '表达式结果是是/否，不能再设阈值', en: 'the expression gives a yes/no: it takes no threshold' });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, indicator: { ...indicator, expr: checked.expr, kind: checked.type, reads: featuresOf(checked.expr) } };
}

export interface Firing {
  /** true: fires; false: does not; null: unknown (does not fire) */
  fires: boolean | null;
  value: Value;
  /** the features the expression read, with their values, as evidence */
  inputs: Record<string, Value>;
}

export function evaluateIndicator(indicator: CompiledIndicator, features: Readonly<Record<string, Value | undefined>>): Firing {
  const value = evaluate(indicator.expr, features);
  const inputs: Record<string, Value> = {};
  for (const name of indicator.reads) inputs[name] = features[name] ?? null;
  let fires: boolean | null;
  if (indicator.kind === 'boolean') fires = typeof value === 'boolean' ? value : null;
  else if (typeof value !== 'number' || indicator.threshold === null) fires = null;
  else {
    const t = indicator.threshold.value;
    fires = { '>=': value >= t, '>': value > t, '<=': value <= t, '<': value < t }[indicator.threshold.op];
  }
  return { fires, value, inputs };
}

/** Whether an indicator watches a loan of this product on this date. */
export function appliesTo(indicator: Pick<Indicator, 'products' | 'effectiveFrom' | 'effectiveTo'>, product: string, on: BusinessDate): boolean {
  if (on < indicator.effectiveFrom || (indicator.effectiveTo !== null && on >= indicator.effectiveTo)) return false;
  return indicator.products.length === 0 || indicator.products.includes(product);
}

/** Of an indicator's versions, the one in force on a date: the latest version effective on it. */
export function versionInForce<T extends Pick<Indicator, 'effectiveFrom'> & { version: number }>(versions: readonly T[], on: BusinessDate): T | null {
  let best: T | null = null;
  for (const v of versions) if (v.effectiveFrom <= on && (best === null || v.version > best.version)) best = v;
  return best;
}
