import pg from 'pg';

/**
 * One type mapping for both drivers: PGlite is reached through its node-postgres adapter, so the
 * same `pg` parsers run on both, and a query cannot return a different shape on PGlite than on
 * PostgreSQL. Money is integer fen in `bigint` columns: it comes back as a JS number, refused if it
 * is beyond 2^53 rather than silently rounded. `numeric` stays a string (rates go to decimal.js).
 * `date` stays `YYYY-MM-DD` (a `Date` would be local midnight and drift a day in other zones).
 * `timestamptz` becomes an ISO-8601 UTC string, so JSON responses and tests see one format.
 */
const OID = { int8: 20, numeric: 1700, date: 1082, timestamp: 1114, timestamptz: 1184 } as const;

export function parseBigint(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`bigint ${text} is outside the safe integer range and cannot be represented exactly`);
  }
  return value;
}

const TIMESTAMP = /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?$/;

/** `2026-11-22 21:54:27.123456+08` → `2026-11-22T13:54:27.123Z`; `infinity` passes through. */
export function parseTimestamp(text: string): string {
  const m = TIMESTAMP.exec(text);
  if (!m) return text;
  const [, y, mo, d, h, mi, s, frac, sign, oh, om, os] = m;
  const millis = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  const offsetSeconds = sign
    ? (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0))
    : 0;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), millis);
  return new Date(utc - offsetSeconds * 1000).toISOString();
}

const identity = (text: string): string => text;

const PARSERS: Record<number, (text: string) => unknown> = {
  [OID.int8]: parseBigint,
  [OID.numeric]: identity,
  [OID.date]: identity,
  [OID.timestamp]: parseTimestamp,
  [OID.timestamptz]: parseTimestamp,
};

export const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    const parser = PARSERS[oid];
    if (parser && (format === undefined || format === 'text')) return parser;
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};
