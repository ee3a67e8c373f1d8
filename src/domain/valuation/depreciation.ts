/**
 * Vehicle depreciation by segment, fitted from used-car listings.
 *
 * Model: ln(price) = α(make, model) + β_age · age + β_km · (km / 10,000), fitted per segment with
 * a separate intercept for every make and model (fixed effects, by demeaning within each model).
 * Without those intercepts the slopes would mostly measure the mix: old listings are more often
 * cheap models. With them, exp(β_age · age + β_km · km/10⁴) is the share of its new price a car
 * keeps, which is what a lender needs: it knows each financed car's own price when new, in yuan,
 * and only borrows the rate of decay from the market.
 *
 * The listings (shared/data/uk_used_cars) are British, priced in pounds, with mileage in miles;
 * only the rates are used, mileage is converted to km, and the data year (2020) is the age origin.
 */
export const SEGMENTS = ['economy', 'mid', 'luxury', 'suv', 'mpv', 'new_energy'] as const;
export type Segment = (typeof SEGMENTS)[number];

const norm = (s: string) => s.trim().toLowerCase().replace(/[\s-]+/g, ' ');
const list = (xs: string) => new Set(xs.split('|').map(norm));

const SUV = list(
  'kuga|ecosport|edge|tiguan|t roc|t cross|touareg|q2|q3|q5|q7|q8|x1|x2|x3|x4|x5|x6|x7|glc class|gla class|gle class|gls class|g class|glb class|mokka|mokka x|crossland x|grandland x|kodiaq|karoq|yeti|yeti outdoor|tucson|kona|santa fe|ix35|c hr|rav4|land cruiser|highlander|puma',
);
const MPV = list('zafira|zafira tourer|b class|c max|grand c max|b max|touran|s max|galaxy|sharan|v class|meriva|golf sv|ix20|combo life|verso|caddy maxi life|caravelle|tourneo custom|tourneo connect|grand tourneo connect|roomster|x class');
const LUXURY = list('e class|s class|cls class|sl class|cl class|slk|m class|5 series|6 series|7 series|8 series|4 series|m4|m5|i8|a5|a6|a7|a8|tt|r8|rs4|rs5|rs6|rs3|s4|s5|s8|arteon|phaeton|supra');
const ECONOMY = list('fiesta|ka|ka+|corsa|adam|viva|agila|polo|up|fox|yaris|aygo|iq|fabia|citigo|rapid|scala|a1|i10|i20|getz');

/** The segment of a make/model; hybrids and electrics are new-energy whatever their body. */
export function segmentOf(model: string, fuel: string): Segment {
  const f = norm(fuel);
  if (f === 'electric' || f === 'hybrid') return 'new_energy';
  const m = norm(model);
  if (SUV.has(m)) return 'suv';
  if (MPV.has(m)) return 'mpv';
  if (LUXURY.has(m)) return 'luxury';
  if (ECONOMY.has(m)) return 'economy';
  return 'mid';
}

export interface Listing {
  make: string;
  model: string;
  segment: Segment;
  ageYears: number;
  km: number;
  price: number;
}

export interface SegmentFit {
  segment: Segment;
  listings: number;
  models: number;
  /** change in ln(price) per year of age */
  perYear: number;
  /** change in ln(price) per 10,000 km */
  per10kKm: number;
  /** share of within-model variance of ln(price) explained */
  r2Within: number;
  /** root mean square error of ln(price), within model (≈ relative error) */
  rmseLog: number;
  /** median absolute percentage error of the fitted price, with each model's own intercept */
  medianApe: number;
}

/** Fits one segment; needs listings from models with at least two listings each. */
export function fitSegment(segment: Segment, rows: readonly Listing[]): SegmentFit {
  const groups = new Map<string, Listing[]>();
  for (const r of rows) {
    const key = `${norm(r.make)}|${norm(r.model)}`;
    const g = groups.get(key) ?? [];
    g.push(r);
    groups.set(key, g);
  }
  // demean within each model: x = (age, km/1e4), y = ln price
  const xs: [number, number][] = [];
  const ys: number[] = [];
  const means = new Map<string, { a: number; k: number; y: number }>();
  for (const [key, g] of groups) {
    if (g.length < 2) continue;
    const a = g.reduce((s, r) => s + r.ageYears, 0) / g.length;
    const k = g.reduce((s, r) => s + r.km / 1e4, 0) / g.length;
    const y = g.reduce((s, r) => s + Math.log(r.price), 0) / g.length;
    means.set(key, { a, k, y });
    for (const r of g) {
      xs.push([r.ageYears - a, r.km / 1e4 - k]);
      ys.push(Math.log(r.price) - y);
    }
  }
  if (ys.length < 10) throw new Error(`segment ${segment} has too few listings to fit (${ys.length})`);
  let saa = 0, sak = 0, skk = 0, say = 0, sky = 0, syy = 0;
  for (let i = 0; i < ys.length; i++) {
    const [a, k] = xs[i]!;
    const y = ys[i]!;
    saa += a * a;
    sak += a * k;
    skk += k * k;
    say += a * y;
    sky += k * y;
    syy += y * y;
  }
  const det = saa * skk - sak * sak;
  if (Math.abs(det) < 1e-9) throw new Error(`segment ${segment}: age and mileage are collinear`);
  const perYear = (say * skk - sky * sak) / det;
  const per10kKm = (sky * saa - say * sak) / det;
  let sse = 0;
  const apes: number[] = [];
  for (let i = 0; i < ys.length; i++) {
    const [a, k] = xs[i]!;
    const e = ys[i]! - (perYear * a + per10kKm * k);
    sse += e * e;
    apes.push(Math.abs(Math.exp(-e) - 1));
  }
  apes.sort((p, q) => p - q);
  return {
    segment,
    listings: ys.length,
    models: means.size,
    perYear,
    per10kKm,
    r2Within: 1 - sse / syy,
    rmseLog: Math.sqrt(sse / ys.length),
    medianApe: apes[Math.floor(apes.length / 2)]!,
  };
}

/** The share of its new price a car keeps at this age and mileage, capped at 1 (a car never gains by ageing). */
export function retainedShare(fit: Pick<SegmentFit, 'perYear' | 'per10kKm'>, ageYears: number, km: number): number {
  return Math.min(1, Math.exp(fit.perYear * Math.max(0, ageYears) + fit.per10kKm * (Math.max(0, km) / 1e4)));
}

/** A model value in fen: the car's own new price times what its segment keeps. */
export function modelValueFen(fit: Pick<SegmentFit, 'perYear' | 'per10kKm'>, newPriceFen: number, ageYears: number, km: number): number {
  return Math.round(newPriceFen * retainedShare(fit, ageYears, km));
}
