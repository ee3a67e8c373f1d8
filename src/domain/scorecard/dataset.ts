/**
 * A training table: numeric feature columns and a 0/1 target (1 = bad), read row by row from any
 * CSV. Rows are numbered as data rows from 1 (the header is not a row), the numbering that
 * `--holdout-from` and the cross-validation folds use. An empty cell is a missing value.
 */
export interface Dataset {
  /** Feature names in file order, without the target and the excluded columns. */
  features: string[];
  /** One column per feature, NaN where the cell was empty. */
  columns: Float64Array[];
  target: Uint8Array;
  rows: number;
}

export class DatasetError extends Error {
  constructor(
    message: string,
    /** The data row (from 1) at fault, or null for a problem with the header or the options. */
    readonly row: number | null = null,
    readonly column: string | null = null,
  ) {
    super(message);
    this.name = 'DatasetError';
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A cell as a number, NaN when empty; anything else is an error naming the row and column. */
export function numericCell(cell: string, row: number, column: string): number {
  const text = cell.trim();
  if (text === '') return NaN;
  if (!NUMBER.test(text)) throw new DatasetError(`row ${row}, column ${column}: not a number: ${JSON.stringify(cell)} (leave the cell empty for a missing value)`, row, column);
  return Number(text);
}

export class DatasetBuilder {
  private readonly featureIndexes: number[];
  private readonly targetIndex: number;
  private readonly values: number[][];
  private readonly targets: number[] = [];

  constructor(
    private readonly header: string[],
    private readonly targetName: string,
    exclude: string[] = [],
  ) {
    const seen = new Set<string>();
    for (const h of header) {
      if (seen.has(h)) throw new DatasetError(`the header names column ${JSON.stringify(h)} twice`);
      seen.add(h);
    }
    this.targetIndex = header.indexOf(targetName);
    if (this.targetIndex < 0) throw new DatasetError(`no target column ${JSON.stringify(targetName)}; the columns are ${header.join(', ')}`, null, targetName);
    const unknown = exclude.filter((e) => !seen.has(e));
    if (unknown.length > 0) throw new DatasetError(`cannot exclude ${unknown.map((u) => JSON.stringify(u)).join(', ')}: no such column; the columns are ${header.join(', ')}`, null, unknown[0]!);
    this.featureIndexes = header.map((_, i) => i).filter((i) => i !== this.targetIndex && !exclude.includes(header[i]!));
    if (this.featureIndexes.length === 0) throw new DatasetError('no feature columns are left beside the target');
    this.values = this.featureIndexes.map(() => []);
  }

  /** Adds the next data row; its number is one more than the rows added before it. */
  add(cells: readonly string[]): void {
    const row = this.targets.length + 1;
    const targetCell = (cells[this.targetIndex] ?? '').trim();
    if (targetCell !== '0' && targetCell !== '1') throw new DatasetError(`row ${row}: the target ${this.targetName} must be 0 or 1 (1 = bad), got ${JSON.stringify(cells[this.targetIndex] ?? '')}`, row, this.targetName);
    this.featureIndexes.forEach((c, j) => this.values[j]!.push(numericCell(cells[c] ?? '', row, this.header[c]!)));
    this.targets.push(targetCell === '1' ? 1 : 0);
  }

  build(): Dataset {
    if (this.targets.length === 0) throw new DatasetError('the file has a header but no data rows');
    return {
      features: this.featureIndexes.map((c) => this.header[c]!),
      columns: this.values.map((v) => Float64Array.from(v)),
      target: Uint8Array.from(this.targets),
      rows: this.targets.length,
    };
  }
}
