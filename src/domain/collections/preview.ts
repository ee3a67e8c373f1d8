import type { Action } from './strategy.js';
import type { Evaluation } from './evaluate.js';

export interface PreviewRow {
  group: 'champion' | 'challenger';
  segment: string | null;
  step: string | null;
  action: Action | null;
  loans: number;
  overdueFen: number;
  /** a few loan ids to open, lowest first */
  sample: number[];
}

/**
 * "Which loans would this draft pick today, and what would it do": evaluations grouped by
 * (group, segment, step), with counts, the overdue amount behind them and a sample to open.
 * Rows come in strategy order (segments as written, unmatched last) so the preview reads like
 * the document.
 */
export function summarisePreview(evaluations: readonly Evaluation[], overdueFenOf: (loanId: number) => number, segmentOrder: readonly string[], sampleSize = 5): PreviewRow[] {
  const rows = new Map<string, PreviewRow>();
  for (const e of evaluations) {
    const key = `${e.group}|${e.segment ?? ''}|${e.decision?.step ?? ''}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = { group: e.group, segment: e.segment, step: e.decision?.step ?? null, action: e.decision?.action ?? null, loans: 0, overdueFen: 0, sample: [] };
      rows.set(key, row);
    }
    row.loans += 1;
    row.overdueFen += overdueFenOf(e.loanId);
    row.sample.push(e.loanId);
  }
  const rank = (segment: string | null) => (segment === null ? segmentOrder.length : segmentOrder.indexOf(segment));
  return [...rows.values()]
    .map((r) => ({ ...r, sample: [...r.sample].sort((a, b) => a - b).slice(0, sampleSize) }))
    .sort((a, b) => (a.group === b.group ? 0 : a.group === 'champion' ? -1 : 1) || rank(a.segment) - rank(b.segment) || (a.step ?? '').localeCompare(b.step ?? ''));
}
