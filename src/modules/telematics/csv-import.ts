import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { RowError } from '../../domain/import-rows.js';
import { readTable } from '../imports/read-table.js';
import { ingestEvents } from './ingest.js';
import { validateEvents } from './validate.js';

/**
 * `daihou import telematics FILE`: a vendor's CSV or XLSX export, columns event_id, device_id, at,
 * kind, lat, lng (lat/lng empty for non-position events). Like the other imports it is all or
 * nothing: a first pass checks every row and lists each bad one; only a clean file is written, in
 * batches through the same path as the API (so repeats are duplicates and the rules run).
 */
export const TELEMATICS_COLUMNS = ['event_id', 'device_id', 'at', 'kind', 'lat', 'lng'] as const;
const BATCH = 5000;
const FIELD_COLUMN: Record<string, string> = { eventId: 'event_id', deviceId: 'device_id', at: 'at', kind: 'kind', lat: 'lat', lng: 'lng' };

export interface TelematicsImportReport {
  file: string;
  rows: number;
  stored: number;
  duplicates: number;
  alerts: number;
  errors: RowError[];
  seconds: number;
}

function toItem(values: Record<string, string>): Record<string, unknown> {
  const num = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : Number(s));
  return { eventId: values.event_id, deviceId: values.device_id, at: values.at, kind: values.kind, lat: num(values.lat), lng: num(values.lng) };
}

async function* batches(file: string): AsyncGenerator<{ rows: number[]; items: Record<string, unknown>[]; missing: string[] }> {
  let rows: number[] = [];
  let items: Record<string, unknown>[] = [];
  let missing: string[] = [];
  for await (const r of readTable(file)) {
    if (r.row === 2) missing = TELEMATICS_COLUMNS.filter((c) => !(c in r.values));
    rows.push(r.row);
    items.push(toItem(r.values));
    if (items.length === BATCH) {
      yield { rows, items, missing };
      rows = [];
      items = [];
    }
  }
  if (items.length > 0) yield { rows, items, missing };
}

export async function importTelematicsFile(db: Kysely<DB>, file: string, nowMs: () => number): Promise<TelematicsImportReport> {
  const started = performance.now();
  const report: TelematicsImportReport = { file, rows: 0, stored: 0, duplicates: 0, alerts: 0, errors: [], seconds: 0 };
  for await (const batch of batches(file)) {
    if (report.rows === 0 && batch.missing.length > 0) {
      report.errors.push(...batch.missing.map((column) => ({ row: 1, column, value: '', reason: `missing column; the columns are ${TELEMATICS_COLUMNS.join(', ')}` })));
      break;
    }
    report.rows += batch.items.length;
    const { errors } = validateEvents(batch.items, nowMs(), 'en-US');
    for (const e of errors) {
      const field = e.field.replace(/^events\[\d+\]\.?/, '');
      const value = batch.items[e.index]?.[field];
      report.errors.push({ row: batch.rows[e.index]!, column: FIELD_COLUMN[field] ?? field, value: value === undefined || value === null ? '' : String(value), reason: e.message });
    }
  }
  if (report.errors.length === 0) {
    for await (const batch of batches(file)) {
      const result = await ingestEvents(db, batch.items, nowMs(), 'en-US');
      report.stored += result.stored;
      report.duplicates += result.duplicates;
      report.alerts += result.alerts;
      for (const e of result.errors) report.errors.push({ row: batch.rows[e.index]!, column: 'event_id', value: e.eventId ?? '', reason: e.message });
    }
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

export function describeTelematicsImport(report: TelematicsImportReport): string {
  const name = path.basename(report.file);
  const head = `${name}: ${report.rows} events, ${report.stored} stored, ${report.duplicates} already there, ${report.alerts} alert(s) raised (${report.seconds.toFixed(1)} s)`;
  if (report.errors.length === 0) return head;
  const lines = report.errors.slice(0, 200).map((e) => `  row ${e.row}, column ${e.column}${e.value ? `, value ${JSON.stringify(e.value)}` : ''}: ${e.reason}`);
  const more = report.errors.length > 200 ? [`  … and ${report.errors.length - 200} more`] : [];
  return `${name}: ${report.errors.length} problem(s); ${report.stored > 0 ? `${report.stored} events were stored before the problem was found` : 'nothing was imported'}\n${[...lines, ...more].join('\n')}`;
}
