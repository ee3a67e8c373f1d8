import { z } from 'zod';
import { addDays, type BusinessDate } from '../business-date.js';

/**
 * What an indicator starts when one of its warnings opens, as data beside the expression: a
 * follow-up (回访) by phone or in the field, or a collection step on the loan's open case. Only the
 * opening acts: a warning that goes on holding run after run starts nothing more, and the person
 * handling it still acknowledges and resolves it as before.
 */
export const FOLLOWUP_CHANNELS = ['phone', 'field'] as const;
export const COLLECTION_STEP_ACTIONS = ['call', 'sms', 'field_visit', 'letter', 'repossession_review', 'legal_referral'] as const;
export const STEP_ROLES = ['collector', 'branch_manager'] as const;

const withinDays = z.number().int().min(0).max(30);

export const ActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('followup'), channel: z.enum(FOLLOWUP_CHANNELS), withinDays }).strict(),
  z.object({ kind: z.literal('collection_step'), action: z.enum(COLLECTION_STEP_ACTIONS), forRole: z.enum(STEP_ROLES), withinDays }).strict(),
]);
export type IndicatorAction = z.infer<typeof ActionSchema>;

export interface OpenedWarning {
  warningId: number;
  indicatorCode: string;
  loanId: number;
  branchId: number;
  /** the loan's open collection case, if it has one */
  openCaseId: number | null;
}

export type ActionPlan =
  | { kind: 'followup'; key: string; trigger: string; channel: 'phone' | 'field'; dueOn: BusinessDate; doneBy: BusinessDate }
  | { kind: 'collection_step'; caseId: number; decisionKey: string; action: (typeof COLLECTION_STEP_ACTIONS)[number]; forRole: (typeof STEP_ROLES)[number]; dueOn: BusinessDate }
  | { kind: 'skipped'; reason: 'no_open_case' };

/**
 * The task a newly opened warning asks for. Keys name the warning, so a rerun of the date (or a
 * second look at the same warning) finds the task already there. A collection step needs a case to
 * belong to: on a loan with none open (a current loan), it is skipped and says why, rather than
 * opening a collection case on a loan that owes nothing.
 */
export function planAction(action: IndicatorAction, w: OpenedWarning, on: BusinessDate): ActionPlan {
  if (action.kind === 'followup') {
    return { kind: 'followup', key: `warning/${w.warningId}`, trigger: `warning:${w.indicatorCode}`, channel: action.channel, dueOn: on, doneBy: addDays(on, action.withinDays) };
  }
  if (w.openCaseId === null) return { kind: 'skipped', reason: 'no_open_case' };
  return { kind: 'collection_step', caseId: w.openCaseId, decisionKey: `warning/${w.warningId}`, action: action.action, forRole: action.forRole, dueOn: addDays(on, action.withinDays) };
}
