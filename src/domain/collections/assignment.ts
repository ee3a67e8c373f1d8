import { inShare } from '../stable-split.js';

export { bucketOf } from '../stable-split.js';

/** True when the loan belongs to the challenger's `percent` (0–100): see stable-split.ts for why a hash. */
export function inChallenger(seed: string, loanId: number, percent: number): boolean {
  return inShare(seed, loanId, percent);
}
