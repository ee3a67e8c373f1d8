/**
 * The early-warning expression language: small, safe, and parsed (never eval'd). Head office writes
 * an indicator as an expression over loan features, e.g. `dpd > 30 and ltv_bp >= 12000`.
 *
 *   expr    := or
 *   or      := and ("or" and)*
 *   and     := not ("and" not)*
 *   not     := "not" not | compare
 *   compare := sum (("<" | "<=" | ">" | ">=" | "=" | "!=") sum)?    -- no chains: a < b < c is an error
 *   sum     := product (("+" | "-") product)*
 *   product := unary (("*" | "/") unary)*
 *   unary   := "-" unary | atom
 *   atom    := number | feature | "true" | "false" | "(" expr ")"
 *
 * "×", "÷" and "−" are accepted for *, / and -, "==" for =, "<>" for !=, "≥"/"≤" for >=/<=. Keywords
 * are lower case; a feature is a lower-case name of letters, digits and underscores.
 */
export type BinaryOp = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '=' | '!=' | 'and' | 'or';

/** Every node knows where it came from (offsets into the source), so errors point at the text. */
export interface Span {
  start: number;
  end: number;
}

export type Expr =
  | ({ type: 'number'; value: number } & Span)
  | ({ type: 'boolean'; value: boolean } & Span)
  | ({ type: 'feature'; name: string } & Span)
  | ({ type: 'not'; operand: Expr } & Span)
  | ({ type: 'negate'; operand: Expr } & Span)
  | ({ type: 'binary'; op: BinaryOp; left: Expr; right: Expr } & Span);

export interface ExpressionError {
  /** offset of the offending text, from 0 */
  at: number;
  zh: string;
  en: string;
}

export class ExpressionSyntaxError extends Error {
  constructor(readonly error: ExpressionError) {
    super(`at ${error.at}: ${error.en}`);
    this.name = 'ExpressionSyntaxError';
  }
}

type Token =
  | { kind: 'number'; value: number; start: number; end: number }
  | { kind: 'name'; value: string; start: number; end: number }
  | { kind: 'op'; value: string; start: number; end: number }
  | { kind: 'end'; start: number; end: number };

const ALIASES: Record<string, string> = { '×': '*', '÷': '/', '−': '-', '==': '=', '<>': '!=', '≥': '>=', '≤': '<=' };
const OPERATORS = ['<=', '>=', '!=', '==', '<>', '<', '>', '=', '+', '-', '*', '/', '(', ')', '×', '÷', '−', '≥', '≤'];
const MAX_LENGTH = 2000;
const MAX_DEPTH = 64;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const number = /^(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(source.slice(i));
    if (number) {
      if (/^[A-Za-z_]/.test(source.slice(i + number[0].length))) {
        throw new ExpressionSyntaxError({ at: i, zh: `名称不能以数字开头：${source.slice(i).split(/\s/)[0]}`, en: `a name cannot start with a digit: ${source.slice(i).split(/\s/)[0]}` });
      }
      tokens.push({ kind: 'number', value: Number(number[0]), start: i, end: i + number[0].length });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
    if (name) {
      tokens.push({ kind: 'name', value: name[0], start: i, end: i + name[0].length });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', value: ALIASES[op] ?? op, start: i, end: i + op.length });
      i += op.length;
      continue;
    }
    throw new ExpressionSyntaxError({ at: i, zh: `无法识别的字符“${ch}”`, en: `unexpected character "${ch}"` });
  }
  tokens.push({ kind: 'end', start: source.length, end: source.length });
  return tokens;
}

const describeToken = (t: Token): { zh: string; en: string } =>
  t.kind === 'end' ? { zh: '表达式结尾', en: 'the end of the expression' } : { zh: `“${String(t.value)}”`, en: `"${String(t.value)}"` };

