import type { Powertrain } from './vehicle-catalog.js';
import type { Region } from './regions.js';
import type { Rng } from './rng.js';

// GA 36-2018: serial letters exclude I and O, which read as 1 and 0.
const PLATE_LETTERS = [...'ABCDEFGHJKLMNPQRSTUVWXYZ'];
const DIGITS = [...'0123456789'];

/**
 * A plate of the borrower's city: 京A·12345, 粤B·3K8J2; new-energy cars carry six serial
 * characters starting D (pure electric) or F (plug-in hybrid), 沪B·D12345.
 */
export function licensePlate(rng: Rng, region: Region, powertrain: Powertrain): string {
  const head = `${region.plateProvince}${rng.pick(region.plateLetters)}·`;
  if (powertrain !== 'ice') {
    const second = rng.chance(0.5) ? rng.pick(PLATE_LETTERS) : rng.pick(DIGITS);
    return `${head}${powertrain === 'bev' ? 'D' : 'F'}${second}${rng.digits(4)}`;
  }
  // Ordinary serials hold at most two letters.
  const letters = rng.weighted([[0, 35], [1, 45], [2, 20]] as const);
  const serial = Array.from({ length: 5 }, () => rng.pick(DIGITS));
  const positions = [0, 1, 2, 3, 4];
  for (let i = 0; i < letters; i++) {
    const at = positions.splice(rng.int(0, positions.length - 1), 1)[0] ?? 0;
    serial[at] = rng.pick(PLATE_LETTERS);
  }
  return head + serial.join('');
}
