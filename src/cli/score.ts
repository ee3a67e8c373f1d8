import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';
import { type Dataset, DatasetBuilder, DatasetError, numericCell } from '../domain/scorecard/dataset.js';
import { type PsiResult, type PsiVerdict, psi } from '../domain/scorecard/metrics.js';
import { modelCard } from '../domain/scorecard/model-card.js';
import { DEFAULT_TRAIN, type Evaluation, type TrainReport, trainScorecard } from '../domain/scorecard/train.js';

export const SCORE_USAGE = `usage:
  daihou score train --data FILE.csv --target COLUMN [--exclude A,B] [--holdout-from N] [--json] [--card OUT.json]
  daihou score psi --expected FILE.csv --actual FILE.csv [--column score] [--json]
  daihou score train-book --as-of YYYY-MM-DD [--dry-run] [--json]
options: --lang zh-CN|en-US prints one language (both by default)
Data rows count from 1 after the header. The target is 0 (good) or 1 (bad); every other column
not excluded must be numeric (an empty cell is a missing value). --holdout-from N trains on rows
before N and reports AUC and KS on rows N onward; folds of the 10-fold cross-validation are the
training rows by row number mod 10. With --json the last line is the figures as JSON.
train-book trains on the book itself (DATABASE_URL or the embedded database): the loans on the
book at the month end --as-of under 60 DPD, bad when 60+ DPD at any of the next six month ends;
it registers the model card as a draft for a risk officer to approve (--dry-run: not stored).`;

/**
 * A failure the operator can act on: one line, exit code 1 (2 for usage). Like context.ts's
 * CliError, kept apart from it because importing that module loads the database drivers, and a
 * command that needs no database should start without them.
 */
export class ScoreError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'ScoreError';
  }
}

