/**
 * Cut points at the k-quantiles of sorted values, as upper bounds: bin i holds values in
 * (cut[i-1], cut[i]], the last bin everything above the last cut. Ties never straddle a cut, so a
 * heavy value (many zeros) makes one bin and fewer than k bins come out.
 */
export function quantileCuts(sorted: ArrayLike<number>, k: number): number[] {
  const n = sorted.length;
  const cuts: number[] = [];
  if (n === 0) return cuts;
  const max = sorted[n - 1]!;
  for (let j = 1; j < k; j++) {
    const cut = sorted[Math.max(0, Math.floor((j * n) / k) - 1)]!;
    if (cut < max && (cuts.length === 0 || cut > cuts[cuts.length - 1]!)) cuts.push(cut);
  }
  return cuts;
}

/** Index of the bin (cut[i-1], cut[i]] holding x: the first cut ≥ x, or cuts.length above them all. */
export function binOf(cuts: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A numeric copy sorted ascending (typed arrays sort numerically, unlike Array#sort). */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}
