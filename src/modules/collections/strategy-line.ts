import type { BusinessDate } from '../../domain/business-date.js';

/**
 * When published strategy versions apply. A version runs from its effective_from until its
 * effective_to, or until the next published version of its line starts, whichever is first: so
 * head office replaces an open-ended standard by publishing the next version with a later start,
 * and nothing already published is ever edited. A line is the champion's (every code no other
 * document names as its challenger) or one challenger code's own versions.
 *
 * Publishing is refused when the new version would overlap one already published: the same start,
 * a start before a later version's (history is not rewritten in the middle, unless the new
 * version ends before that one starts), or a start inside a range an earlier version set
 * explicitly with its effective_to.
 */
export interface VersionRange {
  id: number;
  code: string;
  version: number;
  from: BusinessDate;
  to: BusinessDate | null;
}

export function overlapping(published: readonly VersionRange[], candidate: Omit<VersionRange, 'id'>): VersionRange | null {
  for (const e of published) {
    if (e.from === candidate.from) return e;
    if (e.from > candidate.from && (candidate.to === null || candidate.to >= e.from)) return e;
    if (e.from < candidate.from && e.to !== null && e.to >= candidate.from) return e;
  }
  return null;
}

/** The version of a line in force on `date`: the latest start on or before it, not ended. */
export function inForce<T extends VersionRange>(line: readonly T[], date: BusinessDate): T | null {
  let found: T | null = null;
  for (const v of line) if (v.from <= date && (found === null || v.from > found.from)) found = v;
  if (found === null || (found.to !== null && found.to < date)) return null;
  return found;
}
