import type { Kysely } from 'kysely';
import type { Lang } from '../../api/i18n.js';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import { maskName } from '../../domain/masking.js';
import { type Answer, CHECKLISTS, checkAnswers, CHOICES, FACT_ITEMS, type Item, NEEDS_PHOTO_AND_PLACE, suggestVerdict, type Verdict } from '../../domain/followups/checklist.js';
import { deriveFromAnswers, type Derived } from '../../domain/followups/derive.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { currentBusinessDate } from '../system/business-date.js';
import { fileValues, loadTask, maskAnswer } from './context.js';
import { applyEffect, type AppliedEffect, EMPTY_DERIVED } from './effects.js';
import { listItems, type OutboundChannel, outboxChannel } from './outbox.js';
import { slaDaysOf } from './policies.js';
import { assignOpenTasks } from './tasks.js';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

/**
 * The follow-up form: the checklist of the task's channel with what the file says beside each
 * item (masked unless revealed, and a reveal is audited), and its completion, which stores the
 * follow-up once and for all and makes real what its answers derive.
 */
export async function followUpForm(db: Kysely<DB>, who: AuditWho, taskId: number, reveal: boolean) {
  const task = await loadTask(db, taskId);
  const asOf = await currentBusinessDate(db);
  const file = await fileValues(db, task.borrowerId, asOf);
  if (reveal) {
    await recordAudit(db, who, { action: 'pii.reveal', entityType: 'borrower', entityId: task.borrowerId, branchPath: task.branchPath, after: { fields: Object.keys(file), view: 'followup_form', taskId } });
  }
  const items = CHECKLISTS[task.channel].map((item) => {
    const answer = maskAnswer({ item, fileValue: file[item] ?? null, heard: null, verdict: 'could_not_verify' }, reveal);
    const choices = CHOICES[item];
    return {
      item,
      fileValue: answer.fileValue,
      choices: choices === undefined ? null : [...choices],
      factKind: FACT_ITEMS[item] ?? null,
      needsEvidence: task.channel === 'field' && NEEDS_PHOTO_AND_PLACE.includes(item),
    };
  });
  return {
    task: {
      id: task.id,
      kind: task.kind,
      trigger: task.trigger,
      item: task.item,
      channel: task.channel,
      fieldReasons: task.fieldReasons,
      dueOn: task.dueOn,
      doneBy: task.doneBy,
      status: task.status,
      loanId: task.loanId,
      loanExternalId: task.loanExternalId,
      borrowerName: reveal ? task.borrowerName : maskName(task.borrowerName),
    },
    asOf,
    revealed: reveal,
    items,
  };
}

export interface AnswerInput {
  item: Item;
  heard: string | null;
  /** default: the verdict the form suggests from the file's value and what was heard */
  verdict?: Verdict | undefined;
  evidence?: { photos: string[]; lat: number; lng: number } | undefined;
}

export function hasDiscrepancy(answers: readonly Answer[], derived: Derived): boolean {
  return answers.some((a) => a.verdict === 'differs') || derived.flags.some((f) => f.flag !== 'unreachable');
}

/** The confirmation a borrower gets when a follow-up (or a correction) changed their facts. */
export async function confirmChanges(
  db: Kysely<DB>,
  channel: OutboundChannel,
  template: 'followup_changes_recorded' | 'followup_record_corrected',
  target: { followUpId: number; loanId: number; borrowerId: number; borrowerName: string; date: string },
  items: readonly string[],
): Promise<void> {
  if (items.length === 0) return;
  const contacts = await db
    .selectFrom('borrower_fact')
    .select(['fact', 'value'])
    .distinctOn('fact')
    .where('borrower_id', '=', target.borrowerId)
    .where('fact', 'in', ['mobile', 'email'])
    .orderBy('fact')
    .orderBy('effective_from', 'desc')
    .orderBy('id', 'desc')
    .execute();
  // borrowers have no language on file yet: Chinese, the lender's
  const lang: Lang = 'zh-CN';
  const params = { name: target.borrowerName, date: target.date, items: listItems(items, lang) };
  await channel.send(
    db,
    contacts.map((c) => ({ channel: c.fact === 'email' ? 'email' : 'sms', to: c.value, template, lang, params, loanId: target.loanId, followUpId: target.followUpId })),
  );
}

