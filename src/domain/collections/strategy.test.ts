import { describe, expect, it } from 'vitest';
import { DEFAULT_BANDS } from '../delinquency.js';
import { DEFAULT_STRATEGY } from './default-strategy.js';
import { validateStrategy } from './strategy.js';

const bands = DEFAULT_BANDS.map((b) => b.code);
const clone = () => structuredClone(DEFAULT_STRATEGY) as unknown as Record<string, unknown> & { segments: Record<string, unknown>[] };

describe('strategy documents', () => {
  it('accepts the shipped head-office strategy', () => {
    expect(validateStrategy(DEFAULT_STRATEGY, bands)).toEqual({ ok: true, strategy: DEFAULT_STRATEGY });
  });

  it('names the field of a schema error so an editor can show it inline', () => {
    const doc = clone();
    (doc.segments[4]!.treatments as Record<string, unknown>[])[0]!.action = 'carrier_pigeon';
    const result = validateStrategy(doc, bands);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toEqual([['segments', 4, 'treatments', 0, 'action']]);
  });

  it('refuses unknown fields rather than ignoring them', () => {
    const doc = clone();
    (doc.segments[1]!.when as Record<string, unknown>).dpdMinn = 3;
    const result = validateStrategy(doc, bands);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]!.path).toEqual(['segments', 1, 'when']);
  });

  it('reports every semantic problem with its path', () => {
    const doc = clone();
    doc.segments[2]!.code = doc.segments[1]!.code;
    Object.assign(doc.segments[5]!.when as object, { dpdMin: 40, dpdMax: 30 });
    Object.assign(doc.segments[6]!.when as object, { buckets: ['M2', 'M9'] });
    const steps = doc.segments[7]!.treatments as { day: number }[];
    steps[1]!.day = steps[0]!.day;
    doc.challenger = { code: doc.code, percent: 10, seed: 's' };
    doc.effectiveTo = '2025-12-31';
    const result = validateStrategy(doc, bands);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path.join('.'))).toEqual([
      'effectiveTo',
      'challenger.code',
      'segments.2.code',
      'segments.5.when.dpdMax',
      'segments.6.when.buckets.1',
      'segments.7.treatments.1.day',
    ]);
    expect(result.issues[4]!.message).toContain('M9');
  });

  it('refuses a tag both required and excluded, and bad dates', () => {
    const doc = clone();
    Object.assign(doc.segments[0]!.when as object, { tagsNone: ['dispute'] });
    doc.effectiveFrom = '2026-02-30';
    const bad = validateStrategy(doc, bands);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((i) => i.path.join('.'))).toEqual(['effectiveFrom']);
    doc.effectiveFrom = '2026-01-01';
    const again = validateStrategy(doc, bands);
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.issues.map((i) => i.path.join('.'))).toEqual(['segments.0.when.tagsNone']);
  });
});
