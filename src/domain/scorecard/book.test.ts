import { describe, expect, it } from 'vitest';
import { parseBusinessDate } from '../business-date.js';
import { bookDataset, bookSha256, isMonthEnd, monthEndsAfter, monthEndsBefore } from './book.js';
import { behaviourFeatures } from './features.js';

const d = parseBusinessDate;

describe('month ends of the book sample', () => {
  it('counts back and forth across years and February', () => {
    expect(monthEndsBefore(d('2026-03-05'), 3)).toEqual(['2026-02-28', '2026-01-31', '2025-12-31']);
    // a month end itself is not before itself
    expect(monthEndsBefore(d('2024-03-31'), 2)).toEqual(['2024-02-29', '2024-01-31']);
    expect(monthEndsAfter(d('2025-12-31'), 3)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31']);
    expect(monthEndsAfter(d('2025-11-15'), 2)).toEqual(['2025-11-30', '2025-12-31']);
    expect([isMonthEnd(d('2025-02-28')), isMonthEnd(d('2024-02-28')), isMonthEnd(d('2025-12-31'))]).toEqual([true, false, true]);
  });
});

describe('the book data set', () => {
  const features = behaviourFeatures({ monthlyDpd: [0, 12, 40], dueFen: [0, 100, 100], paidFen: [0, 50, 0], ltv: null, alerts12m: 1, followupDiscrepancies12m: 0 });
  const rows = [
    { loanId: 7, features, bad: true },
    { loanId: 3, features: { ...features, maxDpd3m: 0 }, bad: false },
  ];

  it('has the behaviour features as columns, missing values as NaN, and the target', () => {
    const data = bookDataset(rows);
    expect(data.rows).toBe(2);
    expect(data.features[0]).toBe('maxDpd3m');
    expect(Array.from(data.columns[0]!)).toEqual([40, 0]);
    expect(Number.isNaN(data.columns[data.features.indexOf('ltv')]![0]!)).toBe(true);
    expect(Array.from(data.target)).toEqual([1, 0]);
  });

  it('hashes the sample whatever order it was read in, and any change changes the hash', () => {
    expect(bookSha256(rows)).toBe(bookSha256([...rows].reverse()));
    expect(bookSha256(rows)).toMatch(/^[0-9a-f]{64}$/);
    expect(bookSha256([rows[0]!, { ...rows[1]!, bad: true }])).not.toBe(bookSha256(rows));
  });
});
