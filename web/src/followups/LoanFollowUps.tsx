import { useQuery } from '@tanstack/react-query';
import { Alert, Space, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { Link } from 'react-router-dom';
import { api, type Schemas, unwrap } from '../api/client.js';
import { useSession } from '../auth/context.js';
import { useI18n } from '../i18n/context.js';
import { channelLabel, taskStatusLabel, taskTitle } from './labels.js';

type Row = Schemas['LoanFollowUp'];

const STATUS_COLOR: Record<Row['status'], string> = { open: 'blue', done: 'green', cancelled: 'default' };

/** The loan 360's follow-ups: every task, the follow-up that did it, and its versions. */
export function LoanFollowUps({ loanId }: { loanId: number }) {
  const { t } = useI18n();
  const { can } = useSession();
  const list = useQuery({ queryKey: ['followups', 'loan', loanId], queryFn: () => unwrap(api.GET('/api/v1/loans/{id}/followups', { params: { path: { id: loanId } } })) });
  const columns: TableProps<Row>['columns'] = [
    { title: '#', dataIndex: 'taskId', width: 80, render: (id: number, r) => (r.status === 'open' && can('followup.work') ? <Link to={`/followups/${id}`}>{id}</Link> : id) },
    { title: t('fu.col.kind'), key: 'kind', render: (_: unknown, r) => taskTitle(t, r) },
    { title: t('fu.col.channel'), dataIndex: 'channel', width: 130, render: (c: string) => channelLabel(t, c) },
    { title: t('fu.col.dueOn'), dataIndex: 'dueOn', width: 110 },
    { title: t('fu.col.doneBy'), dataIndex: 'doneBy', width: 110 },
    { title: t('fu.col.status'), dataIndex: 'status', width: 90, render: (s: Row['status']) => <Tag color={STATUS_COLOR[s]}>{taskStatusLabel(t, s)}</Tag> },
    { title: t('fu.loan.assignee'), dataIndex: 'assignee', width: 120, render: (v: string | null) => v ?? '—' },
    {
      title: t('fu.loan.result'),
      key: 'result',
      render: (_: unknown, r) => {
        if (r.followUp) {
          const f = r.followUp;
          return (
            <Space size={4} wrap>
              <Link to={`/followups/${f.id}/history`} data-testid={`fu-loan-history-${f.id}`}>
                {f.completedOn} · {f.agent}
              </Link>
              {f.unreachable && <Tag color="red">{t('fu.done.unreachable')}</Tag>}
              {!f.unreachable && f.hasDiscrepancy && <Tag color="orange">{t('fu.done.discrepancy')}</Tag>}
              <Tag color={f.versions > 1 ? 'blue' : 'default'}>{t('fu.loan.versions', { n: f.versions })}</Tag>
              {f.pendingAmendments > 0 && <Tag color="gold">{t('fu.loan.pending', { n: f.pendingAmendments })}</Tag>}
            </Space>
          );
        }
        if (r.doneByFollowUpId !== null) return <Link to={`/followups/${r.doneByFollowUpId}/history`}>{t('fu.loan.doneByOther', { id: r.doneByFollowUpId })}</Link>;
        return r.cancelledReason ?? null;
      },
    },
  ];
  if (list.error) return <Alert type="error" showIcon message={list.error.message} />;
  return <Table<Row> data-testid="fu-loan-table" rowKey="taskId" size="small" loading={list.isFetching} columns={columns} dataSource={list.data?.items ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: t('fu.loan.empty') }} />;
}
