import { describe, expect, it } from 'vitest';
import type { BusinessDate } from '../../src/domain/business-date.js';
import { inForce, overlapping, type VersionRange } from '../../src/modules/collections/strategy-line.js';

const v = (version: number, from: string, to: string | null = null): VersionRange => ({ id: version, code: 'cn-standard', version, from: from as BusinessDate, to: to as BusinessDate | null });

describe('when strategy versions apply', () => {
  const line = [v(1, '2026-01-01'), v(2, '2027-01-01'), v(3, '2027-06-01', '2027-06-30')];

  it('runs each until its end or the next one starts', () => {
    expect(inForce(line, '2025-12-31' as BusinessDate)).toBeNull();
    expect(inForce(line, '2026-12-31' as BusinessDate)?.version).toBe(1);
    expect(inForce(line, '2027-01-01' as BusinessDate)?.version).toBe(2);
    expect(inForce(line, '2027-06-15' as BusinessDate)?.version).toBe(3);
    // after a bounded version ends nothing applies until another is published
    expect(inForce(line, '2027-07-01' as BusinessDate)).toBeNull();
  });

  it('refuses a version that overlaps one published', () => {
    expect(overlapping(line, v(4, '2027-01-01'))?.version).toBe(2); // same start
    expect(overlapping(line, v(4, '2026-06-01'))?.version).toBe(2); // open-ended, starting before a later one
    expect(overlapping(line, v(4, '2027-06-15'))?.version).toBe(3); // inside an explicit range
    expect(overlapping(line, v(4, '2027-07-01'))).toBeNull(); // after everything
    expect(overlapping(line, v(4, '2026-05-01', '2026-05-31'))).toBeNull(); // a bounded campaign inside an open-ended one
    expect(overlapping(line, v(4, '2026-05-01', '2027-01-01'))?.version).toBe(2); // … that runs into the next
  });
});
