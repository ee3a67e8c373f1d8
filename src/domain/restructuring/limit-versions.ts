import type { BusinessDate } from '../business-date.js';
import type { AuthorityLimit, Quota } from './authority.js';

/**
 * Authority limits and branch quotas are versioned data: each version carries the date it takes
 * effect, and the version in force on a date is the one with the latest start on or before it
 * (for one start, the later version: it corrected the earlier). Past versions stay, so a decision
 * reads against the limits of its day; versions dated ahead are scheduled changes.
 */
export interface Versioned {
  id: number;
  effectiveFrom: BusinessDate;
}

const later = (a: Versioned, b: Versioned) => a.effectiveFrom > b.effectiveFrom || (a.effectiveFrom === b.effectiveFrom && a.id > b.id);

/** The version in force on `on` for each key. */
export function inForce<T extends Versioned>(versions: readonly T[], keyOf: (v: T) => string, on: BusinessDate): Map<string, T> {
  const out = new Map<string, T>();
  for (const v of versions) {
    if (v.effectiveFrom > on) continue;
    const key = keyOf(v);
    const seen = out.get(key);
    if (!seen || later(v, seen)) out.set(key, v);
  }
  return out;
}

export interface AuthorityVersion extends Versioned, AuthorityLimit {}

export function authorityOn(versions: readonly AuthorityVersion[], on: BusinessDate): AuthorityLimit[] {
  return [...inForce(versions, (v) => v.role, on).values()].map((v) => ({ role: v.role, maxWaivedFen: v.maxWaivedFen, maxExtraMonths: v.maxExtraMonths }));
}

export interface QuotaVersion extends Versioned, Quota {
  /** the branch the quota was set on, as its materialised path (`/HO/BJ/`) */
  branchPath: string;
}

/** A branch's quota on a date: its own version in force, else its nearest ancestor's; null when none is set anywhere above it. */
export function quotaOn(versions: readonly QuotaVersion[], branchPath: string, on: BusinessDate): (QuotaVersion & { inherited: boolean }) | null {
  const candidates = [...inForce(versions.filter((v) => branchPath.startsWith(v.branchPath)), (v) => v.branchPath, on).values()];
  const nearest = candidates.reduce<QuotaVersion | null>((best, v) => (best === null || v.branchPath.length > best.branchPath.length ? v : best), null);
  return nearest ? { ...nearest, inherited: nearest.branchPath !== branchPath } : null;
}
