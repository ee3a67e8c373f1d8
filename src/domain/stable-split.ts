/**
 * Experiments and samples (champion/challenger, QA sampling) need the same record in the same group
 * on every run, on every machine, whatever order records are read in, and independent groups for
 * different experiments: so the group comes from a hash of (seed, id), never from a random draw or
 * a row number. FNV-1a is enough here: it is not a secret, only a stable, well-spread split.
 */
/** A stable slot 0–9,999 for (seed, id). */
export function bucketOf(seed: string, id: number): number {
  let h = 0x811c9dc5;
  const text = `${seed}:${id}`;
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

/** True when the id falls in the first `percent` (0–100, two decimals honoured) of the slots. */
export function inShare(seed: string, id: number, percent: number): boolean {
  return bucketOf(seed, id) < Math.round(percent * 100);
}
