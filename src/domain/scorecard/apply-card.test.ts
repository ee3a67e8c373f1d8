import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardScorer, scoreBand } from './apply-card.js';
import type { CardFeature } from './model-card.js';
import { DEFAULT_GRADES } from './points.js';

const bin = (label: string, rule: CardFeature['bins'][number]['rule'], points: number) => ({ label, rule, count: 10, bads: 1, badRate: 0.1, woe: 0, points });
const dpd: CardFeature = {
  name: 'maxDpd3m',
  type: 'numeric',
  direction: 'up',
  iv: 0.5,
  coefficient: -1,
  unseenPoints: 60,
  bins: [bin('≤ 0', { kind: 'range', lower: null, upper: 0 }, 320), bin('(0, 30]', { kind: 'range', lower: 0, upper: 30 }, 280), bin('> 30', { kind: 'range', lower: 30, upper: null }, 200)],
};
const ratio: CardFeature = {
  name: 'paymentRatio6m',
  type: 'numeric',
  direction: 'down',
  iv: 0.2,
  coefficient: -1,
  unseenPoints: 270,
  bins: [bin('≤ 0.8', { kind: 'range', lower: null, upper: 0.8 }, 250), bin('> 0.8', { kind: 'range', lower: 0.8, upper: null }, 290), bin('missing', { kind: 'missing' }, 265)],
};
const score = cardScorer({ features: [dpd, ratio], grades: DEFAULT_GRADES });

describe('scoring with a model card', () => {
  it('adds the points of each feature’s bin, as the printed card reads', () => {
    expect(score({ maxDpd3m: 0, paymentRatio6m: 1 })).toEqual({
      score: 610,
      grade: 'A',
      points: [
        { feature: 'maxDpd3m', value: 0, bin: '≤ 0', points: 320 },
        { feature: 'paymentRatio6m', value: 1, bin: '> 0.8', points: 290 },
      ],
    });
    // bins are (lower, upper]: 30 days is still the middle bin
    expect(score({ maxDpd3m: 30, paymentRatio6m: 0.8 }).score).toBe(530);
    expect(score({ maxDpd3m: 31, paymentRatio6m: 0.5 })).toMatchObject({ score: 450, grade: 'E' });
  });

  it('scores a missing value with its bin, or with neutral points when training saw none', () => {
    expect(score({ maxDpd3m: 0, paymentRatio6m: null }).points[1]).toEqual({ feature: 'paymentRatio6m', value: null, bin: 'missing', points: 265 });
    expect(score({ paymentRatio6m: 1 }).points[0]).toEqual({ feature: 'maxDpd3m', value: null, bin: 'unseen', points: 60 });
  });

  it('never scores a worse DPD higher when the card’s points fall with DPD (property)', () => {
    fc.assert(
      fc.property(fc.nat(400), fc.nat(400), fc.double({ min: 0, max: 3, noNaN: true }), (a, b, r) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(score({ maxDpd3m: hi, paymentRatio6m: r }).score).toBeLessThanOrEqual(score({ maxDpd3m: lo, paymentRatio6m: r }).score);
      }),
    );
  });

  it('bands scores by 20 points, negative ones too', () => {
    expect([scoreBand(600), scoreBand(619), scoreBand(-1)]).toEqual([600, 600, -20]);
  });
});
