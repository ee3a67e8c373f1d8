import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STRATEGY } from '../../src/domain/collections/default-strategy.js';
import { layoutJson, lineForPath } from '../../web/src/collections/manage/json-lines.js';

/** The strategy editor's error lines: its layout must be the text JSON.stringify gives, line for line. */
describe('laying out a strategy document to put each error on its line', () => {
  it('lays out any JSON value exactly as JSON.stringify(value, null, 2)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(layoutJson(v).lines.join('\n')).toBe(JSON.stringify(v, null, 2));
      }),
    );
  });

  it('finds the line of a field by its path, and of its nearest ancestor when the field is missing', () => {
    const layout = layoutJson(DEFAULT_STRATEGY);
    const at = (field: string) => layout.lines[lineForPath(layout, field)]!.trim();
    const early = DEFAULT_STRATEGY.segments.findIndex((s) => s.code === 'early');
    expect(at(`segments.${early}.treatments.0.day`)).toBe(`"day": ${DEFAULT_STRATEGY.segments[early]!.treatments[0]!.day},`);
    expect(at(`document.segments.${early}.code`)).toBe('"code": "early",');
    // a required field left out: shown on the object it belongs in
    expect(at(`segments.${early}.treatments.0.slaHoursMissing`)).toBe('{');
    expect(lineForPath(layout, '(document)')).toBe(0);
  });
});
