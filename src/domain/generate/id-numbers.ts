import type { BusinessDate } from '../business-date.js';
import { residentIdCheckChar, usccCheckChar } from '../identity.js';
import type { Gender } from './names.js';
import type { Rng } from './rng.js';

/**
 * GB 11643 resident ID: region (6) + birth date (8) + sequence (3, last digit odd for men, even
 * for women) + check character.
 */
export function residentIdNumber(rng: Rng, regionCode: string, birthDate: BusinessDate, gender: Gender): string {
  const genderDigit = 2 * rng.int(0, 4) + (gender === 'M' ? 1 : 0);
  const first17 = regionCode + birthDate.replaceAll('-', '') + rng.digits(2) + String(genderDigit);
  return first17 + residentIdCheckChar(first17);
}

export function genderOfResidentId(id: string): Gender {
  return Number(id[16]) % 2 === 1 ? 'M' : 'F';
}

export function birthDateOfResidentId(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 organization-code check character over the 8-character body (digits, A=10 … Z=35). */
export function orgCodeCheckChar(body8: string): string {
  const sum = ORG_WEIGHTS.reduce((acc, w, i) => acc + w * parseInt(body8[i] ?? '0', 36), 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

// Characters GB 32100 allows, less I O S V Z.
const USCC_BODY = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * A GB 32100 code for a company (registration authority 9 = market regulation, type 1 =
 * enterprise) in `regionCode`. The embedded organization code carries its own GB 11714 check,
 * as real codes do; since 2015 new registrations get bodies starting "MA".
 */
export function unifiedSocialCreditCode(rng: Rng, regionCode: string): string {
  const body = rng.chance(0.6) ? 'MA' + Array.from({ length: 6 }, () => rng.pick([...USCC_BODY])).join('') : rng.digits(8);
  const first17 = '91' + regionCode + body + orgCodeCheckChar(body);
  return first17 + usccCheckChar(first17);
}

/**
 * Mainland mobile prefixes in use, weighted roughly by subscribers: the old 13x/15x/18x blocks
 * dominate; 17x, 19x and 166 are newer.
 */
const MOBILE_PREFIXES: readonly (readonly [string, number])[] = [
  ...['130', '131', '132', '133', '134', '135', '136', '137', '138', '139'].map((p) => [p, 10] as const),
  ...['150', '151', '152', '153', '155', '156', '157', '158', '159'].map((p) => [p, 8] as const),
  ...['180', '181', '182', '183', '184', '185', '186', '187', '188', '189'].map((p) => [p, 8] as const),
  ...['170', '171', '173', '175', '176', '177', '178'].map((p) => [p, 2] as const),
  ...['145', '147', '166', '191', '193', '195', '198', '199'].map((p) => [p, 2] as const),
];

export function mobileNumber(rng: Rng): string {
  return rng.weighted(MOBILE_PREFIXES) + rng.digits(8);
}
