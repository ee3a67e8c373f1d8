/**
 * Champion/challenger: two groups of cases worked by two strategies, compared on rates. A rate
 * alone says nothing without its counts, so every rate comes with its numerator and denominator,
 * and the difference between the groups with a two-proportion z statistic (pooled standard
 * error) and a 95 % interval (unpooled): |z| < 1.96 means the groups are not told apart at that
 * level. With fewer than 5 successes or failures in a group the normal approximation is poor, and
 * the comparison says so instead of giving a z.
 */
export interface Proportion {
  hits: number;
  of: number;
  /** hits ÷ of; null when of is 0 */
  rate: number | null;
}

export interface Difference {
  /** challenger rate − champion rate */
  diff: number;
  z: number | null;
  low: number;
  high: number;
  /** the normal approximation holds: at least 5 hits and 5 misses in each group */
  reliable: boolean;
}

export function proportion(hits: number, of: number): Proportion {
  if (!Number.isInteger(hits) || !Number.isInteger(of) || hits < 0 || of < 0 || hits > of) throw new RangeError(`not a proportion: ${hits}/${of}`);
  return { hits, of, rate: of === 0 ? null : hits / of };
}

/** The challenger's rate against the champion's; null when either group is empty. */
export function compareProportions(champion: Proportion, challenger: Proportion): Difference | null {
  if (champion.of === 0 || challenger.of === 0) return null;
  const p1 = champion.hits / champion.of;
  const p2 = challenger.hits / challenger.of;
  const pooled = (champion.hits + challenger.hits) / (champion.of + challenger.of);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / champion.of + 1 / challenger.of));
  const se = Math.sqrt((p1 * (1 - p1)) / champion.of + (p2 * (1 - p2)) / challenger.of);
  const reliable = [champion, challenger].every((g) => g.hits >= 5 && g.of - g.hits >= 5);
  const diff = p2 - p1;
  return { diff, z: !reliable || sePooled === 0 ? null : diff / sePooled, low: diff - 1.96 * se, high: diff + 1.96 * se, reliable };
}
