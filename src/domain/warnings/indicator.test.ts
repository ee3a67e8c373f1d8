import { describe, expect, it } from 'vitest';
import { parseBusinessDate } from '../business-date.js';
import { appliesTo, type CompiledIndicator, evaluateIndicator, validateIndicator, versionInForce } from './indicator.js';
import { STARTER_INDICATORS } from './starter.js';

const d = parseBusinessDate;
const base = { code: 'x-test', nameZh: '测试', nameEn: 'Test', severity: 'high', effectiveFrom: '2026-01-01' } as const;
const compiled = (input: object): CompiledIndicator => {
  const v = validateIndicator({ ...base, ...input });
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.indicator;
};

describe('indicator definitions', () => {
  it('every starter indicator is valid and reads only documented features', () => {
    for (const s of STARTER_INDICATORS) expect(validateIndicator(s)).toMatchObject({ ok: true });
    expect(STARTER_INDICATORS.map((s) => s.code)).toEqual(['first-payment-default', 'dpd-roll', 'ltv-breach', 'gps-tamper', 'income-drop', 'broken-promises', 'score-drop']);
  });

  it('names each problem by its field; expression errors say where', () => {
    expect(validateIndicator({ ...base, expression: 'dpd >= 30 and lvt_bp > 1' })).toEqual({
      ok: false,
      problems: [{ field: 'expression', at: 14, zh: '第 15 个字符处：没有名为“lvt_bp”的特征，是否是“ltv_bp”？', en: 'at character 15: no feature named "lvt_bp"; did you mean "ltv_bp"?' }],
    });
    expect(validateIndicator({ ...base, expression: 'dpd' })).toMatchObject({ ok: false, problems: [{ field: 'threshold', en: 'the expression gives a number: it needs a threshold (e.g. >= 30)' }] });
    expect(validateIndicator({ ...base, expression: 'dpd > 3', threshold: { op: '>=', value: 1 } })).toMatchObject({ ok: false, problems: [{ field: 'threshold' }] });
    expect(validateIndicator({ ...base, expression: 'dpd > 3', threshold: { op: '=>', value: 1 } })).toMatchObject({ ok: false, problems: [{ field: 'threshold.op' }] });
    expect(validateIndicator({ ...base, expression: 'dpd > 3', effectiveTo: '2025-12-31' })).toMatchObject({ ok: false, problems: [{ field: 'effectiveTo' }] });
    expect(validateIndicator({ ...base, code: 'Bad Code', expression: 'dpd > 3' })).toMatchObject({ ok: false, problems: [{ field: 'code' }] });
  });
});

describe('firing', () => {
  it('a numeric indicator fires when its value passes the threshold, at the boundary', () => {
    const gte = compiled({ expression: 'broken_promises_90d', threshold: { op: '>=', value: 2 } });
    expect(evaluateIndicator(gte, { broken_promises_90d: 1 })).toEqual({ fires: false, value: 1, inputs: { broken_promises_90d: 1 } });
    expect(evaluateIndicator(gte, { broken_promises_90d: 2 }).fires).toBe(true);
    const lte = compiled({ expression: 'score_change_30d', threshold: { op: '<=', value: -50 } });
    expect(evaluateIndicator(lte, { score_change_30d: -49 }).fires).toBe(false);
    expect(evaluateIndicator(lte, { score_change_30d: -50 }).fires).toBe(true);
    const gt = compiled({ expression: 'dpd', threshold: { op: '>', value: 30 } });
    expect(evaluateIndicator(gt, { dpd: 30 }).fires).toBe(false);
    expect(evaluateIndicator(gt, { dpd: 31 }).fires).toBe(true);
  });

  it('unknown never fires, and the evidence says which input was unknown', () => {
    const score = compiled({ expression: 'score_change_30d', threshold: { op: '<=', value: -50 } });
    expect(evaluateIndicator(score, {})).toEqual({ fires: null, value: null, inputs: { score_change_30d: null } });
    const ltv = compiled({ expression: 'ltv_bp >= ltv_threshold_bp' });
    expect(evaluateIndicator(ltv, { ltv_threshold_bp: 10_000 })).toEqual({ fires: null, value: null, inputs: { ltv_bp: null, ltv_threshold_bp: 10_000 } });
  });

  it('watches only its products and dates; the latest version effective on a date is in force', () => {
    const i = { products: ['used_car'], effectiveFrom: '2026-01-01', effectiveTo: '2026-07-01' };
    expect(appliesTo(i, 'used_car', d('2025-12-31'))).toBe(false);
    expect(appliesTo(i, 'used_car', d('2026-01-01'))).toBe(true);
    expect(appliesTo(i, 'used_car', d('2026-06-30'))).toBe(true);
    expect(appliesTo(i, 'used_car', d('2026-07-01'))).toBe(false);
    expect(appliesTo(i, 'new_car', d('2026-03-01'))).toBe(false);
    expect(appliesTo({ ...i, products: [] }, 'new_car', d('2026-03-01'))).toBe(true);
    const versions = [
      { version: 1, effectiveFrom: '2026-01-01' },
      { version: 2, effectiveFrom: '2026-06-01' },
    ];
    expect(versionInForce(versions, d('2025-12-31'))).toBeNull();
    expect(versionInForce(versions, d('2026-05-31'))?.version).toBe(1);
    expect(versionInForce(versions, d('2026-06-01'))?.version).toBe(2);
  });
});
