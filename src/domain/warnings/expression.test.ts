import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkExpression } from './check.js';
import { evaluate } from './evaluate.js';
import { type Expr, ExpressionSyntaxError, featuresOf, parseExpression } from './expression.js';
import { FEATURES } from './features.js';

const show = (e: Expr): string => {
  switch (e.type) {
    case 'number':
      return String(e.value);
    case 'boolean':
      return String(e.value);
    case 'feature':
      return e.name;
    case 'not':
      return `(not ${show(e.operand)})`;
    case 'negate':
      return `(- ${show(e.operand)})`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
  }
};
const parsed = (s: string) => show(parseExpression(s));
const syntaxError = (s: string) => {
  try {
    parseExpression(s);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return error.error;
  }
  throw new Error(`${s} parsed`);
};
const run = (s: string, features: Record<string, number | boolean | null> = {}) => evaluate(parseExpression(s), features);

describe('parsing', () => {
  it('binds as arithmetic, then comparison, then not, and, or', () => {
    expect(parsed('1 + 2 * 3')).toBe('(1 + (2 * 3))');
    expect(parsed('(1 + 2) * 3')).toBe('((1 + 2) * 3)');
    expect(parsed('10 - 4 - 3')).toBe('((10 - 4) - 3)');
    expect(parsed('8 / 4 / 2')).toBe('((8 / 4) / 2)');
    expect(parsed('a or b and not c')).toBe('(a or (b and (not c)))');
    expect(parsed('dpd > 30 and ltv_bp >= 12000 or income_drop')).toBe('(((dpd > 30) and (ltv_bp >= 12000)) or income_drop)');
    expect(parsed('-dpd * 2')).toBe('((- dpd) * 2)');
    expect(parsed('not not true')).toBe('(not (not true))');
  });

  it('takes the written forms × ÷ − ≥ ≤ == <>', () => {
    expect(parsed('a × 2 ÷ 4 − 1 ≥ 3')).toBe('((((a * 2) / 4) - 1) >= 3)');
    expect(parsed('a == 1 or b <> 2 or c ≤ 3')).toBe('(((a = 1) or (b != 2)) or (c <= 3))');
    expect(parsed('1.5e2 + .5')).toBe('(150 + 0.5)');
  });

  it('names where it fails', () => {
    expect(syntaxError('dpd >')).toMatchObject({ at: 5, en: 'expected a number, a feature or "(" but found the end of the expression' });
    expect(syntaxError('(dpd > 3')).toMatchObject({ at: 8, en: 'expected ")" but found the end of the expression' });
    expect(syntaxError('dpd > 3 4')).toMatchObject({ at: 8, en: 'expected an operator or the end of the expression but found "4"' });
    expect(syntaxError('dpd # 3')).toMatchObject({ at: 4, en: 'unexpected character "#"' });
    expect(syntaxError('1 < dpd < 30')).toMatchObject({ at: 8 });
    expect(syntaxError('dpd and or x')).toMatchObject({ at: 8 });
    expect(syntaxError('3dpd')).toMatchObject({ at: 0 });
  });

  it('refuses what could run away: very long or very deep input', () => {
    expect(() => parseExpression('1+'.repeat(1001) + '1')).toThrow(ExpressionSyntaxError);
    expect(() => parseExpression('-'.repeat(100) + '1')).toThrow(/nested too deeply/);
    expect(() => parseExpression('('.repeat(100) + '1' + ')'.repeat(100))).toThrow(/nested too deeply/);
  });

  it('is never code: names like constructor or __proto__ are just (unknown) features', () => {
    expect(run('constructor')).toBeNull();
    expect(run('__proto__ = 1')).toBeNull();
    expect(checkExpression('constructor > 1', FEATURES)).toMatchObject({ ok: false, errors: [{ at: 0, en: 'no feature named "constructor"' }] });
  });

  it('lists the features read', () => {
    expect(featuresOf(parseExpression('dpd > 3 and (dpd_change_30d > 10 or not income_drop)'))).toEqual(['dpd', 'dpd_change_30d', 'income_drop']);
  });
});

