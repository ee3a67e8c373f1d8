import { describe, expect, it } from 'vitest';
import { parseBigint, parseTimestamp } from './type-parsers.js';

describe('type parsers', () => {
  it('turns timestamps with any offset into one UTC ISO form', () => {
    expect(parseTimestamp('2026-11-22 21:54:27.123456+00')).toBe('2026-11-22T21:54:27.123Z');
    expect(parseTimestamp('2026-11-22 21:54:27+08')).toBe('2026-11-22T13:54:27.000Z');
    expect(parseTimestamp('2026-11-22 01:00:00-05:30')).toBe('2026-11-22T06:30:00.000Z');
    expect(parseTimestamp('infinity')).toBe('infinity');
  });

  it('maps bigint to a number and refuses what a number cannot hold exactly', () => {
    expect(parseBigint('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseBigint('-42')).toBe(-42);
    expect(() => parseBigint('9007199254740992')).toThrow(/safe integer/);
  });
});
