import { isBusinessDate } from '../domain/business-date.js';
import { BOOK_TARGET } from '../domain/scorecard/book.js';
import { registerModel } from '../modules/scorecard/models.js';
import { BookTrainingRefused, trainOnBook } from '../modules/scorecard/train-book.js';
import { CliError, cliConfig, cliWho, requireCurrentSchema, withDatabase } from './context.js';
import { ScoreError } from './score.js';

/**
 * `daihou score train-book --as-of YYYY-MM-DD [--dry-run] [--json]`: trains on the book's own
 * history (score.ts's other commands need no database; this one loads it only when run) and
 * registers the card as a draft, which a risk officer then approves in the web app or the API.
 */
export async function trainBookCommand(asOf: string, dryRun: boolean, json: boolean, t: (zh: string, en: string) => string): Promise<string> {
  if (!isBusinessDate(asOf)) throw new ScoreError(`--as-of must be a date YYYY-MM-DD (got ${JSON.stringify(asOf)})`, 2);
  try {
    return await train(asOf, dryRun, json, t);
  } catch (error) {
    // score.ts reports its own error type: the database's refusals (unreachable, schema behind) become one
    if (error instanceof CliError) throw new ScoreError(error.message, error.exitCode);
    throw error;
  }
}

async function train(asOf: string & Parameters<typeof trainOnBook>[1], dryRun: boolean, json: boolean, t: (zh: string, en: string) => string): Promise<string> {
  return withDatabase(cliConfig(), async (database) => {
    await requireCurrentSchema(database);
    let trained;
    try {
      trained = await trainOnBook(database.db, asOf);
    } catch (error) {
      if (error instanceof BookTrainingRefused) throw new ScoreError(t(error.problem.zh, error.problem.en));
      throw error;
    }
    const { card } = trained;
    const lines = [
      `${t('样本', 'Sample')}: ${t(`${asOf} 月末在贷且逾期不足 ${BOOK_TARGET.badDpd} 天的贷款`, `loans on the book at ${asOf} under ${BOOK_TARGET.badDpd} DPD`)}: ${trained.rows}, ${t('坏', 'bad')} ${trained.bads} (${((100 * trained.bads) / trained.rows).toFixed(2)}%)`,
      `${t('目标', 'Target')}: ${card.target}  SHA-256 ${card.trainingData.sha256.slice(0, 16)}…`,
      `${t('入模特征', 'Features')}: ${card.features.map((f) => `${f.name} (IV ${f.iv.toFixed(3)})`).join(', ')}`,
      `AUC ${card.metrics.train.auc.toFixed(4)}  KS ${card.metrics.train.ks.toFixed(4)}  Gini ${card.metrics.train.gini.toFixed(4)}  ${t('十折交叉验证', '10-fold CV')} AUC ${card.metrics.cvAuc.toFixed(4)}`,
    ];
    if (dryRun) lines.push(`${t('版本', 'Version')} ${card.version} (${t('未登记', 'not registered')}: --dry-run)`);
    else {
      const { model, created } = await registerModel(database.db, cliWho(), card, asOf);
      lines.push(`${t('版本', 'Version')} ${model.version}: ${created ? t(`已登记为草稿 #${model.id}，待风险官审批`, `registered as draft #${model.id}, awaiting a risk officer's approval`) : t(`已存在 #${model.id}（${model.status}）`, `already registered as #${model.id} (${model.status})`)}`);
    }
    lines.push(`${t('用时', 'Time')}: ${trained.seconds.toFixed(1)} s`);
    if (json) lines.push(JSON.stringify({ version: card.version, rows: trained.rows, bads: trained.bads, auc: card.metrics.train.auc, cvAuc: card.metrics.cvAuc, features: card.features.map((f) => f.name) }));
    return lines.join('\n');
  });
}
