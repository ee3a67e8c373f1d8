import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMobile, checkResidentId, checkUscc, checkVin, residentIdCheckChar, usccCheckChar, vinCheckChar } from './identity.js';

describe('identity numbers', () => {
  it('checks resident ID numbers by GB 11643', () => {
    expect(checkResidentId('11010519491231002X')).toEqual({ ok: true }); // the standard's own example
    expect(checkResidentId('440524188001010014')).toEqual({ ok: true });
    expect(checkResidentId('110105194912310021')).toMatchObject({ ok: false, reason: expect.stringContaining('check digit') });
    expect(checkResidentId('110105194902300026')).toMatchObject({ ok: false, reason: expect.stringContaining('not a real date') });
    expect(checkResidentId('1101051949123100')).toMatchObject({ ok: false });
  });

  it('checks unified social credit codes by GB 32100', () => {
    expect(checkUscc('91350100M000100Y43')).toEqual({ ok: true });
    expect(checkUscc('91350100M000100Y44')).toMatchObject({ ok: false, reason: expect.stringContaining('check character') });
    expect(checkUscc('91350100M0001O0Y43')).toMatchObject({ ok: false });
  });

  it('checks VINs by their ninth-position check digit', () => {
    expect(checkVin('1M8GDM9AXKP042788')).toEqual({ ok: true }); // the textbook example, check X
    expect(checkVin('LSVAU2180N2183294')).toMatchObject({ ok: false });
    expect(checkVin('1M8GDM9AXKP04278O')).toMatchObject({ ok: false, reason: expect.stringContaining('except I, O, Q') });
  });

  it('checks mainland mobiles', () => {
    expect(checkMobile('13812345678')).toEqual({ ok: true });
    expect(checkMobile('12812345678')).toMatchObject({ ok: false });
  });

  it('accepts any number completed with its computed check character and refuses any single-character change to it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-6]\d{5}(19[5-9]\d|200\d)(0[1-9]|1[0-2])(0[1-9]|1\d|2[0-8])\d{3}$/), (first17) => {
        const id = first17 + residentIdCheckChar(first17);
        expect(checkResidentId(id).ok).toBe(true);
        const wrong = '0123456789X'.replace(id[17] ?? '', '')[0] ?? '0';
        expect(checkResidentId(first17 + wrong).ok).toBe(false);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[A-HJ-NPR-Z0-9]{8}$/), fc.stringMatching(/^[A-HJ-NPR-Z0-9]{8}$/), (head, tail) => {
        const draft = `${head}0${tail}`;
        const vin = `${head}${vinCheckChar(draft)}${tail}`;
        expect(checkVin(vin).ok).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[159][123]\d{6}[0-9A-HJ-NPQRTUWXY]{9}$/), (first17) => {
        expect(checkUscc(first17 + usccCheckChar(first17)).ok).toBe(true);
      }),
    );
  });
});
