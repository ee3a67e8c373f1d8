import type { Expr } from './expression.js';
import type { FeatureValue } from './features.js';

/**
 * Evaluates a checked expression over one loan's features, in three-valued logic: a value is a
 * number, a yes/no, or unknown (null).
 * - a missing feature is unknown; arithmetic and comparisons with an unknown are unknown;
 * - dividing by zero, or any result that is not a finite number, is unknown;
 * - `false and unknown` is false and `true or unknown` is true (the answer does not depend on the
 *   unknown); otherwise and/or/not with an unknown are unknown.
 * An indicator fires only on a known `true`: unknown never raises a warning.
 */
export type Value = FeatureValue;

const num = (v: Value): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const bool = (v: Value): boolean | null => (typeof v === 'boolean' ? v : null);
const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function evaluate(expr: Expr, features: Readonly<Record<string, Value | undefined>>): Value {
  switch (expr.type) {
    case 'number':
      return expr.value;
    case 'boolean':
      return expr.value;
    case 'feature': {
      const v = Object.prototype.hasOwnProperty.call(features, expr.name) ? features[expr.name] : undefined;
      return v === undefined ? null : v;
    }
    case 'not': {
      const v = bool(evaluate(expr.operand, features));
      return v === null ? null : !v;
    }
    case 'negate': {
      const v = num(evaluate(expr.operand, features));
      return v === null ? null : finite(-v);
    }
    case 'binary': {
      if (expr.op === 'and' || expr.op === 'or') {
        const l = bool(evaluate(expr.left, features));
        const r = bool(evaluate(expr.right, features));
        const decisive = expr.op === 'and' ? false : true;
        if (l === decisive || r === decisive) return decisive;
        return l === null || r === null ? null : !decisive;
      }
      const lv = evaluate(expr.left, features);
      const rv = evaluate(expr.right, features);
      if (expr.op === '=' || expr.op === '!=') {
        if (lv === null || rv === null || typeof lv !== typeof rv) return null;
        return expr.op === '=' ? lv === rv : lv !== rv;
      }
      const l = num(lv);
      const r = num(rv);
      if (l === null || r === null) return null;
      switch (expr.op) {
        case '+':
          return finite(l + r);
        case '-':
          return finite(l - r);
        case '*':
          return finite(l * r);
        case '/':
          return r === 0 ? null : finite(l / r);
        case '<':
          return l < r;
        case '<=':
          return l <= r;
        case '>':
          return l > r;
        case '>=':
          return l >= r;
      }
    }
  }
}
