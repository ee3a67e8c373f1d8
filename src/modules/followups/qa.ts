import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../api/context.js';
import { pathInScope } from '../../api/access.js';
import type { Lang } from '../../api/i18n.js';
import { AppError } from '../../api/problem.js';
import { arrayLiteral } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import type { Answer, Item, Verdict } from '../../domain/followups/checklist.js';
import { selectForQa } from '../../domain/followups/qa-sample.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { currentBusinessDate } from '../system/business-date.js';
import { fileAmendmentIn } from './amendments.js';
import { maskAnswer } from './context.js';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

/** Share of the month's follow-ups QA reviews besides every one with a discrepancy or correction. */
export const DEFAULT_QA_PERCENT = 5;

/**
 * 质检 sampling for a business date: the follow-ups of the date's month (completed, or amended,
 * in the month up to the date) not yet picked, run through selectForQa with the month's seed. The
 * seed is per month, so a daily rerun picks the same ones and a follow-up corrected later in the
 * month joins the sample then.
 */
export async function runQaSampling(db: Kysely<DB>, businessDate: BusinessDate, percent = DEFAULT_QA_PERCENT): Promise<{ seed: string; considered: number; picked: number }> {
  const monthStart = `${businessDate.slice(0, 7)}-01`;
  const seed = `qa-${businessDate.slice(0, 7)}`;
  const { rows } = await sql<{ id: number; has_discrepancy: boolean; corrected: boolean }>`
    SELECT f.task_id AS id, f.has_discrepancy,
           EXISTS (SELECT 1 FROM followup_amendment a WHERE a.followup_id = f.task_id AND a.status <> 'rejected') AS corrected
      FROM followup f
     WHERE NOT EXISTS (SELECT 1 FROM qa_item q WHERE q.followup_id = f.task_id)
       AND (f.completed_on BETWEEN ${monthStart} AND ${businessDate}
            OR EXISTS (SELECT 1 FROM followup_amendment a WHERE a.followup_id = f.task_id AND a.made_on BETWEEN ${monthStart} AND ${businessDate}))`.execute(db);
  const picked = selectForQa(
    rows.map((r) => ({ id: r.id, hasDiscrepancy: r.has_discrepancy, corrected: r.corrected })),
    percent,
    seed,
  );
  if (picked.length > 0) {
    await sql`
      INSERT INTO qa_item (followup_id, branch_id, sampled_on, seed, why)
      SELECT x.id, f.branch_id, ${businessDate}, ${seed}, x.why
        FROM unnest(${arrayLiteral(picked.map((p) => p.id), 'bigint')}::bigint[], ${arrayLiteral(picked.map((p) => p.why), 'text')}::text[]) AS x(id, why)
        JOIN followup f ON f.task_id = x.id
      ON CONFLICT (followup_id) DO NOTHING`.execute(db);
  }
  return { seed, considered: rows.length, picked: picked.length };
}

export async function listQaItems(db: Kysely<DB>, actor: Actor, status: 'open' | 'scored') {
  const rows = await db
    .selectFrom('qa_item as q')
    .innerJoin('branch as b', 'b.id', 'q.branch_id')
    .innerJoin('followup as f', 'f.task_id', 'q.followup_id')
    .select(['q.id', 'q.followup_id', 'q.why', 'q.status', 'q.sampled_on', 'q.error_count', 'q.amendment_id', 'q.scored_by', 'q.scored_on', 'f.loan_id', 'f.channel', 'f.completed_on', 'f.agent_name', 'b.code as branch_code', 'b.path as branch_path'])
    .where('b.path', ...pathInScope(actor))
    .where('q.status', '=', status)
    .orderBy('q.id')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    followUpId: r.followup_id,
    why: r.why,
    status: r.status,
    sampledOn: r.sampled_on,
    errorCount: r.error_count,
    amendmentId: r.amendment_id,
    scoredBy: r.scored_by,
    scoredOn: r.scored_on,
    loanId: r.loan_id,
    channel: r.channel,
    completedOn: r.completed_on,
    agent: r.agent_name,
    branchCode: r.branch_code,
    branchPath: r.branch_path,
  }));
}

export interface ItemScore {
  item: Item;
  correct: boolean;
  note?: string | undefined;
  /** what the answer should have been, when QA knows (from the recording): becomes an amendment */
  shouldBe?: { heard: string | null; verdict?: Verdict | undefined } | undefined;
}

/**
 * Scores a QA item, every answer of the follow-up once. Errors with a known right answer become
 * one amendment (source qa), which like any other takes effect at once or waits for a supervisor.
 */
