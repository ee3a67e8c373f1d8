import { inShare } from '../stable-split.js';

/**
 * Quality assurance (质检) sample: a stable share of completed follow-ups, plus every one with a
 * discrepancy or a correction, because those are where a wrong record does harm. Stable by seed
 * so a rerun of the selection picks the same ones and an agent cannot guess which.
 */
export function selectForQa(items: readonly { id: number; hasDiscrepancy: boolean; corrected: boolean }[], percent: number, seed: string): { id: number; why: 'sample' | 'discrepancy' | 'correction' }[] {
  if (!(percent >= 0 && percent <= 100)) throw new RangeError('the QA share must be 0 to 100 %');
  const out: { id: number; why: 'sample' | 'discrepancy' | 'correction' }[] = [];
  for (const x of items) {
    if (x.corrected) out.push({ id: x.id, why: 'correction' });
    else if (x.hasDiscrepancy) out.push({ id: x.id, why: 'discrepancy' });
    else if (inShare(seed, x.id, percent)) out.push({ id: x.id, why: 'sample' });
  }
  return out;
}
