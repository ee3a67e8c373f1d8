import { describe, expect, it } from 'vitest';
import { arrayLiteral } from './bulk.js';

describe('array literals for bulk loads', () => {
  it('writes numbers, dates, booleans and NULLs bare and quotes text', () => {
    expect(arrayLiteral([1, 2, null, 9007199254740991], 'bigint')).toBe('{1,2,NULL,9007199254740991}');
    expect(arrayLiteral(['2026-01-31', undefined], 'date')).toBe('{2026-01-31,NULL}');
    expect(arrayLiteral([true, false], 'boolean')).toBe('{t,f}');
    expect(arrayLiteral(['a,b', 'say "hi"', 'back\\slash', '张伟', 'NULL'], 'text')).toBe('{"a,b","say \\"hi\\"","back\\\\slash","张伟","NULL"}');
  });
});
