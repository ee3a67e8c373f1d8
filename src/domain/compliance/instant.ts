/**
 * An instant is epoch milliseconds, branded. Epoch ms rather than an ISO string because every
 * compliance rule compares and adds instants, and a number does that without parsing; the API
 * converts at its edge. Parsing demands an explicit offset: `Date.parse` reads an offset-less
 * string in the process's own zone, which would make a verdict depend on the server it ran on.
 */
export type Instant = number & { readonly __brand: 'Instant' };

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export class InvalidInstant extends Error {
  constructor(readonly input: unknown) {
    super(`not an instant (ISO-8601 with Z or ±HH:MM, or safe-integer epoch ms): ${JSON.stringify(input)}`);
    this.name = 'InvalidInstant';
  }
}

export function instantFromMs(ms: number): Instant {
  if (!Number.isSafeInteger(ms)) throw new InvalidInstant(ms);
  return ms as Instant;
}

export function instantFromIso(input: string): Instant {
  if (!ISO_WITH_OFFSET.test(input)) throw new InvalidInstant(input);
  const ms = Date.parse(input);
  if (Number.isNaN(ms)) throw new InvalidInstant(input);
  return ms as Instant;
}

/** UTC, with milliseconds: `2024-03-10T12:00:00.000Z`. */
export function instantToIso(instant: Instant): string {
  return new Date(instant).toISOString();
}

export function addMs(instant: Instant, ms: number): Instant {
  return (instant + ms) as Instant;
}

export function maxInstant(instants: readonly Instant[]): Instant {
  if (instants.length === 0) throw new Error('maxInstant of nothing');
  return Math.max(...instants) as Instant;
}