export async function scoreQaItem(db: Kysely<DB>, who: AuditWho, lang: Lang, qaItemId: number, input: { scores: ItemScore[]; reason?: string | undefined }) {
  return db.transaction().execute(async (trx) => {
    const q = await trx
      .selectFrom('qa_item as q')
      .innerJoin('followup as f', 'f.task_id', 'q.followup_id')
      .innerJoin('branch as b', 'b.id', 'q.branch_id')
      .select(['q.id', 'q.status', 'q.followup_id', 'f.answers', 'f.agent_user_id', 'b.path'])
      .where('q.id', '=', qaItemId)
      .forUpdate('q')
      .executeTakeFirst();
    if (!q) throw new AppError('not-found');
    if (q.status !== 'open') throw new AppError('conflict', t('该质检项已评分', 'this QA item is already scored'));
    if (q.agent_user_id !== null && q.agent_user_id === who.userId) throw new AppError('forbidden', t('不能质检自己做的回访', 'you cannot review your own follow-up'));
    const items = (q.answers as Answer[]).map((a) => a.item);
    const scored = new Set<Item>();
    const errors: { field: string; message: string }[] = [];
    for (const s of input.scores) {
      if (scored.has(s.item)) errors.push({ field: `scores.${s.item}`, message: lang === 'zh-CN' ? '同一项评了两次' : 'scored twice' });
      if (!items.includes(s.item)) errors.push({ field: `scores.${s.item}`, message: lang === 'zh-CN' ? '该回访没有此项' : 'the follow-up has no such answer' });
      if (s.correct && s.shouldBe !== undefined) errors.push({ field: `scores.${s.item}`, message: lang === 'zh-CN' ? '判为正确的项不能给出更正' : 'a correct answer has nothing to correct' });
      scored.add(s.item);
    }
    for (const item of items) if (!scored.has(item)) errors.push({ field: `scores.${item}`, message: lang === 'zh-CN' ? '未评分' : 'not scored' });
    if (errors.length > 0) throw new AppError('validation', t('质检评分不完整或不合法', 'the scores are incomplete or not valid'), errors);

    const wrong = input.scores.filter((s) => !s.correct);
    const corrections = wrong.filter((s) => s.shouldBe !== undefined);
    const today = await currentBusinessDate(trx);
    const amendment =
      corrections.length === 0
        ? null
        : await fileAmendmentIn(trx, who, lang, q.followup_id, {
            source: 'qa',
            changes: corrections.map((s) => ({ item: s.item, heard: s.shouldBe!.heard, verdict: s.shouldBe!.verdict })),
            reason: input.reason ?? `质检 QA #${q.id}: ${corrections.map((s) => s.note ?? s.item).join('; ')}`,
            qaItemId: q.id,
          });
    await trx
      .updateTable('qa_item')
      .set({ status: 'scored', scores: JSON.stringify(input.scores), error_count: wrong.length, amendment_id: amendment?.id ?? null, scored_by_user_id: who.userId, scored_by: who.name, scored_on: today, scored_at: sql<string>`now()` })
      .where('id', '=', q.id)
      .execute();
    await recordAudit(trx, who, { action: 'followup.qa_score', entityType: 'followup', entityId: q.followup_id, branchPath: q.path, after: { qaItemId: q.id, errors: wrong.map((s) => s.item), amendmentId: amendment?.id ?? null }, reason: input.reason ?? null });
    return { id: q.id, followUpId: q.followup_id, errorCount: wrong.length, amendment };
  });
}

/** A QA item with the follow-up's answers, for the reviewer (personal data masked: QA does not reveal). */
export async function qaItemView(db: Kysely<DB>, qaItemId: number) {
  const q = await db.selectFrom('qa_item as q').innerJoin('followup as f', 'f.task_id', 'q.followup_id').select(['q.id', 'q.followup_id', 'q.why', 'q.status', 'q.scores', 'q.error_count', 'q.amendment_id', 'f.answers', 'f.channel', 'f.agent_name', 'f.completed_on']).where('q.id', '=', qaItemId).executeTakeFirst();
  if (!q) throw new AppError('not-found');
  return { id: q.id, followUpId: q.followup_id, why: q.why, status: q.status, scores: q.scores, errorCount: q.error_count, amendmentId: q.amendment_id, channel: q.channel, agent: q.agent_name, completedOn: q.completed_on, answers: (q.answers as Answer[]).map((a) => maskAnswer(a, false)) };
}
