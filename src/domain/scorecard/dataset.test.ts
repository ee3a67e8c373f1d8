import { describe, expect, it } from 'vitest';
import { DatasetBuilder, DatasetError } from './dataset.js';

function caught(fn: () => unknown): DatasetError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DatasetError) return e;
    throw e;
  }
  throw new Error('expected a DatasetError');
}

describe('reading a training table', () => {
  it('keeps numeric features in file order without the target and excluded columns; an empty cell is missing', () => {
    const b = new DatasetBuilder(['ID', 'limit', 'bad', 'age'], 'bad', ['ID']);
    b.add(['1', '20000', '1', '24']);
    b.add(['2', ' 1.5e3 ', '0', '']);
    const d = b.build();
    expect(d.features).toEqual(['limit', 'age']);
    expect(d.rows).toBe(2);
    expect(Array.from(d.target)).toEqual([1, 0]);
    expect(Array.from(d.columns[0]!)).toEqual([20000, 1500]);
    expect(d.columns[1]![1]).toBeNaN();
  });

  it('names the row and column of a bad cell, counting data rows from 1', () => {
    const b = new DatasetBuilder(['x', 'y'], 'y');
    b.add(['1', '0']);
    const bad = caught(() => b.add(['1,000', '1']));
    expect(bad.message).toBe('row 2, column x: not a number: "1,000" (leave the cell empty for a missing value)');
    expect([bad.row, bad.column]).toEqual([2, 'x']);
    const target = caught(() => new DatasetBuilder(['x', 'y'], 'y').add(['1', '2']));
    expect(target.message).toBe('row 1: the target y must be 0 or 1 (1 = bad), got "2"');
    expect(caught(() => new DatasetBuilder(['x', 'y'], 'y').add(['1', ''])).row).toBe(1);
  });

  it('refuses a missing target, an unknown exclusion, a doubled header and a file without rows', () => {
    expect(caught(() => new DatasetBuilder(['a', 'b'], 'default')).message).toBe('no target column "default"; the columns are a, b');
    expect(caught(() => new DatasetBuilder(['a', 'b'], 'b', ['c'])).message).toContain('cannot exclude "c"');
    expect(caught(() => new DatasetBuilder(['a', 'a', 'b'], 'b')).message).toContain('twice');
    expect(caught(() => new DatasetBuilder(['a', 'b'], 'b', ['a'])).message).toContain('no feature columns');
    expect(caught(() => new DatasetBuilder(['a', 'b'], 'b').build()).message).toContain('no data rows');
  });
});
