import path from 'node:path';
import type { Database } from '../db/database.js';
import { importAbsEe } from '../modules/imports/abs-ee.js';
import { TableError } from '../modules/imports/read-table.js';
import { IMPORT_KINDS, type ImportKind, type ImportReport, importFile } from '../modules/imports/run.js';
import { describeTelematicsImport, importTelematicsFile } from '../modules/telematics/csv-import.js';
import { CliError, cliWho } from './context.js';

type Values = Record<string, string | boolean | string[] | undefined>;

export function describeReport(report: ImportReport): string {
  const name = path.basename(report.file);
  if (report.errors.length === 0) {
    const rate = report.seconds > 0 ? Math.round(report.rows / report.seconds) : report.rows;
    return `${name}: ${report.rows} rows, ${report.inserted} imported, ${report.unchanged} already there and unchanged (${report.seconds.toFixed(1)} s, ${rate} rows/s)`;
  }
  const lines = report.errors.map((e) => `  row ${e.row}, column ${e.column}${e.value ? `, value ${JSON.stringify(e.value)}` : ''}: ${e.reason}`);
  return `${name}: ${report.errors.length} problem(s) in ${new Set(report.errors.map((e) => e.row)).size} row(s); nothing was imported\n${lines.join('\n')}`;
}

/** GPS events (event_id, device_id, at, kind, lat, lng): see src/modules/telematics/csv-import.ts. */
async function importTelematics(file: string, database: Database): Promise<string> {
  let report;
  try {
    report = await importTelematicsFile(database.db, file, () => Date.now());
  } catch (error) {
    if (error instanceof TableError) throw new CliError(error.message);
    throw error;
  }
  const text = describeTelematicsImport(report);
  if (report.errors.length > 0) throw new CliError(text);
  return text;
}

/** `daihou import KIND FILE [--preset abs-ee --branch CODE]`; throws CliError when a row is bad. */
export async function importCommand(kind: string | undefined, file: string | undefined, values: Values, database: Database): Promise<string> {
  if (kind === 'telematics' && file) return importTelematics(file, database);
  if (!kind || !(IMPORT_KINDS as readonly string[]).includes(kind) || !file) {
    throw new CliError(`usage: daihou import ${IMPORT_KINDS.join('|')}|telematics FILE [--preset abs-ee --branch CODE] [--schedule FILE (loans)]`, 2);
  }
  const preset = values.preset;
  if (preset !== undefined && (preset !== 'abs-ee' || kind !== 'loans')) throw new CliError('the only preset is abs-ee, for loans', 2);
  if (values.schedule !== undefined && (kind !== 'loans' || preset !== undefined)) throw new CliError('--schedule FILE goes with a loans import (its installments: loan_external_id, seq, due_date, principal, interest)', 2);
  const progress = (rows: number) => process.stderr.write(`… ${rows.toLocaleString('en-US')} rows\n`);
  let report: ImportReport;
  try {
    report =
      preset === 'abs-ee'
        ? await importAbsEe(database.db, cliWho(), file, typeof values.branch === 'string' ? values.branch : 'HO', progress)
        : await importFile(database.db, cliWho(), kind as ImportKind, file, progress, undefined, typeof values.schedule === 'string' ? { scheduleFile: values.schedule } : {});
  } catch (error) {
    if (error instanceof TableError) throw new CliError(error.message);
    throw error;
  }
  const text = describeReport(report);
  if (report.errors.length > 0) throw new CliError(text);
  return text;
}
