import type { Kysely } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import { type BusinessDate, daysBetween } from '../../domain/business-date.js';
import { BOOK_TARGET, type BookRow, bookDataset, bookSha256, isMonthEnd, monthEndsAfter } from '../../domain/scorecard/book.js';
import { type ModelCard, modelCard } from '../../domain/scorecard/model-card.js';
import { DEFAULT_TRAIN, trainScorecard } from '../../domain/scorecard/train.js';
import type { AuditWho } from '../audit/record.js';
import { currentBusinessDate } from '../system/business-date.js';
import { loadFeatureRows } from './features.js';
import { type ModelSummary, registerModel } from './models.js';

const RANGE = 20_000;
/** Fewer bads (or goods) than this and bins and coefficients are noise: no model is made. */
export const MIN_CLASS_ROWS = 20;

const problem = (field: string, zh: string, en: string) => ({ field, zh, en });
type Problem = ReturnType<typeof problem>;

export class BookTrainingRefused extends Error {
  constructor(readonly problem: Problem) {
    super(problem.en);
    this.name = 'BookTrainingRefused';
  }
}

/** The sample of `asOf` (a past month end whose six-month outcome the book already knows). */
export async function bookSample(db: Kysely<DB>, asOf: BusinessDate): Promise<BookRow[]> {
  if (!isMonthEnd(asOf)) throw new BookTrainingRefused(problem('asOf', `${asOf} 不是月末：特征取自月末快照`, `${asOf} is not a month end: features come from the month-end snapshots`));
  const today = await currentBusinessDate(db);
  const horizonEnd = monthEndsAfter(asOf, BOOK_TARGET.horizonMonths).at(-1)!;
  if (daysBetween(horizonEnd, today) < 0) {
    throw new BookTrainingRefused(problem('asOf', `${asOf} 之后 6 个月（至 ${horizonEnd}）的表现尚未发生（业务日期 ${today}）`, `the six months after ${asOf} (to ${horizonEnd}) have not all happened yet (business date ${today})`));
  }
  const { lo, hi } = await db.selectFrom('month_end_snapshot').select((s) => [s.fn.min('loan_id').as('lo'), s.fn.max('loan_id').as('hi')]).where('month_end', '=', asOf).executeTakeFirstOrThrow();
  const rows: BookRow[] = [];
  for (let from = Number(lo ?? 1); hi !== null && from <= Number(hi); from += RANGE) {
    for (const r of await loadFeatureRows(db, asOf, from, from + RANGE - 1, 'month-end')) rows.push({ loanId: r.loanId, features: r.features, bad: r.bad === true });
  }
  return rows;
}

export interface BookTraining {
  card: ModelCard;
  rows: number;
  bads: number;
  seconds: number;
}

/** Trains on the sample of `asOf`; the card's training data is the sample's hash. */
export async function trainOnBook(db: Kysely<DB>, asOf: BusinessDate): Promise<BookTraining> {
  const started = performance.now();
  const sample = await bookSample(db, asOf);
  const bads = sample.filter((r) => r.bad).length;
  if (bads < MIN_CLASS_ROWS || sample.length - bads < MIN_CLASS_ROWS) {
    throw new BookTrainingRefused(
      problem('asOf', `${asOf} 的样本有 ${sample.length} 笔贷款、${bads} 笔坏样本：好坏样本各需至少 ${MIN_CLASS_ROWS} 笔`, `the sample of ${asOf} has ${sample.length} loans, ${bads} bad: at least ${MIN_CLASS_ROWS} good and ${MIN_CLASS_ROWS} bad are needed`),
    );
  }
  const data = bookDataset(sample);
  const report = trainScorecard(data, null, DEFAULT_TRAIN);
  if (report.scorecard.features.length === 0) {
    throw new BookTrainingRefused(problem('asOf', `${asOf} 的样本中没有区分好坏的特征（IV 均低于 ${DEFAULT_TRAIN.minIv}）`, `no feature separates good from bad in the sample of ${asOf} (every IV below ${DEFAULT_TRAIN.minIv})`));
  }
  const card = modelCard(report, { target: BOOK_TARGET.name, file: `book@${asOf}`, sha256: bookSha256(sample), rows: data.rows, options: DEFAULT_TRAIN });
  return { card, rows: sample.length, bads, seconds: (performance.now() - started) / 1000 };
}

/** For the API: trains and registers a draft, with refusals as a 400 naming the field. */
export async function trainAndRegister(db: Kysely<DB>, who: AuditWho, asOf: BusinessDate, lang: 'zh-CN' | 'en-US'): Promise<{ model: ModelSummary; created: boolean; rows: number; bads: number }> {
  try {
    const t = await trainOnBook(db, asOf);
    const { model, created } = await registerModel(db, who, t.card, asOf);
    return { model, created, rows: t.rows, bads: t.bads };
  } catch (error) {
    if (error instanceof BookTrainingRefused) throw new AppError('validation', undefined, [{ field: error.problem.field, message: lang === 'zh-CN' ? error.problem.zh : error.problem.en }]);
    throw error;
  }
}
