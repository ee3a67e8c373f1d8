import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Modal, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, unwrap } from '../api/client.js';
import { useI18n } from '../i18n/context.js';
import { DerivedSummary } from './DerivedSummary.js';
import { itemLabel, sourceLabel } from './labels.js';
import type { PendingAmendment } from './types.js';

type Decision = { amendment: PendingAmendment; decision: 'approve' | 'reject' };

/** Amendments waiting for a supervisor of the user's branches: approve (everything derived is recomputed) or reject with a reason. */
export default function ApprovalsPage() {
  const { t } = useI18n();
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const pending = useQuery({
    queryKey: ['followups', 'amendments'],
    queryFn: async () => (await unwrap(api.GET('/api/v1/amendments'))).items as unknown as PendingAmendment[],
  });

  const columns: TableProps<PendingAmendment>['columns'] = [
    { title: '#', dataIndex: 'id', width: 70 },
    { title: t('fu.col.followUp'), dataIndex: 'followUpId', width: 110, render: (id: number) => <Link to={`/followups/${id}/history`}>#{id}</Link> },
    { title: t('fu.col.loan'), dataIndex: 'loanId', width: 90, render: (id: number) => <Link to={`/loans/${id}`}>{id}</Link> },
    { title: t('fu.col.branch'), dataIndex: 'branchCode', width: 80 },
    { title: t('fu.col.agent'), dataIndex: 'agent', width: 110 },
    { title: t('fu.amend.source'), dataIndex: 'source', width: 100, render: (s: string) => <Tag>{sourceLabel(t, s)}</Tag> },
    { title: t('fu.approvals.changed'), dataIndex: 'changedItems', render: (items: string[]) => items.map((i) => <Tag key={i}>{itemLabel(t, i)}</Tag>) },
    { title: t('fu.history.reason'), dataIndex: 'reason', width: 220 },
    {
      title: t('fu.approvals.effect'),
      key: 'effect',
      width: 320,
      render: (_: unknown, a) => (
        <Space direction="vertical" size={2}>
          <Typography.Text type="secondary">{t('fu.approvals.retract')}</Typography.Text>
          <DerivedSummary derived={a.effect.retract} compact />
          <Typography.Text type="secondary">{t('fu.approvals.add')}</Typography.Text>
          <DerivedSummary derived={a.effect.add} compact />
        </Space>
      ),
    },
    { title: t('fu.history.madeBy'), key: 'made', width: 150, render: (_: unknown, a) => t('fu.history.byOn', { who: a.madeBy, date: a.madeOn }) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      fixed: 'right',
      render: (_: unknown, a) =>
        a.ownAmendment ? (
          <Tooltip title={t('fu.approvals.own')}>
            <Typography.Text type="secondary">{t('fu.approvals.own')}</Typography.Text>
          </Tooltip>
        ) : (
          <Space size={4}>
            <Button size="small" type="primary" onClick={() => setDeciding({ amendment: a, decision: 'approve' })} data-testid={`fu-approve-${a.id}`}>
              {t('fu.approvals.approve')}
            </Button>
            <Button size="small" danger onClick={() => setDeciding({ amendment: a, decision: 'reject' })} data-testid={`fu-reject-${a.id}`}>
              {t('fu.approvals.reject')}
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <Card size="small" title={t('fu.approvals.title')}>
      {pending.error && <Alert type="error" showIcon message={pending.error.message} style={{ marginBottom: 8 }} />}
      <Table<PendingAmendment>
        data-testid="fu-pending"
        rowKey="id"
        size="small"
        loading={pending.isFetching}
        columns={columns}
        dataSource={pending.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 1500 }}
        locale={{ emptyText: t('fu.approvals.empty') }}
      />
      {deciding && <DecisionModal {...deciding} onClose={() => setDeciding(null)} />}
    </Card>
  );
}

function DecisionModal({ amendment, decision, onClose }: Decision & { onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const decide = useMutation({
    mutationFn: () => {
      const params = { path: { id: amendment.id } };
      return decision === 'approve'
        ? unwrap(api.POST('/api/v1/amendments/{id}/approve', { params, body: reason.trim() ? { reason: reason.trim() } : {} }))
        : unwrap(api.POST('/api/v1/amendments/{id}/reject', { params, body: { reason: reason.trim() } }));
    },
    onSuccess: async () => {
      message.success(decision === 'approve' ? t('fu.approvals.approved') : t('fu.approvals.rejected'));
      await queryClient.invalidateQueries({ queryKey: ['followups'] });
      onClose();
    },
    onError: (error) => setProblem(error.message),
  });
  const required = decision === 'reject';
  return (
    <Modal
      open
      title={t(decision === 'approve' ? 'fu.approvals.approveTitle' : 'fu.approvals.rejectTitle', { id: amendment.id })}
      okText={t(decision === 'approve' ? 'fu.approvals.approve' : 'fu.approvals.reject')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: decide.isPending, danger: decision === 'reject', disabled: required && reason.trim().length < 2, 'data-testid': 'fu-decide-submit' }}
      onOk={() => {
        setProblem(null);
        decide.mutate();
      }}
      onCancel={onClose}
      destroyOnHidden
    >
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 8 }} />}
      <Input.TextArea rows={3} maxLength={500} value={reason} placeholder={t(required ? 'fu.approvals.reasonRequired' : 'fu.approvals.reasonOptional')} onChange={(e) => setReason(e.target.value)} data-testid="fu-decide-reason" />
    </Modal>
  );
}
