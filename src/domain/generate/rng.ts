/**
 * A seeded random source for generated portfolios: sfc32 (Chris Doty-Humphrey's small fast
 * counting generator, 128-bit state) seeded by the cyrb128 string hash. Neither is
 * cryptographic; both are small, fast and give the same numbers on every platform, which is all
 * a reproducible demo book needs.
 *
 * Streams are addressed by a key path rather than drawn one after another from a single
 * generator: `rngFor(seed, 'loan', 7, 'vehicle')` depends only on its path, so adding a draw to
 * the borrower of loan 6 — or to another field of loan 7 — never shifts loan 7's vehicle.
 */
export type Seed = string | number;
export type KeyPart = string | number;

export interface Rng {
  /** The key path this stream was derived from; `child` extends it. */
  readonly key: string;
  /** A uniform unsigned 32-bit integer. */
  uint32(): number;
  /** Uniform in [0, 1). */
  float(): number;
  /** A uniform integer from `min` to `max`, both included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One value, chosen with probability proportional to its (non-negative) weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** Normally distributed (Box–Muller). */
  normal(mean: number, sd: number): number;
  /** `count` decimal digits as a string, leading zeros kept. */
  digits(count: number): string;
  /** An independent stream named by this one's key plus `parts`; it ignores this stream's draws. */
  child(...parts: KeyPart[]): Rng;
}

/** cyrb128 (bryc, public domain): four 32-bit words from a string. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

function sfc32(seedWords: [number, number, number, number]): () => number {
  let [a, b, c, d] = seedWords;
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  // The first outputs after seeding are still correlated with the hash; discard them.
  for (let i = 0; i < 12; i++) next();
  return next;
}

function makeRng(key: string): Rng {
  const next = sfc32(cyrb128(key));
  const float = (): number => next() / 4294967296;
  const rng: Rng = {
    key,
    uint32: next,
    float,
    int(min, max) {
      if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) throw new RangeError(`int(${min}, ${max}): need integers with min ≤ max`);
      const span = max - min + 1;
      // One 32-bit draw; beyond 2^32 values the lower bits would never be reached.
      if (span > 4294967296) throw new RangeError(`int(${min}, ${max}): the range is wider than 2^32`);
      return min + Math.floor(float() * span);
    },
    chance(p) {
      return float() < p;
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(float() * items.length)] as (typeof items)[number];
    },
    weighted(entries) {
      let total = 0;
      for (const [, w] of entries) {
        if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weights must be finite and non-negative (got ${w})`);
        total += w;
      }
      if (total <= 0) throw new RangeError('weighted: no entry has a positive weight');
      let x = float() * total;
      for (const [value, w] of entries) {
        if (x < w) return value;
        x -= w;
      }
      // Floating-point leftovers land on the last entry with a positive weight.
      for (let i = entries.length - 1; ; i--) {
        const entry = entries[i];
        if (entry && entry[1] > 0) return entry[0];
      }
    },
    normal(mean, sd) {
      const u = 1 - float();
      const v = float();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    digits(count) {
      let out = '';
      for (let i = 0; i < count; i++) out += String(Math.floor(float() * 10));
      return out;
    },
    child(...parts) {
      return makeRng(extendKey(key, parts));
    },
  };
  return rng;
}

// JSON keeps ('a/b') and ('a', 'b') apart; numbers and strings are one namespace so that the CLI's
// `--seed 42` and a test's `rngFor(42)` give the same book.
function extendKey(base: string, parts: readonly KeyPart[]): string {
  return parts.reduce<string>((acc, part) => `${acc}${JSON.stringify(String(part))}`, base);
}

/** The stream for `seed` and a key path: `rngFor(seed, 'loan', i)`. */
export function rngFor(seed: Seed, ...parts: KeyPart[]): Rng {
  return makeRng(extendKey('', [seed, ...parts]));
}
