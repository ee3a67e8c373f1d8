import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../api/context.js';
import type { Lang } from '../../api/i18n.js';
import { AppError } from '../../api/problem.js';
import type { AmendmentSource, DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { type AmendmentEffect, amendmentEffect, type AnswerChange, InvalidAmendment } from '../../domain/followups/amendment.js';
import { type Answer, type Channel, checkAnswers, type Item, suggestVerdict, type Verdict } from '../../domain/followups/checklist.js';
import type { Reconciliation } from '../../domain/followups/derive.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { currentBusinessDate } from '../system/business-date.js';
import { applyEffect, type AppliedEffect } from './effects.js';
import { confirmChanges } from './forms.js';
import { type OutboundChannel, outboxChannel } from './outbox.js';
import { slaDaysOf } from './policies.js';
import { assignOpenTasks } from './tasks.js';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

/**
 * 回访说错: a completed follow-up is corrected by an amendment (changed answers and a reason) that
 * points at the version it corrects. What it would change decides whether it needs a supervisor
 * (amendmentEffect): one that changes nothing derived takes effect at once; one that does waits
 * for a supervisor who is not its maker. On approval the reconciliation is made real: the old
 * derived facts are answered by facts restoring the earlier values, flags cleared with the date,
 * tasks cancelled, the new ones added. Every version stays readable.
 */
export interface ChangeInput {
  item: Item;
  heard: string | null;
  verdict?: Verdict | undefined;
}

interface FollowUpRow {
  task_id: number;
  loan_id: number;
  borrower_id: number;
  branch_id: number;
  channel: Channel;
  answers: unknown;
  path: string;
  name: string;
}

async function lockFollowUp(trx: Kysely<DB>, followUpId: number): Promise<FollowUpRow> {
  const row = await trx
    .selectFrom('followup as f')
    .innerJoin('branch as b', 'b.id', 'f.branch_id')
    .innerJoin('borrower as p', 'p.id', 'f.borrower_id')
    .select(['f.task_id', 'f.loan_id', 'f.borrower_id', 'f.branch_id', 'f.channel', 'f.answers', 'b.path', 'p.name'])
    .where('f.task_id', '=', followUpId)
    // amendments of one follow-up follow one another (the row itself never changes)
    .forUpdate('f')
    .executeTakeFirst();
  if (!row) throw new AppError('not-found');
  return row as FollowUpRow;
}

/** The version in effect: the latest applied or approved amendment, or the original answers. */
async function currentVersion(trx: Kysely<DB>, f: FollowUpRow): Promise<{ amendmentId: number | null; version: number; answers: Answer[] }> {
  const latest = await trx
    .selectFrom('followup_amendment')
    .select(['id', 'version', 'answers'])
    .where('followup_id', '=', f.task_id)
    .where('version', 'is not', null)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) return { amendmentId: null, version: 0, answers: f.answers as Answer[] };
  return { amendmentId: latest.id, version: latest.version ?? 0, answers: latest.answers as Answer[] };
}

function invalid(lang: Lang, field: string, zh: string, en: string): AppError {
  return new AppError('validation', t('更正内容不合法', 'the amendment is not valid'), [{ field, message: lang === 'zh-CN' ? zh : en }]);
}

function effectOf(lang: Lang, channel: Channel, current: Answer[], input: readonly ChangeInput[]): { changes: AnswerChange[]; effect: AmendmentEffect } {
  const changes: AnswerChange[] = input.map((c) => {
    const was = current.find((a) => a.item === c.item);
    return { item: c.item, heard: c.heard, verdict: c.verdict ?? suggestVerdict(c.item, was?.fileValue ?? null, c.heard) };
  });
  let effect: AmendmentEffect;
  try {
    effect = amendmentEffect(current, changes);
  } catch (error) {
    if (!(error instanceof InvalidAmendment)) throw error;
    const zh = error.message === 'the same item is changed twice' ? '同一项更正了两次' : error.message === 'the follow-up has no such answer' ? '该回访没有此项回答' : error.message === 'the amendment changes nothing' ? '更正未改变任何回答' : '更正至少要改一项回答';
    throw invalid(lang, error.item === null ? 'changes' : `changes.${error.item}`, zh, error.message);
  }
  // the changed answers must be valid answers of the channel; the unchanged ones were checked when recorded
  const changed = new Set(changes.map((c) => c.item));
  const issues = checkAnswers(channel, effect.answers).filter((i) => changed.has(i.item));
  if (issues.length > 0) {
    throw new AppError('validation', t('更正内容不合法', 'the amendment is not valid'), issues.map((i) => ({ field: `changes.${i.item}`, message: lang === 'zh-CN' ? i.zh : i.en })));
  }
  return { changes, effect };
}

async function makeReal(trx: Kysely<DB>, f: FollowUpRow, who: AuditWho, today: BusinessDate, amendmentId: number, version: number, diff: Reconciliation, channel: OutboundChannel): Promise<AppliedEffect> {
  const applied = await applyEffect(
    trx,
    { followUpId: f.task_id, loanId: f.loan_id, borrowerId: f.borrower_id, branchId: f.branch_id, branchPath: f.path, businessDate: today, who, amendmentId, version, slaDays: await slaDaysOf(trx, f.branch_id, today) },
    diff.retract,
    diff.add,
  );
  if (applied.tasksAdded.length > 0) await assignOpenTasks(trx, today);
  const items = [...new Set(applied.facts.map((c) => c.kind))];
  await confirmChanges(trx, channel, 'followup_record_corrected', { followUpId: f.task_id, loanId: f.loan_id, borrowerId: f.borrower_id, borrowerName: f.name, date: today }, items);
  return applied;
}

