import { Tag } from 'antd';
import { useI18n } from '../i18n/context.js';

/** Whole days from one business date to another (both YYYY-MM-DD, read at UTC noon so no zone shifts a day). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}

/** A task's SLA against the business date: late (red), due today (orange) or days left. */
export function SlaTag({ doneBy, today }: { doneBy: string; today: string }) {
  const { t } = useI18n();
  const left = daysBetween(today, doneBy);
  if (left < 0) return <Tag color="red">{t('fu.sla.overdue', { n: -left })}</Tag>;
  if (left === 0) return <Tag color="orange">{t('fu.sla.today')}</Tag>;
  return <Tag color={left <= 2 ? 'gold' : 'green'}>{t('fu.sla.left', { n: left })}</Tag>;
}