/** Parses an expression; throws ExpressionSyntaxError with the offset of the first problem. */
export function parseExpression(source: string): Expr {
  if (source.length > MAX_LENGTH) throw new ExpressionSyntaxError({ at: MAX_LENGTH, zh: `表达式过长（至多 ${MAX_LENGTH} 个字符）`, en: `the expression is too long (at most ${MAX_LENGTH} characters)` });
  const tokens = tokenize(source);
  let pos = 0;
  let depth = 0;
  const peek = () => tokens[pos]!;
  const isOp = (...ops: string[]) => peek().kind === 'op' && ops.includes(peek().kind === 'op' ? (peek() as { value: string }).value : '');
  const isWord = (word: string) => peek().kind === 'name' && (peek() as { value: string }).value === word;
  const fail = (expected: { zh: string; en: string }): never => {
    const t = peek();
    const got = describeToken(t);
    throw new ExpressionSyntaxError({ at: t.start, zh: `此处应为${expected.zh}，实际是${got.zh}`, en: `expected ${expected.en} but found ${got.en}` });
  };
  const binary = (op: BinaryOp, left: Expr, right: Expr): Expr => ({ type: 'binary', op, left, right, start: left.start, end: right.end });

  function or(): Expr {
    let left = and();
    while (isWord('or')) {
      pos++;
      left = binary('or', left, and());
    }
    return left;
  }
  function and(): Expr {
    let left = not();
    while (isWord('and')) {
      pos++;
      left = binary('and', left, not());
    }
    return left;
  }
  function not(): Expr {
    if (isWord('not')) {
      const start = peek().start;
      pos++;
      const operand = nested(not);
      return { type: 'not', operand, start, end: operand.end };
    }
    return compare();
  }
  function compare(): Expr {
    const left = sum();
    if (isOp('<', '<=', '>', '>=', '=', '!=')) {
      const op = (peek() as { value: BinaryOp }).value;
      pos++;
      const result = binary(op, left, sum());
      if (isOp('<', '<=', '>', '>=', '=', '!=')) {
        const t = peek();
        throw new ExpressionSyntaxError({ at: t.start, zh: '比较不能连写（a < b < c），请用 and 连接两个比较', en: 'comparisons do not chain (a < b < c): join two comparisons with and' });
      }
      return result;
    }
    return left;
  }
  function sum(): Expr {
    let left = product();
    while (isOp('+', '-')) {
      const op = (peek() as { value: BinaryOp }).value;
      pos++;
      left = binary(op, left, product());
    }
    return left;
  }
  function product(): Expr {
    let left = unary();
    while (isOp('*', '/')) {
      const op = (peek() as { value: BinaryOp }).value;
      pos++;
      left = binary(op, left, unary());
    }
    return left;
  }
  function unary(): Expr {
    if (isOp('-')) {
      const start = peek().start;
      pos++;
      const operand = nested(unary);
      return { type: 'negate', operand, start, end: operand.end };
    }
    return atom();
  }
  function nested(rule: () => Expr): Expr {
    if (++depth > MAX_DEPTH) throw new ExpressionSyntaxError({ at: peek().start, zh: `嵌套过深（至多 ${MAX_DEPTH} 层）`, en: `nested too deeply (at most ${MAX_DEPTH} levels)` });
    try {
      return rule();
    } finally {
      depth--;
    }
  }
  function atom(): Expr {
    const t = peek();
    if (t.kind === 'number') {
      pos++;
      return { type: 'number', value: t.value, start: t.start, end: t.end };
    }
    if (t.kind === 'name') {
      if (t.value === 'and' || t.value === 'or' || t.value === 'not') fail({ zh: '数值、特征名或左括号', en: 'a number, a feature or "("' });
      pos++;
      if (t.value === 'true' || t.value === 'false') return { type: 'boolean', value: t.value === 'true', start: t.start, end: t.end };
      return { type: 'feature', name: t.value, start: t.start, end: t.end };
    }
    if (t.kind === 'op' && t.value === '(') {
      pos++;
      const inner = nested(or);
      if (!isOp(')')) fail({ zh: '右括号“)”', en: '")"' });
      const close = peek();
      pos++;
      return { ...inner, start: t.start, end: close.end };
    }
    return fail({ zh: '数值、特征名或左括号', en: 'a number, a feature or "("' });
  }

  const expr = or();
  if (peek().kind !== 'end') fail({ zh: '运算符或表达式结尾', en: 'an operator or the end of the expression' });
  return expr;
}

/** The feature names an expression reads, each once, in order of first use. */
export function featuresOf(expr: Expr): string[] {
  const names: string[] = [];
  const walk = (e: Expr): void => {
    if (e.type === 'feature') {
      if (!names.includes(e.name)) names.push(e.name);
    } else if (e.type === 'not' || e.type === 'negate') walk(e.operand);
    else if (e.type === 'binary') {
      walk(e.left);
      walk(e.right);
    }
  };
  walk(expr);
  return names;
}
