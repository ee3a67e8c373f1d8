/**
 * The LTV bands of the distribution page, as data: each band holds loans with fromBp ≤ LTV < toBp
 * (basis points, 10,000 = 100 %). `none` holds loans whose collateral is valued at nothing, whose
 * LTV is infinite (stored as NULL): they are the worst, not missing, so they get a band of their own.
 */
export interface LtvBand {
  code: string;
  fromBp: number | null;
  toBp: number | null;
}

export const LTV_BANDS: readonly LtvBand[] = [
  { code: 'lt50', fromBp: 0, toBp: 5000 },
  { code: '50-70', fromBp: 5000, toBp: 7000 },
  { code: '70-80', fromBp: 7000, toBp: 8000 },
  { code: '80-90', fromBp: 8000, toBp: 9000 },
  { code: '90-100', fromBp: 9000, toBp: 10_000 },
  { code: '100-120', fromBp: 10_000, toBp: 12_000 },
  { code: 'ge120', fromBp: 12_000, toBp: null },
  { code: 'none', fromBp: null, toBp: null },
];

export const LTV_BAND_CODES = LTV_BANDS.map((b) => b.code) as [string, ...string[]];