describe('checking against the features', () => {
  it('types numbers and yes/nos', () => {
    expect(checkExpression('dpd_change_30d', FEATURES)).toMatchObject({ ok: true, type: 'number' });
    expect(checkExpression('dpd > 30 and income_drop', FEATURES)).toMatchObject({ ok: true, type: 'boolean' });
    expect(checkExpression('income_drop = job_loss', FEATURES)).toMatchObject({ ok: true, type: 'boolean' });
  });

  it('names unknown features with a suggestion, and operators given the wrong kind, each at its place', () => {
    const checked = checkExpression('dpdd > 30 and ltv_bp', FEATURES);
    expect(checked).toEqual({
      ok: false,
      errors: [
        { at: 0, zh: '没有名为“dpdd”的特征，是否是“dpd”？', en: 'no feature named "dpdd"; did you mean "dpd"?' },
        { at: 14, zh: '“and”需要是/否，这里是数值', en: '"and" takes a yes/no, this is a number' },
      ],
    });
    expect(checkExpression('income_drop + 1', FEATURES)).toMatchObject({ ok: false, errors: [{ at: 0, en: '"+" takes a number, this is a yes/no' }] });
    expect(checkExpression('not dpd', FEATURES)).toMatchObject({ ok: false, errors: [{ at: 4, en: '"not" takes a yes/no, this is a number' }] });
    expect(checkExpression('dpd = income_drop', FEATURES)).toMatchObject({ ok: false, errors: [{ at: 0 }] });
    expect(checkExpression('zzzzzz', FEATURES)).toMatchObject({ ok: false, errors: [{ en: 'no feature named "zzzzzz"' }] });
  });

  it('reports a syntax error as the only error', () => {
    expect(checkExpression('dpd >', FEATURES)).toMatchObject({ ok: false, errors: [{ at: 5 }] });
  });
});

describe('evaluation in three-valued logic', () => {
  it('computes with hand-checked numbers', () => {
    expect(run('(dpd - dpd_30d_ago) / 30', { dpd: 75, dpd_30d_ago: 15 })).toBe(2);
    expect(run('ltv_bp >= ltv_threshold_bp', { ltv_bp: 10_000, ltv_threshold_bp: 10_000 })).toBe(true);
    expect(run('ltv_bp >= ltv_threshold_bp', { ltv_bp: 9_999, ltv_threshold_bp: 10_000 })).toBe(false);
    expect(run('-dpd', { dpd: 3 })).toBe(-3);
  });

  it('an absent feature is unknown, not 0', () => {
    expect(run('score_change_30d <= -50', {})).toBeNull();
    expect(run('score_change_30d <= 0', { score_change_30d: null })).toBeNull();
    expect(run('ltv_bp + 1', {})).toBeNull();
  });

  it('and/or decide without the unknown when they can', () => {
    expect(run('dpd > 30 and ltv_bp > 1', { dpd: 0 })).toBe(false);
    expect(run('dpd > 30 and ltv_bp > 1', { dpd: 40 })).toBeNull();
    expect(run('dpd > 30 or ltv_bp > 1', { dpd: 40 })).toBe(true);
    expect(run('dpd > 30 or ltv_bp > 1', { dpd: 0 })).toBeNull();
    expect(run('not income_drop', {})).toBeNull();
  });

  it('division by zero is unknown', () => {
    expect(run('dpd / 0 > 1', { dpd: 5 })).toBeNull();
    expect(run('1 / dpd', { dpd: 0 })).toBeNull();
  });

  it('and/or agree with Kleene logic for every combination', () => {
    const v = fc.constantFrom(true, false, null);
    fc.assert(
      fc.property(v, v, (a, b) => {
        const and = run('a and b', { a, b });
        const or = run('a or b', { a, b });
        expect(and).toBe(a === false || b === false ? false : a === null || b === null ? null : true);
        expect(or).toBe(a === true || b === true ? true : a === null || b === null ? null : false);
        // De Morgan holds in three-valued logic too
        expect(run('not (a and b)', { a, b })).toBe(run('not a or not b', { a, b }));
      }),
    );
  });

  it('arithmetic matches JavaScript on small integers', () => {
    const n = fc.integer({ min: -1000, max: 1000 });
    fc.assert(
      fc.property(n, n, n, (a, b, c) => {
        expect(run('a + b * c', { a, b, c })).toBe(a + b * c);
        expect(run('(a - b) * c > a', { a, b, c })).toBe((a - b) * c > a);
      }),
    );
  });
});
