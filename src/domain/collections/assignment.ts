/**
 * Champion/challenger needs the same account in the same group on every run, on every machine,
 * whatever order loans are read in, and independent groups for different experiments: so the
 * group comes from a hash of (experiment seed, loan id), never from a random draw or a row number.
 * FNV-1a is enough here: it is not a secret, only a stable, well-spread split.
 */
export function bucketOf(seed: string, loanId: number): number {
  let h = 0x811c9dc5;
  const text = `${seed}:${loanId}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // a final avalanche (murmur3's fmix32) so consecutive ids do not land in neighbouring slots
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) % 10_000;
}

/** True when the loan belongs to the challenger's `percent` (0–100, two decimals honoured). */
export function inChallenger(seed: string, loanId: number, percent: number): boolean {
  return bucketOf(seed, loanId) < Math.round(percent * 100);
}
