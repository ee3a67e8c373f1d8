import type { Dayjs } from 'dayjs';
import type { BodyOf, Schemas } from '../../api/client.js';

export type IndicatorPost = BodyOf<'/api/v1/warning-indicators', 'post'>;
export type CheckBody = BodyOf<'/api/v1/warning-indicators/check', 'post'>;
export type Indicator = Schemas['WarningIndicator'];
export type ThresholdOp = NonNullable<IndicatorPost['threshold']>['op'];
export const THRESHOLD_OPS: readonly ThresholdOp[] = ['>=', '>', '<=', '<'];

/** What the editor's form holds; dates as dayjs (the pickers' type), the threshold in two fields. */
export interface Draft {
  code: string;
  nameZh: string;
  nameEn: string;
  expression: string;
  thresholdOp?: ThresholdOp | undefined;
  thresholdValue?: number | null | undefined;
  severity: IndicatorPost['severity'];
  products: string[];
  effectiveFrom?: Dayjs | undefined;
  effectiveTo?: Dayjs | null | undefined;
  reason?: string | undefined;
}

/**
 * The definition to check as the user types. Only the expression and threshold are being judged:
 * a code or a name not typed yet is filled with a stand-in so the check does not stop at it.
 */
export function checkBodyOf(d: Partial<Draft>, fallbackDate: string): CheckBody {
  const threshold = d.thresholdOp && typeof d.thresholdValue === 'number' ? { op: d.thresholdOp, value: d.thresholdValue } : null;
  return {
    code: d.code && /^[a-z][a-z0-9_-]{1,39}$/.test(d.code) ? d.code : 'draft',
    nameZh: d.nameZh?.trim() || '草稿',
    nameEn: d.nameEn?.trim() || 'draft',
    expression: d.expression ?? '',
    threshold,
    severity: d.severity ?? 'medium',
    products: d.products ?? [],
    effectiveFrom: d.effectiveFrom?.format('YYYY-MM-DD') ?? fallbackDate,
    effectiveTo: d.effectiveTo ? d.effectiveTo.format('YYYY-MM-DD') : null,
  };
}

export function postBodyOf(d: Draft, action: IndicatorPost['action']): IndicatorPost {
  return {
    code: d.code,
    nameZh: d.nameZh,
    nameEn: d.nameEn,
    expression: d.expression,
    threshold: d.thresholdOp && typeof d.thresholdValue === 'number' ? { op: d.thresholdOp, value: d.thresholdValue } : null,
    severity: d.severity,
    products: d.products,
    effectiveFrom: d.effectiveFrom!.format('YYYY-MM-DD'),
    effectiveTo: d.effectiveTo ? d.effectiveTo.format('YYYY-MM-DD') : null,
    reason: d.reason ?? '',
    // an action set on the version being edited is kept: this editor does not change it
    ...(action ? { action } : {}),
  };
}

/** The latest version of each code, with how many versions it has. */
export function latestVersions(all: readonly Indicator[]): Array<Indicator & { versions: number }> {
  const byCode = new Map<string, Indicator & { versions: number }>();
  for (const i of all) {
    const seen = byCode.get(i.code);
    if (!seen) byCode.set(i.code, { ...i, versions: 1 });
    else byCode.set(i.code, i.version > seen.version ? { ...i, versions: seen.versions + 1 } : { ...seen, versions: seen.versions + 1 });
  }
  return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
}