export interface AmendmentInput {
  source: AmendmentSource;
  changes: ChangeInput[];
  reason: string;
  qaItemId?: number | null;
}

export async function fileAmendmentIn(trx: Kysely<DB>, who: AuditWho, lang: Lang, followUpId: number, input: AmendmentInput, channel: OutboundChannel = outboxChannel) {
  const f = await lockFollowUp(trx, followUpId);
  const today = await currentBusinessDate(trx);
  const current = await currentVersion(trx, f);
  const { changes, effect } = effectOf(lang, f.channel, current.answers, input.changes);
  const version = effect.needsApproval ? null : current.version + 1;
  const row = await trx
    .insertInto('followup_amendment')
    .values({
      followup_id: f.task_id,
      corrects_amendment_id: current.amendmentId,
      source: input.source,
      changes: JSON.stringify(changes),
      answers: JSON.stringify(effect.answers),
      effect: JSON.stringify(effect.changes),
      needs_approval: effect.needsApproval,
      reason: input.reason,
      qa_item_id: input.qaItemId ?? null,
      made_by_user_id: who.userId,
      made_by: who.name,
      made_on: today,
      status: effect.needsApproval ? 'pending' : 'applied',
      version,
      // one that needs no approval is decided by the rule, at once
      decided_at: effect.needsApproval ? null : sql<string>`now()`,
      decided_on: effect.needsApproval ? null : today,
    })
    .returning(['id', 'made_at'])
    .executeTakeFirstOrThrow();
  const applied = version === null ? null : await makeReal(trx, f, who, today, row.id, version, effect.changes, channel);
  await recordAudit(trx, who, {
    action: 'followup.amend',
    entityType: 'followup',
    entityId: f.task_id,
    branchPath: f.path,
    after: { amendmentId: row.id, source: input.source, changes: changes.map((c) => c.item), needsApproval: effect.needsApproval, corrects: current.version },
    reason: input.reason,
  });
  return { id: row.id, followUpId: f.task_id, status: effect.needsApproval ? ('pending' as const) : ('applied' as const), version, correctsVersion: current.version, needsApproval: effect.needsApproval, effect: effect.changes, applied };
}

export async function fileAmendment(db: Kysely<DB>, who: AuditWho, lang: Lang, followUpId: number, input: AmendmentInput, channel: OutboundChannel = outboxChannel) {
  return db.transaction().execute((trx) => fileAmendmentIn(trx, who, lang, followUpId, input, channel));
}

/**
 * A supervisor's decision. Never the maker's own (maker ≠ checker, also a constraint of the
 * table). An amendment filed against a version that another correction has since replaced is
 * refused: it was judged against answers that are no longer the record.
 */
export async function decideAmendment(db: Kysely<DB>, actor: Actor, who: AuditWho, amendmentId: number, decision: 'approve' | 'reject', reason: string | undefined, channel: OutboundChannel = outboxChannel) {
  return db.transaction().execute(async (trx) => {
    const head = await trx.selectFrom('followup_amendment').select('followup_id').where('id', '=', amendmentId).executeTakeFirst();
    if (!head) throw new AppError('not-found');
    const f = await lockFollowUp(trx, head.followup_id);
    const a = await trx.selectFrom('followup_amendment').selectAll().where('id', '=', amendmentId).executeTakeFirstOrThrow();
    if (a.status !== 'pending') throw new AppError('conflict', t(`该更正已是“${a.status}”状态，不能再审批`, `this amendment is already ${a.status}`));
    if (a.made_by_user_id !== null && a.made_by_user_id === actor.userId) {
      throw new AppError('forbidden', t('不能审批自己提交的更正（双人复核）', 'you cannot decide an amendment you filed (maker ≠ checker)'));
    }
    const today = await currentBusinessDate(trx);
    const current = await currentVersion(trx, f);
    if (decision === 'approve' && current.amendmentId !== a.corrects_amendment_id) {
      throw new AppError('conflict', t(`该更正针对的版本已被第 ${current.version} 版取代，请重新提交`, `the version this amendment corrects was replaced by version ${current.version}; file it again`));
    }
    const version = decision === 'approve' ? current.version + 1 : null;
    const decided = await trx
      .updateTable('followup_amendment')
      .set({ status: decision === 'approve' ? 'approved' : 'rejected', version, decided_by_user_id: actor.userId, decided_by: actor.username, decided_on: today, decided_at: sql<string>`now()`, decision_reason: reason ?? null })
      .where('id', '=', amendmentId)
      .returning(['decided_at'])
      .executeTakeFirstOrThrow();
    const applied = version === null ? null : await makeReal(trx, f, who, today, a.id, version, a.effect as Reconciliation, channel);
    await recordAudit(trx, who, {
      action: decision === 'approve' ? 'followup.amendment_approve' : 'followup.amendment_reject',
      entityType: 'followup',
      entityId: f.task_id,
      branchPath: f.path,
      after: { amendmentId, version, madeBy: a.made_by },
      reason: reason ?? null,
    });
    return { id: a.id, followUpId: f.task_id, status: decision === 'approve' ? ('approved' as const) : ('rejected' as const), version, decidedBy: actor.username, decidedOn: today, decidedAt: decided.decided_at as string, applied };
  });
}
