import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';

export interface TableRow {
  /** As a spreadsheet numbers it: the header is row 1, the first data row is row 2. */
  row: number;
  values: Record<string, string>;
}

export class TableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TableError';
  }
}

const normaliseHeader = (h: string) => h.replace(/^\uFEFF/, '').trim();

/**
 * Chinese back offices save CSV from Excel as GB18030 as often as UTF-8: the first bytes decide.
 * Invalid UTF-8 in the first 64 KiB means GB18030.
 */
function detectEncoding(file: string): 'utf-8' | 'gb18030' {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(65536);
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    let sample = buffer.subarray(0, n);
    // Do not let a multi-byte character cut at the sample's end count against UTF-8.
    while (sample.length > 0 && n === buffer.length && (sample[sample.length - 1]! & 0xc0) === 0x80) sample = sample.subarray(0, -1);
    if (n === buffer.length && sample.length > 0 && sample[sample.length - 1]! >= 0xc0) sample = sample.subarray(0, -1);
    new TextDecoder('utf-8', { fatal: true }).decode(sample);
    return 'utf-8';
  } catch {
    return 'gb18030';
  } finally {
    fs.closeSync(fd);
  }
}

function decoder(encoding: 'gb18030'): Transform {
  const textDecoder = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, textDecoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, textDecoder.decode());
    },
  });
}

async function* readCsv(file: string): AsyncGenerator<TableRow> {
  const encoding = detectEncoding(file);
  const source = fs.createReadStream(file);
  const parser = parse({ bom: true, columns: (header: string[]) => header.map(normaliseHeader), skip_empty_lines: true, relax_column_count: false, trim: true });
  const stream = encoding === 'utf-8' ? source.pipe(parser) : source.pipe(decoder(encoding)).pipe(parser);
  let row = 1;
  try {
    for await (const record of stream as AsyncIterable<Record<string, string>>) {
      row += 1;
      yield { row, values: record };
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new TableError(`${path.basename(file)}: not a readable CSV after row ${row}: ${message}`);
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    return '';
  }
  return String(value).trim();
}

async function* readXlsx(file: string): AsyncGenerator<TableRow> {
  // Loaded when a workbook is read: it is some 30 MB of memory a CSV import does not need.
  const { default: excel } = await import('exceljs');
  const reader = new excel.stream.xlsx.WorkbookReader(file, { entries: 'emit', sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', worksheets: 'emit' });
  for await (const sheet of reader) {
    let header: string[] | null = null;
    for await (const r of sheet as AsyncIterable<ExcelJS.Row>) {
      const cells = (r.values as ExcelJS.CellValue[]).slice(1).map(cellText);
      if (!header) {
        header = cells.map(normaliseHeader);
        continue;
      }
      if (cells.every((c) => c === '')) continue;
      yield { row: r.number, values: Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])) };
    }
    return; // the first worksheet holds the data
  }
}

/** Rows of a CSV (UTF-8 or GB18030) or the first sheet of an XLSX workbook, streamed. */
export function readTable(file: string): AsyncGenerator<TableRow> {
  if (!fs.existsSync(file)) throw new TableError(`no such file: ${file}`);
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return readCsv(file);
  if (ext === '.xlsx') return readXlsx(file);
  throw new TableError(`${path.basename(file)}: only .csv and .xlsx files can be imported`);
}
