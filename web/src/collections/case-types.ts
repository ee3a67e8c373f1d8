import type { Schemas } from '../api/client.js';

/**
 * The API declares a case as a free-form object (CollectionCase in the OpenAPI document); this is
 * the shape src/modules/collections/case-view.ts returns, field for field, so the pages read it
 * typed. Text the strategy wrote is in both languages as { zh, en }.
 */
export interface BilingualText {
  zh: string;
  en: string;
}

export interface OwnerRef {
  kind: 'collector' | 'team' | 'agency';
  id: number;
}

export interface TaskExplanation {
  strategy?: { code: string; version: number };
  group?: string;
  segment?: string | null;
  step?: { code: string; day: number; anchor: string; occurrence: number } | null;
  facts?: { dpd: number; bucket: string; overdueFen: number; tags: string[]; promise: string; oldestUnpaidDue: string | null; nextDue: string | null };
  matched?: (BilingualText & { passed: boolean })[];
  why?: BilingualText;
}

export interface CaseTask {
  id: number;
  kind: string;
  action: string;
  segment: string | null;
  step: string | null;
  priority: number;
  createdOn: string;
  dueBy: string;
  status: 'open' | 'held' | 'done' | 'cancelled';
  heldBy: number | null;
  doneAt: string | null;
  cancelledReason: string | null;
  key: string;
  explanation: TaskExplanation;
}

export interface CasePromise {
  id: number;
  madeOn: string;
  instalments: { dueDate: string; amountFen: number }[];
  totalFen: number;
  state: string;
  brokenOn: string | null;
  settledOn: string | null;
}

export interface CaseDetail {
  id: number;
  loanId: number;
  loanExternalId: string;
  branchCode: string;
  openedOn: string;
  reason: string;
  anchorDue: string | null;
  closedOn: string | null;
  closeReason: string | null;
  dpd: number | null;
  bucket: string | null;
  overdueFen: number | null;
  owner: (OwnerRef & { since: string | null; until: string | null }) | null;
  strategy: { code: string; version: number; group: string; segment: string | null } | null;
  ownerHistory: { on: string; from: OwnerRef | null; to: OwnerRef | null; why: string; detail: string | null; /** the allocation rule that placed the case */ rule: string | null; by: string }[];
  events: { id: number; on: string; kind: string; detail: Record<string, unknown> | null }[];
  tasks: CaseTask[];
  contacts: Schemas['Contact'][];
  promises: CasePromise[];
  holds: Schemas['Hold'][];
}

/** The text of the strategy's explanation in the user's language. */
export const bilingual = (text: BilingualText | undefined, lang: 'zh-CN' | 'en-US'): string => (text ? (lang === 'zh-CN' ? text.zh : text.en) : '—');

/** A task as the queue and the task list send it (the generated type is nullable because the queue may have none). */
export type Task = NonNullable<Schemas['CollectionTask']>;
