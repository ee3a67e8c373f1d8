import { type Expr, type ExpressionError, ExpressionSyntaxError, parseExpression } from './expression.js';
import type { FeatureType } from './features.js';

/**
 * Checks a parsed expression against the feature list: every name must be a feature, and every
 * operator must get what it takes (arithmetic and <, >: numbers; and, or, not: yes/no; = and !=:
 * two of a kind). Reports every problem found, each at its offset; a part already wrong is not
 * reported again by the parts around it.
 */
export type ExprType = FeatureType;

export type Checked = { ok: true; expr: Expr; type: ExprType } | { ok: false; errors: ExpressionError[] };

const TYPE_NAME: Record<ExprType, { zh: string; en: string }> = { number: { zh: '数值', en: 'a number' }, boolean: { zh: '是/否', en: 'a yes/no' } };

/** The closest known name, when it is close enough to be a typo. */
function suggestion(name: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

export function checkExpression(source: string, features: Readonly<Record<string, { type: FeatureType }>>): Checked {
  let expr: Expr;
  try {
    expr = parseExpression(source);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return { ok: false, errors: [error.error] };
    throw error;
  }
  const errors: ExpressionError[] = [];
  const known = Object.keys(features);

  const expect = (e: Expr, want: ExprType, got: ExprType | null, op: string): boolean => {
    if (got === null || got === want) return got !== null;
    errors.push({ at: e.start, zh: `“${op}”需要${TYPE_NAME[want].zh}，这里是${TYPE_NAME[got].zh}`, en: `"${op}" takes ${TYPE_NAME[want].en}, this is ${TYPE_NAME[got].en}` });
    return false;
  };

  const typeOf = (e: Expr): ExprType | null => {
    switch (e.type) {
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'feature': {
        const feature = Object.prototype.hasOwnProperty.call(features, e.name) ? features[e.name] : undefined;
        if (feature) return feature.type;
        const near = suggestion(e.name, known);
        errors.push({
          at: e.start,
          zh: `没有名为“${e.name}”的特征${near ? `，是否是“${near}”？` : ''}`,
          en: `no feature named "${e.name}"${near ? `; did you mean "${near}"?` : ''}`,
        });
        return null;
      }
      case 'not': {
        expect(e.operand, 'boolean', typeOf(e.operand), 'not');
        return 'boolean';
      }
      case 'negate': {
        expect(e.operand, 'number', typeOf(e.operand), '-');
        return 'number';
      }
      case 'binary': {
        const l = typeOf(e.left);
        const r = typeOf(e.right);
        if (e.op === 'and' || e.op === 'or') {
          expect(e.left, 'boolean', l, e.op);
          expect(e.right, 'boolean', r, e.op);
          return 'boolean';
        }
        if (e.op === '=' || e.op === '!=') {
          if (l !== null && r !== null && l !== r) {
            errors.push({ at: e.start, zh: `“${e.op}”两边应为同一类型（${TYPE_NAME[l].zh} 与 ${TYPE_NAME[r].zh}）`, en: `both sides of "${e.op}" must be of one kind (${TYPE_NAME[l].en} and ${TYPE_NAME[r].en})` });
          }
          return 'boolean';
        }
        expect(e.left, 'number', l, e.op);
        expect(e.right, 'number', r, e.op);
        return e.op === '<' || e.op === '<=' || e.op === '>' || e.op === '>=' ? 'boolean' : 'number';
      }
    }
  };

  const type = typeOf(expr);
  if (errors.length > 0 || type === null) return { ok: false, errors: errors.sort((a, b) => a.at - b.at) };
  return { ok: true, expr, type };
}
