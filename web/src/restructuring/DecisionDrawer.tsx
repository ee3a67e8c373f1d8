import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Input, Space, Spin, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type Ok, unwrap } from '../api/client.js';
import { formatFen } from '../format.js';
import { useI18n } from '../i18n/context.js';
import { roleLabel } from '../labels.js';
import { loanKey } from '../loan/useLoan.js';
import { causeLabel, STATUS_COLOR, statusLabel, type Terms, termsSummary } from './labels.js';
import { type Comparison, PreviewCompare } from './PreviewCompare.js';
import { approverText, quotaShort } from './Standing.js';
import { historyKey, INBOX_KEY } from './queries.js';
import { problemText } from './problem-text.js';

type Detail = Ok<'/api/v1/restructurings/{id}'>;
type Role = Parameters<typeof roleLabel>[1];

/** Why this checker cannot approve, in their words; null when nothing stands in the way. */
function Blocks({ d }: { d: Detail }) {
  const { t } = useI18n();
  if (!d.pending) return null;
  const { approver, quota } = d.pending;
  return (
    <>
      {!approver.ok && <Alert type="warning" showIcon data-testid="rs-authority-blocked" message={t('rs.detail.authorityBlocked', { why: approverText(t, approver) })} />}
      {!quota.ok && (
        <Alert
          type="error"
          showIcon
          data-testid="rs-quota-blocked"
          message={t('rs.detail.quotaBlocked', { month: quota.month, used: quota.usedCount, max: quota.maxCount ?? '—', waived: formatFen(quota.usedWaivedFen), maxWaived: formatFen(quota.maxWaivedFen) })}
        />
      )}
    </>
  );
}

/**
 * One request in full for the checker: the hardship behind it, the terms, old against new, and
 * approve or reject with a reason. Approve is offered only when the caller's authority and the
 * branch quota allow it; the server checks both again and its refusal is shown as it words it.
 */
export function DecisionDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const detail = useQuery({ queryKey: ['restructuring', id], queryFn: () => unwrap(api.GET('/api/v1/restructurings/{id}', { params: { path: { id } } })) });
  const decide = useMutation({
    mutationFn: (verb: 'approve' | 'reject') => unwrap(api.POST(verb === 'approve' ? '/api/v1/restructurings/{id}/approve' : '/api/v1/restructurings/{id}/reject', { params: { path: { id } }, body: { reason } })),
    onSuccess: async (r) => {
      const toVersion = (r as { toVersion?: number }).toVersion;
      message.success(r.status === 'approved' ? t('rs.detail.approved', { version: toVersion ?? '—' }) : t('rs.detail.rejected'));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: INBOX_KEY }),
        queryClient.invalidateQueries({ queryKey: ['restructuring', id] }),
        queryClient.invalidateQueries({ queryKey: historyKey(r.loanId) }),
        queryClient.invalidateQueries({ queryKey: loanKey(r.loanId) }),
      ]);
      onClose();
    },
  });
  const d = detail.data;
  const reasonOk = reason.trim().length >= 2;
  const footer = d?.status === 'pending' && (
    <Space direction="vertical" style={{ width: '100%' }}>
      {decide.error && <Alert type="error" showIcon message={problemText(decide.error)} data-testid="rs-decision-error" />}
      <Input.TextArea rows={2} placeholder={t('rs.detail.decisionReason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="rs-decision-reason" status={reason && !reasonOk ? 'error' : undefined} />
      <Space>
        <Button type="primary" disabled={!reasonOk || !d.pending?.approver.ok || !d.pending.quota.ok || d.stale} loading={decide.isPending && decide.variables === 'approve'} onClick={() => decide.mutate('approve')} data-testid="rs-approve">
          {t('rs.detail.approve')}
        </Button>
        <Button danger disabled={!reasonOk || d.pending?.approver.code === 'same-person'} loading={decide.isPending && decide.variables === 'reject'} onClick={() => decide.mutate('reject')} data-testid="rs-reject">
          {t('rs.detail.reject')}
        </Button>
      </Space>
    </Space>
  );
  return (
    <Drawer open width="min(1200px, 96vw)" title={t('rs.detail.title', { id })} onClose={onClose} footer={footer} destroyOnHidden data-testid="rs-decision">
      {detail.error && <Alert type="error" showIcon message={problemText(detail.error)} />}
      {!d ? (
        <Spin />
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('rs.inbox.loan')}>
              <Link to={`/loans/${d.loanId}`}>{d.loanExternalId}</Link> · {d.branchCode}
            </Descriptions.Item>
            <Descriptions.Item label={t('rs.limits.state')}>
              <Tag color={STATUS_COLOR[d.status]}>{statusLabel(t, d.status)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('rs.detail.terms')}>{termsSummary(t, d.terms as Terms)}</Descriptions.Item>
            <Descriptions.Item label={t('rs.inbox.requestedBy')}>{d.requestedBy}</Descriptions.Item>
            <Descriptions.Item label={t('rs.detail.reason')}>{d.reason}</Descriptions.Item>
            <Descriptions.Item label={t('rs.inbox.waived')}>{`${formatFen(d.waivedFen)} · ${t('rs.inbox.extraMonths')} ${d.extraMonths}`}</Descriptions.Item>
            {d.assessment && (
              <Descriptions.Item label={t('rs.detail.assessment')} span={2}>
                <Space direction="vertical" size={2}>
                  <span>{`${causeLabel(t, d.assessment.cause)} · ${t('rs.detail.income', { now: formatFen(d.assessment.incomeNowFen), then: formatFen(d.assessment.incomeAtApplicationFen) })} · ${t(`rs.willingness.${d.assessment.willingness as 'strong' | 'some' | 'none'}`)}`}</span>
                  {d.assessment.evidence.length > 0 && <span>{`${t('rs.hardship.evidence')}: ${d.assessment.evidence.join('; ')}`}</span>}
                  <span>{d.assessment.flags.map((f) => <Tag key={f.code} color="orange">{lang === 'zh-CN' ? f.zh : f.en}</Tag>)}</span>
                </Space>
              </Descriptions.Item>
            )}
            {d.pending && (
              <Descriptions.Item label={t('rs.inbox.authority')} span={2}>
                {d.pending.approver.ok ? t('rs.inbox.canApprove', { role: roleLabel(t, d.pending.approver.role as Role) }) : approverText(t, d.pending.approver)} · {quotaShort(t, d.pending.quota)}
              </Descriptions.Item>
            )}
          </Descriptions>
          {d.stale && <Alert type="warning" showIcon message={t('rs.preview.stale')} data-testid="rs-stale" />}
          <Blocks d={d} />
          <PreviewCompare effectiveOn={d.effectiveOn} comparison={d.comparison as Comparison} oldSchedule={d.oldSchedule} newSchedule={d.newSchedule} extraMonths={d.extraMonths} />
        </Space>
      )}
    </Drawer>
  );
}
