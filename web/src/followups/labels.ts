import type { I18n } from '../i18n/context.js';
import { hasMessage } from '../i18n/translate.js';
import { CHOICES, type Item } from '../../../src/domain/followups/checklist.js';

export { CHOICES };

type T = I18n['t'];

/**
 * Names of the follow-up codes the API sends (items, verdicts, choices, kinds, flags…). A code the
 * locale files do not name (a trigger added on the server first) shows as the code itself rather
 * than a broken key.
 */
function named(t: T, prefix: string, code: string | null | undefined): string {
  if (code === null || code === undefined) return '—';
  const key = `${prefix}.${code}`;
  return hasMessage(key) ? t(key) : code;
}

export const itemLabel = (t: T, item: string) => named(t, 'fu.item', item);
export const verdictLabel = (t: T, verdict: string) => named(t, 'fu.verdict', verdict);
export const choiceLabel = (t: T, value: string) => named(t, 'fu.choice', value);
export const kindLabel = (t: T, kind: string) => named(t, 'fu.kind', kind);
export const channelLabel = (t: T, channel: string) => named(t, 'fu.channel', channel);
export const triggerLabel = (t: T, trigger: string | null) => named(t, 'fu.trigger', trigger);
export const flagLabel = (t: T, flag: string) => named(t, 'fu.flag', flag);
export const taskStatusLabel = (t: T, status: string) => named(t, 'fu.taskStatus', status);
export const amendStatusLabel = (t: T, status: string) => named(t, 'fu.amendStatus', status);
export const sourceLabel = (t: T, source: string) => named(t, 'fu.source', source);
export const qaWhyLabel = (t: T, why: string) => named(t, 'fu.qaWhy', why);
export const verificationLabel = (t: T, v: string) => named(t, 'fu.verification', v);
export const factActionLabel = (t: T, a: string) => named(t, 'fu.factAction', a);

export function fieldReasonLabel(t: T, reason: string): string {
  const grade = /^grade_(\w+)$/.exec(reason);
  return grade ? t('fu.fieldReason.grade', { grade: grade[1] ?? '' }) : named(t, 'fu.fieldReason', reason);
}

/** What a task is: its kind, and the event or answer behind it when there is one. */
export function taskTitle(t: T, task: { kind: string; trigger: string | null; item: string | null }): string {
  const detail = task.trigger !== null ? triggerLabel(t, task.trigger) : task.item !== null ? itemLabel(t, task.item) : null;
  return detail === null ? kindLabel(t, task.kind) : `${kindLabel(t, task.kind)} · ${detail}`;
}

/** An answer as read: a choice by its name, free text as typed, nothing as a dash. */
export function answerText(t: T, item: string, value: string | null): string {
  if (value === null || value === '') return '—';
  return (CHOICES[item as Item]?.includes(value) ?? false) ? choiceLabel(t, value) : value;
}

export const VERDICT_COLOR: Record<string, string> = { matches: 'green', differs: 'orange', could_not_verify: 'default' };
export const AMEND_COLOR: Record<string, string> = { pending: 'gold', applied: 'green', approved: 'green', rejected: 'red' };