export async function completeFollowUp(
  db: Kysely<DB>,
  who: AuditWho,
  lang: Lang,
  taskId: number,
  input: { answers: AnswerInput[]; note?: string | undefined },
  channel: OutboundChannel = outboxChannel,
): Promise<{ followUpId: number; completedOn: string; hasDiscrepancy: boolean; unreachable: boolean; derived: Derived; applied: AppliedEffect }> {
  return db.transaction().execute(async (trx) => {
    const task = await loadTask(trx, taskId, true);
    if (task.status !== 'open') throw new AppError('conflict', t(`该回访任务已${task.status === 'done' ? '完成' : '取消'}`, `this follow-up task is already ${task.status}`));
    const today = await currentBusinessDate(trx);
    const file = await fileValues(trx, task.borrowerId, today);
    // the file's values are what the server reads, never what a client says the file said
    const answers: Answer[] = input.answers.map((a) => {
      const fileValue = file[a.item] ?? null;
      const answer: Answer = { item: a.item, fileValue, heard: a.heard, verdict: a.verdict ?? suggestVerdict(a.item, fileValue, a.heard) };
      if (a.evidence !== undefined) answer.evidence = a.evidence;
      return answer;
    });
    const issues = checkAnswers(task.channel, answers);
    if (issues.length > 0) {
      throw new AppError(
        'validation',
        t('回访清单未通过检查', 'the checklist is not complete or not valid'),
        issues.map((i) => ({ field: `answers.${i.item}`, message: lang === 'zh-CN' ? i.zh : i.en })),
      );
    }
    const derived = deriveFromAnswers(answers);
    const discrepancy = hasDiscrepancy(answers, derived);
    const unreachable = answers.some((a) => a.item === 'reached' && a.heard === 'no');
    await trx
      .insertInto('followup')
      .values({
        task_id: task.id,
        loan_id: task.loanId,
        borrower_id: task.borrowerId,
        branch_id: task.branchId,
        kind: task.kind,
        channel: task.channel,
        answers: JSON.stringify(answers),
        derived: JSON.stringify(derived),
        has_discrepancy: discrepancy,
        unreachable,
        note: input.note ?? null,
        completed_on: today,
        agent_user_id: who.userId,
        agent_name: who.name,
      })
      .execute();
    await trx.updateTable('followup_task').set({ status: 'done', closed_on: today, done_followup_id: task.id }).where('id', '=', task.id).execute();
    // a follow-up answers every scheduled one of the loan already due: the rule's "a follow-up
    // completed on or after the event needs nothing more"
    await trx
      .updateTable('followup_task')
      .set({ status: 'done', closed_on: today, done_followup_id: task.id })
      .where('loan_id', '=', task.loanId)
      .where('status', '=', 'open')
      .where('kind', 'in', ['post_disbursement', 'periodic', 'event'])
      .where('due_on', '<=', today)
      .execute();
    const applied = await applyEffect(
      trx,
      { followUpId: task.id, loanId: task.loanId, borrowerId: task.borrowerId, branchId: task.branchId, branchPath: task.branchPath, businessDate: today, who, amendmentId: null, version: 0, slaDays: await slaDaysOf(trx, task.branchId, today) },
      EMPTY_DERIVED,
      derived,
    );
    if (applied.tasksAdded.length > 0) await assignOpenTasks(trx, today);
    const changedItems = derived.facts.map((f) => f.kind);
    await confirmChanges(trx, channel, 'followup_changes_recorded', { followUpId: task.id, loanId: task.loanId, borrowerId: task.borrowerId, borrowerName: task.borrowerName, date: today }, changedItems);
    await recordAudit(trx, who, {
      action: 'followup.complete',
      entityType: 'followup',
      entityId: task.id,
      branchPath: task.branchPath,
      after: { loanId: task.loanId, channel: task.channel, hasDiscrepancy: discrepancy, unreachable, flags: derived.flags.map((f) => f.flag), facts: changedItems, tasks: derived.tasks },
    });
    return { followUpId: task.id, completedOn: today, hasDiscrepancy: discrepancy, unreachable, derived, applied };
  });
}

