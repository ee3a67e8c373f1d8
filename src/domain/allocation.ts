/**
 * How a repayment is split: a waterfall that is data, not code branches. `order` lists the
 * components; `mode` says whether to settle one installment completely before the next
 * (installment-first, the usual 按期次 practice and the default) or to pay one component across
 * all due installments before the next component (component-first).
 */
export const COMPONENTS = ['penalty', 'interest', 'principal'] as const;
export type Component = (typeof COMPONENTS)[number];

export interface Waterfall {
  order: Component[];
  mode: 'installment-first' | 'component-first';
}

export const DEFAULT_WATERFALL: Waterfall = { order: ['penalty', 'interest', 'principal'], mode: 'installment-first' };

export function isWaterfall(value: unknown): value is Waterfall {
  if (typeof value !== 'object' || value === null) return false;
  const w = value as Partial<Waterfall>;
  return (
    (w.mode === 'installment-first' || w.mode === 'component-first') &&
    Array.isArray(w.order) &&
    w.order.length === COMPONENTS.length &&
    COMPONENTS.every((c) => w.order?.includes(c))
  );
}

export interface Owed {
  seq: number;
  component: Component;
  amountFen: number;
}

export interface AllocationLine {
  seq: number;
  component: Component;
  amountFen: number;
}

/**
 * Pays `amountFen` against what is owed (installments oldest first), in the waterfall's order.
 * Returns the lines paid and what is left over; money is conserved exactly.
 */
export function allocate(amountFen: number, owed: readonly Owed[], waterfall: Waterfall): { lines: AllocationLine[]; leftoverFen: number } {
  const rank = (o: Owed) => waterfall.order.indexOf(o.component);
  const sorted = [...owed]
    .filter((o) => o.amountFen > 0)
    .sort((a, b) => (waterfall.mode === 'installment-first' ? a.seq - b.seq || rank(a) - rank(b) : rank(a) - rank(b) || a.seq - b.seq));
  const lines: AllocationLine[] = [];
  let left = amountFen;
  for (const o of sorted) {
    if (left <= 0) break;
    const paid = Math.min(left, o.amountFen);
    lines.push({ seq: o.seq, component: o.component, amountFen: paid });
    left -= paid;
  }
  return { lines, leftoverFen: left };
}
