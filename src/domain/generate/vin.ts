import { vinCheckChar } from '../identity.js';
import type { Rng } from './rng.js';

/** Characters a VIN may hold: no I, O or Q, which read as 1 and 0. */
export const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
// ISO 3779 model-year codes repeat every 30 years; 1980 and 2010 are both A.
const YEAR_CODES = 'ABCDEFGHJKLMNPRSTVWXY123456789';

export function modelYearCode(year: number): string {
  return YEAR_CODES[(((year - 1980) % 30) + 30) % 30] ?? '?';
}

/**
 * WMI (1–3) + descriptor (4–8: the model's fixed part plus two drawn characters) + check (9) +
 * model year (10) + plant (11) + serial (12–17), as GB 16735 lays it out for China.
 */
export function makeVin(rng: Rng, wmi: string, vds: string, plants: string, modelYear: number): string {
  const descriptor = (vds + rng.pick([...VIN_CHARS]) + rng.pick([...VIN_CHARS])).slice(0, 5);
  const rest = modelYearCode(modelYear) + rng.pick([...plants]) + rng.digits(6);
  const draft = `${wmi}${descriptor}0${rest}`;
  return `${wmi}${descriptor}${vinCheckChar(draft)}${rest}`;
}
