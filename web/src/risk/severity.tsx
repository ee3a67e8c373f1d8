import { Tag } from 'antd';
import { useI18n } from '../i18n/context.js';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

const COLOR: Record<Severity, string> = { low: 'default', medium: 'gold', high: 'orange', critical: 'red' };

export function SeverityTag({ severity }: { severity: Severity }) {
  const { t } = useI18n();
  return <Tag color={COLOR[severity]}>{t(`risk.severity.${severity}`)}</Tag>;
}

/** An alert's message in the user's language (the server writes both). */
export const alertMessage = (a: { messageZh: string; messageEn: string }, lang: 'zh-CN' | 'en-US') => (lang === 'zh-CN' ? a.messageZh : a.messageEn || a.messageZh);

/** Basis points as a percentage (10,000 = 100 %); null is collateral worth nothing, an infinite LTV. */
export const formatBp = (bp: number | null | undefined) => (bp === null || bp === undefined ? '∞' : `${(bp / 100).toFixed(1)}%`);
