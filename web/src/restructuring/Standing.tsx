import { Tag, Tooltip } from 'antd';
import type { Schemas } from '../api/client.js';
import { formatFen } from '../format.js';
import type { I18n } from '../i18n/context.js';
import { useI18n } from '../i18n/context.js';
import { roleLabel } from '../labels.js';

type T = I18n['t'];
type Approver = Schemas['RestructuringApproverView'];
type Quota = Schemas['RestructuringQuotaView'];
type Role = Parameters<typeof roleLabel>[1];

/** Why a checker may not approve, with the limit a request is measured against. */
export function approverText(t: T, a: Approver): string {
  if (a.ok) return t('rs.inbox.canApprove', { role: roleLabel(t, a.role as Role) });
  if (a.code === 'same-person') return t('rs.inbox.samePerson');
  if (a.code === 'over-limit') return t('rs.inbox.overLimit', { money: formatFen(a.maxWaivedFen), months: a.maxExtraMonths ?? '—' });
  return t('rs.inbox.noAuthority');
}

export function quotaShort(t: T, q: Quota): string {
  if (q.maxCount === null) return t('rs.inbox.noQuota');
  return t('rs.inbox.quotaUsed', { used: q.usedCount, max: q.maxCount, waived: formatFen(q.usedWaivedFen) });
}

export function ApproverTag({ a }: { a: Approver }) {
  const { t } = useI18n();
  return <Tag color={a.ok ? 'green' : a.code === 'same-person' ? 'default' : 'red'}>{approverText(t, a)}</Tag>;
}

export function QuotaTag({ q }: { q: Quota }) {
  const { t } = useI18n();
  const text = quotaShort(t, q);
  return q.ok ? <span>{text}</span> : <Tooltip title={text}><Tag color="red">{t('rs.inbox.quotaFull')}</Tag></Tooltip>;
}
