import type { I18n } from './i18n/context.js';
import { hasMessage } from './i18n/translate.js';

type T = I18n['t'];

/** Names of the API's enum values, from the locale files (the API sends codes, never display text). */
export const roleLabel = (t: T, role: 'collector' | 'followup_agent' | 'qa' | 'branch_manager' | 'risk_officer' | 'admin' | 'auditor') => t(`role.${role}`);

/**
 * A permission's name; one the locale files do not name yet shows as its code (test/web-unit.test.ts
 * fails until it is added, so this only covers the moments in between).
 */
export function permissionLabel(t: T, permission: string): string {
  const key = `permission.${permission}`;
  return hasMessage(key) ? t(key) : permission;
}

export const RISK_CLASSES = ['normal', 'special_mention', 'substandard', 'doubtful', 'loss'] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];
export const riskClassLabel = (t: T, c: string) => ((RISK_CLASSES as readonly string[]).includes(c) ? t(`riskClass.${c as RiskClass}`) : c);

export const BUCKETS = ['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7'] as const;
export const bucketLabel = (b: string) => (b === 'M7' ? 'M7+' : b);

export const STAGES = [1, 2, 3] as const;
export const stageLabel = (t: T, s: number) => t('stage.n', { n: s });

export const LOAN_STATUSES = ['active', 'paid_off', 'written_off'] as const;
export const loanStatusLabel = (t: T, s: string) => ((LOAN_STATUSES as readonly string[]).includes(s) ? t(`loanStatus.${s as (typeof LOAN_STATUSES)[number]}`) : s);

export const CHANNELS = ['bank_transfer', 'direct_debit', 'counter', 'online', 'collection'] as const;
export const channelLabel = (t: T, c: string) => ((CHANNELS as readonly string[]).includes(c) ? t(`channel.${c as (typeof CHANNELS)[number]}`) : c);

export const OVERPAYMENTS = ['credit', 'shorten-term', 'lower-installment'] as const;

export const INSTALLMENT_STATES = ['paid', 'partly-paid', 'overdue', 'due', 'future'] as const;
export const installmentStateLabel = (t: T, s: string) => ((INSTALLMENT_STATES as readonly string[]).includes(s) ? t(`installment.${s as (typeof INSTALLMENT_STATES)[number]}`) : s);

export const METHODS = ['annuity', 'equal-principal', 'interest-only', 'balloon'] as const;
export const methodLabel = (t: T, m: string) => ((METHODS as readonly string[]).includes(m) ? t(`method.${m as (typeof METHODS)[number]}`) : m);

export const COMPONENTS = ['principal', 'interest', 'penalty'] as const;
export const componentLabel = (t: T, c: string) => ((COMPONENTS as readonly string[]).includes(c) ? t(`component.${c as (typeof COMPONENTS)[number]}`) : c);

/** antd tag colours for DPD buckets and classes: green when current, deepening red as it worsens. */
export function bucketColor(bucket: string): string {
  const n = Number.parseInt(bucket.slice(1), 10);
  if (Number.isNaN(n)) return 'default';
  if (n === 0) return 'green';
  if (n === 1) return 'gold';
  if (n === 2) return 'orange';
  if (n <= 3) return 'volcano';
  return 'red';
}

export function riskClassColor(c: string): string {
  return { normal: 'green', special_mention: 'gold', substandard: 'orange', doubtful: 'volcano', loss: 'red' }[c] ?? 'default';
}

export function stageColor(stage: number): string {
  return stage === 1 ? 'green' : stage === 2 ? 'orange' : 'red';
}
