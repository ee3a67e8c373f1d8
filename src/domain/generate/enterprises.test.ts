import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMobile, checkUscc } from '../identity.js';
import { generateEnterprise } from './enterprises.js';
import { orgCodeCheckChar } from './id-numbers.js';
import { rngFor } from './rng.js';

describe('generated dealer enterprises', () => {
  it('computes the GB 11714 check of the organization code inside a USCC', () => {
    // GB 32100's own example, 91350100M000100Y43, embeds organization code M000100Y4.
    expect(orgCodeCheckChar('M000100Y')).toBe('4');
  });

  it('carry valid unified social credit codes registered in their own region', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(), (seed, i) => {
        const e = generateEnterprise(rngFor(seed, 'dealer', i));
        expect(checkUscc(e.uscc)).toEqual({ ok: true });
        expect(e.uscc.slice(0, 2)).toBe('91');
        expect(e.uscc.slice(2, 8)).toBe(e.region.code);
        expect(orgCodeCheckChar(e.uscc.slice(8, 16))).toBe(e.uscc[16]);
        expect(checkMobile(e.contactMobile)).toEqual({ ok: true });
        expect(e.name).toContain(e.region.city.replace(/市$/, ''));
        expect(e.name).toMatch(/有限公司$/);
        expect(e.address).toContain(e.region.district);
      }),
      { numRuns: 300 },
    );
  });

  it('are the same for the same seed and differ between seeds', () => {
    expect(generateEnterprise(rngFor(1, 'dealer', 0))).toEqual(generateEnterprise(rngFor(1, 'dealer', 0)));
    expect(generateEnterprise(rngFor(1, 'dealer', 0)).uscc).not.toBe(generateEnterprise(rngFor(2, 'dealer', 0)).uscc);
  });
});
