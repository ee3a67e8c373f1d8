import type { MessageKey } from '../../i18n/translate.js';

/** Labels of the score model pages that depend on data: a status, a feature name. */
export type ModelStatus = 'draft' | 'champion' | 'retired';

export const STATUS_COLOR: Record<ModelStatus, string> = { draft: 'default', champion: 'green', retired: 'default' };

export const statusKey = (s: ModelStatus): MessageKey => `risk.models.status.${s}`;

const FEATURE_KEYS = new Set(['maxDpd3m', 'maxDpd6m', 'maxDpd12m', 'overdueMonths12m', 'monthsOnBook', 'paymentRatio6m', 'ltv', 'alerts12m', 'followupDiscrepancies12m']);

/** A feature's name in the user's language; a card trained on a CSV may carry names of its own, shown as they are. */
export function featureLabel(name: string, t: (key: MessageKey) => string): string {
  return FEATURE_KEYS.has(name) ? t(`risk.models.feature.${name}` as MessageKey) : name;
}

export const fmt4 = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(4));