/** Runs `daihou score …` from its arguments after `score`: prints, and returns the exit code. */
export async function runScore(argv: string[]): Promise<number> {
  try {
    console.log(await scoreCommand(argv));
    return 0;
  } catch (error) {
    if (error instanceof ScoreError) {
      console.error(`daihou: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`daihou: ${error.message}\n\n${SCORE_USAGE}`);
      return 2;
    }
    console.error('daihou: unexpected error', error);
    return 1;
  }
}

type Lang = 'zh-CN' | 'en-US' | 'both';

/** Labels in the chosen language; both, Chinese first, by default as the other commands print them. */
function labeller(lang: Lang) {
  return (zh: string, en: string) => (lang === 'zh-CN' ? zh : lang === 'en-US' ? en : `${zh} ${en}`);
}

/** `daihou score train|psi …`: needs no database; returns what to print. */
export async function scoreCommand(argv: string[]): Promise<string> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      data: { type: 'string' },
      target: { type: 'string' },
      exclude: { type: 'string', multiple: true },
      'holdout-from': { type: 'string' },
      json: { type: 'boolean' },
      card: { type: 'string' },
      expected: { type: 'string' },
      actual: { type: 'string' },
      column: { type: 'string' },
      'as-of': { type: 'string' },
      'dry-run': { type: 'boolean' },
      lang: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length === 0) return SCORE_USAGE;
  const lang = values.lang ?? 'both';
  if (lang !== 'zh-CN' && lang !== 'en-US' && lang !== 'both') throw new ScoreError(`--lang must be zh-CN or en-US (got ${JSON.stringify(lang)})`, 2);
  const [sub, extra] = positionals;
  if (extra !== undefined) throw new ScoreError(`unexpected argument ${JSON.stringify(extra)}\n\n${SCORE_USAGE}`, 2);
  if (sub === 'train') {
    const exclude = (values.exclude ?? []).flatMap((e) => e.split(',')).map((e) => e.trim()).filter((e) => e !== '');
    return trainCommand({ data: required(values.data, 'data'), target: required(values.target, 'target'), exclude, holdoutFrom: holdoutOf(values['holdout-from']), json: values.json === true, card: values.card ?? null }, lang);
  }
  if (sub === 'train-book') {
    // the database drivers load only for this command
    const { trainBookCommand } = await import('./score-book.js');
    return trainBookCommand(required(values['as-of'], 'as-of'), values['dry-run'] === true, values.json === true, labeller(lang));
  }
  if (sub === 'psi') return psiCommand(required(values.expected, 'expected'), required(values.actual, 'actual'), values.column ?? null, values.json === true, lang);
  throw new ScoreError(`unknown score command ${JSON.stringify(sub)}\n\n${SCORE_USAGE}`, 2);
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value.trim() === '') throw new ScoreError(`missing --${name}\n\n${SCORE_USAGE}`, 2);
  return value.trim();
}

function holdoutOf(value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 2) throw new ScoreError(`--holdout-from must be a data row number from 2 on (got ${JSON.stringify(value)})`, 2);
  return Number(value);
}

/**
 * Streams a CSV through csv-parse, handing the header and then each record on, and hashes the
 * bytes on the way: the model card names its training data by that hash.
 */
async function readCsv(file: string, flag: string, onHeader: (header: string[]) => void, onRecord: (cells: string[]) => void): Promise<{ sha256: string; rows: number }> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ScoreError(`--${flag}: no such file: ${file}`);
  }
  if (!stat.isFile()) throw new ScoreError(`--${flag}: not a file: ${file}`);
  const hash = createHash('sha256');
  const source = fs.createReadStream(file);
  source.on('data', (chunk) => hash.update(chunk));
  const parser = source.pipe(parse({ bom: true, skip_empty_lines: true, trim: true }));
  let rows = -1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (rows < 0) onHeader(record);
      else onRecord(record);
      rows++;
    }
  } catch (error) {
    if (error instanceof ScoreError) throw error;
    if (error instanceof DatasetError) throw new ScoreError(`${path.basename(file)}: ${error.message}`, error.row === null ? 2 : 1);
    const message = error instanceof Error ? error.message : String(error);
    throw new ScoreError(`${path.basename(file)}: not a readable CSV after data row ${Math.max(rows, 0)}: ${message}`);
  } finally {
    source.destroy();
  }
  if (rows < 0) throw new ScoreError(`${path.basename(file)}: the file is empty (a header row is needed)`);
  return { sha256: hash.digest('hex'), rows };
}

interface TrainArgs {
  data: string;
  target: string;
  exclude: string[];
  holdoutFrom: number | null;
  json: boolean;
  card: string | null;
}

async function trainCommand(args: TrainArgs, lang: Lang): Promise<string> {
  const started = performance.now();
  const state: { builder?: DatasetBuilder } = {};
  const read = await readCsv(
    args.data,
    'data',
    (header) => (state.builder = new DatasetBuilder(header, args.target, args.exclude)),
    (cells) => state.builder!.add(cells),
  );
  let data: Dataset;
  try {
    data = state.builder!.build();
  } catch (error) {
    if (error instanceof DatasetError) throw new ScoreError(`${path.basename(args.data)}: ${error.message}`);
    throw error;
  }
  let report: TrainReport;
  if (args.holdoutFrom !== null && args.holdoutFrom > data.rows) throw new ScoreError(`--holdout-from ${args.holdoutFrom}: the file has only ${data.rows} data rows`, 2);
  try {
    report = trainScorecard(data, args.holdoutFrom, DEFAULT_TRAIN);
  } catch (error) {
    if (error instanceof RangeError) throw new ScoreError(error.message);
    throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  const t = labeller(lang);
  const lines = describeTrain(report, args, read, t);
  if (args.card) {
    const card = modelCard(report, { target: args.target, file: path.basename(args.data), sha256: read.sha256, rows: data.rows, options: DEFAULT_TRAIN });
    fs.writeFileSync(args.card, `${JSON.stringify(card, null, 2)}\n`);
    lines.push(`${t('模型卡', 'Model card')}: ${args.card} (${t('版本', 'version')} ${card.version})`);
  }
  lines.push(`${t('用时', 'Time')}: ${seconds.toFixed(1)} s`);
  if (args.json) {
    const figure = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? null : Number(x.toFixed(6)));
    lines.push(JSON.stringify({ auc: figure(report.train.auc), ks: figure(report.train.ks), gini: figure(report.train.gini), cvAuc: figure(report.cv.auc), holdoutAuc: figure(report.holdout?.auc), holdoutKs: figure(report.holdout?.ks) }));
  }
  return lines.join('\n');
}

const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(2)}%`;
const f4 = (x: number) => (Number.isNaN(x) ? 'n/a' : x.toFixed(4));

function describeTrain(report: TrainReport, args: TrainArgs, read: { sha256: string; rows: number }, t: (zh: string, en: string) => string): string[] {
  const { scorecard } = report;
  const part = (name: string, first: number, e: Evaluation) => {
    const last = first + e.rows - 1;
    return `${name}: ${t(`第 ${first}–${last} 行`, `rows ${first}–${last}`)}, ${e.rows} ${t('行', 'rows')}, ${t('坏', 'bad')} ${e.bads} (${pct(e.bads, e.rows)})`;
  };
  const lines = [`${path.basename(args.data)}: ${read.rows} ${t('行数据', 'data rows')}, ${t('目标列', 'target column')} ${args.target}, SHA-256 ${read.sha256.slice(0, 16)}…`, part(t('训练', 'Training'), 1, report.train)];
  if (report.holdout && report.holdoutFrom !== null) lines.push(part(t('留出', 'Hold-out'), report.holdoutFrom, report.holdout));
  const header = [t('特征', 'Feature'), t('类型', 'Type'), t('分箱', 'Bins'), 'IV', t('系数', 'Coef')];
  const rows = [...scorecard.features]
    .sort((a, b) => b.iv - a.iv)
    .map((f) => [f.name, f.binning.type === 'numeric' ? t('单调', 'monotonic') : t('分类', 'categorical'), String(f.binning.bins.length), f.iv.toFixed(3), f.coefficient.toFixed(3)]);
  lines.push('', ...table(header, rows, 'llrrr'));
  if (scorecard.leftOut.length > 0) {
    const why = (l: TrainReport['scorecard']['leftOut'][number]) => (l.reason === 'low-iv' ? `IV ${l.iv.toFixed(3)}` : t('系数方向与 WoE 相反', 'sign against WoE'));
    lines.push(`${t('未入模', 'Left out')}: ${scorecard.leftOut.map((l) => `${l.name} (${why(l)})`).join(', ')}`);
  }
  const metricRows = [
    [t('训练集', 'Training'), f4(report.train.auc), f4(report.train.ks), f4(report.train.gini)],
    [t('十折交叉验证', '10-fold CV'), f4(report.cv.auc), '', f4(2 * report.cv.auc - 1)],
  ];
  if (report.holdout) metricRows.push([t('留出集', 'Hold-out'), f4(report.holdout.auc), f4(report.holdout.ks), f4(report.holdout.gini)]);
  lines.push('', ...table([t('指标', 'Metric'), 'AUC', 'KS', 'Gini'], metricRows, 'lrrr'));
  return lines;
}

async function readScores(file: string, flag: string, column: string | null): Promise<number[]> {
  let index = -1;
  let name = '';
  const scores: number[] = [];
  await readCsv(
    file,
    flag,
    (header) => {
      // A one-column file is read whatever its header says.
      name = column ?? (header.length === 1 ? header[0]! : 'score');
      index = header.indexOf(name);
      if (index < 0) throw new ScoreError(`${path.basename(file)}: no column ${JSON.stringify(name)} (--column); the columns are ${header.join(', ')}`, 2);
    },
    (cells) => scores.push(numericCell(cells[index] ?? '', scores.length + 1, name)),
  );
  const present = scores.filter((s) => !Number.isNaN(s));
  if (present.length === 0) throw new ScoreError(`${path.basename(file)}: no scores in column ${JSON.stringify(name)}`);
  return present;
}

const VERDICTS: Record<PsiVerdict, [string, string, string]> = {
  stable: ['稳定', 'stable', '< 0.1'],
  watch: ['需关注', 'watch', '0.1–0.25'],
  shift: ['显著偏移', 'shift', '> 0.25'],
};

async function psiCommand(expectedFile: string, actualFile: string, column: string | null, json: boolean, lang: Lang): Promise<string> {
  const expected = await readScores(expectedFile, 'expected', column);
  const actual = await readScores(actualFile, 'actual', column);
  const result: PsiResult = psi(expected, actual);
  const t = labeller(lang);
  const bound = (x: number | null) => (x === null ? '' : String(Number(x.toFixed(6))));
  const rows = result.bins.map((b) => [`${b.lower === null ? '(-∞' : `(${bound(b.lower)}`}, ${b.upper === null ? '+∞)' : `${bound(b.upper)}]`}`, pct(b.expectedCount, expected.length), pct(b.actualCount, actual.length), b.contribution.toFixed(4)]);
  const [zh, en, band] = VERDICTS[result.verdict];
  const lines = [
    `${t('期望', 'Expected')}: ${path.basename(expectedFile)} (${expected.length})  ${t('实际', 'Actual')}: ${path.basename(actualFile)} (${actual.length})  ${t('分箱为期望样本的十分位', 'bins at the deciles of the expected sample')}`,
    '',
    ...table([t('分箱', 'Bin'), t('期望占比', 'Expected'), t('实际占比', 'Actual'), t('贡献', 'Contribution')], rows, 'lrrr'),
    '',
    `PSI ${result.psi.toFixed(4)}: ${t(zh, en)} (${band})`,
  ];
  if (json) lines.push(JSON.stringify({ psi: Number(result.psi.toFixed(6)), verdict: result.verdict, bins: result.bins }));
  return lines.join('\n');
}

// CJK characters take two columns in a terminal.
const displayWidth = (s: string) => Array.from(s).reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);

/** `align` has one letter per column: l (text) or r (figures). */
function table(header: string[], rows: string[][], align: string): string[] {
  const widths = header.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => {
        const pad = ' '.repeat(Math.max(0, (widths[c] ?? 0) - displayWidth(cell)));
        return align[c] === 'l' ? cell + pad : pad + cell;
      })
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
