import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Actor } from '../../api/context.js';
import type { Lang } from '../../api/i18n.js';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { csvField, EXPORT_COLUMNS, type LoanExportCell } from './export-columns.js';
import { countLoans, loanBatches, type LoanItem, type LoanQuery } from './list.js';

/** The most rows one export may hold: more and the caller is asked to narrow the filters. */
export const EXPORT_MAX_ROWS = 1_000_000;
const BATCH = 2_000;

export type ExportFormat = 'csv' | 'xlsx';

export const EXPORT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface LoanExport {
  rows: number;
  body: ReadableStream<Uint8Array>;
}

/**
 * Exports the loans a list query matches. The rows are counted first (up to the cap) so an export
 * that is too big is refused before anything is sent; the export is then audited (who, the
 * filters, the row count) before its first byte leaves, and streamed in keyset batches, each one
 * short query, so memory stays flat and other requests run between batches (PGlite has a single
 * connection). A batch is read when the client has taken the previous one.
 */
export async function exportLoans(db: Kysely<DB>, actor: Actor, who: AuditWho, q: LoanQuery, format: ExportFormat, lang: Lang, maxRows = EXPORT_MAX_ROWS): Promise<LoanExport> {
  const rows = await countLoans(db, actor, q, maxRows + 1);
  if (rows > maxRows) {
    throw new AppError(
      'validation',
      { 'zh-CN': `筛选结果超过 ${maxRows.toLocaleString('en-US')} 笔，无法一次导出，请缩小筛选范围`, 'en-US': `More than ${maxRows.toLocaleString('en-US')} loans match: narrow the filters to export them` },
      [{ field: 'query', message: `more than ${maxRows} rows` }],
    );
  }
  await recordAudit(db, who, { action: 'loan.export', entityType: 'loan', entityId: null, branchPath: actor.branchPath, after: { format, lang, filters: q, rows } });
  const batches = loanBatches(db, actor, q, BATCH);
  return { rows, body: format === 'csv' ? csvStream(batches, lang) : xlsxStream(batches, lang) };
}

function csvStream(batches: AsyncGenerator<LoanItem[]>, lang: Lang): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  // The byte-order mark tells Excel the file is UTF-8, or it reads the Chinese as GBK.
  const header = '\uFEFF' + EXPORT_COLUMNS.map((c) => csvField({ text: c.header[lang] })).join(',') + '\r\n';
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(header));
        return;
      }
      const next = await batches.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(next.value.map((row) => EXPORT_COLUMNS.map((c) => csvField(c.value(row, lang))).join(',') + '\r\n').join('')));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}

const YUAN_FORMAT = '#,##0.00';

function xlsxCell(cell: LoanExportCell): string | number | null {
  if (cell === null) return null;
  if ('text' in cell) return cell.text;
  if ('int' in cell) return cell.int;
  return cell.fen / 100;
}

/** exceljs's streaming writer: each batch's rows are committed (written out and dropped) before the next is read. */
function xlsxStream(batches: AsyncGenerator<LoanItem[]>, lang: Lang): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const write = async () => {
    const { default: excel } = await import('exceljs');
    const workbook = new excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet(lang === 'zh-CN' ? '贷款' : 'Loans', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = EXPORT_COLUMNS.map((c, k) => ({ header: c.header[lang], key: String(k), width: c.width }));
    EXPORT_COLUMNS.forEach((c, k) => {
      if (c.money) sheet.getColumn(k + 1).numFmt = YUAN_FORMAT;
    });
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for await (const batch of batches) {
      for (const row of batch) sheet.addRow(EXPORT_COLUMNS.map((c) => xlsxCell(c.value(row, lang)))).commit();
      // Wait for the client while the zip stream is backed up, rather than buffer the whole book.
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  out.on('close', () => void batches.return(undefined));
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}
