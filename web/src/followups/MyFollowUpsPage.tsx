import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { api, type Schemas, unwrap } from '../api/client.js';
import { useBusinessDate } from '../api/queries.js';
import { useI18n } from '../i18n/context.js';
import { channelLabel, taskTitle } from './labels.js';
import { SlaTag } from './SlaTag.js';

type Task = Schemas['FollowUpTask'];

/** The signed-in agent's open follow-ups, soonest SLA deadline first (the API's order). */
export default function MyFollowUpsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const today = useBusinessDate().data?.businessDate;
  const tasks = useQuery({ queryKey: ['followups', 'mine'], queryFn: () => unwrap(api.GET('/api/v1/followups/mine')) });

  const columns: TableProps<Task>['columns'] = [
    { title: '#', dataIndex: 'id', width: 80 },
    { title: t('fu.col.loan'), dataIndex: 'loanExternalId', width: 150, render: (v: string, r) => <Link to={`/loans/${r.loanId}`}>{v}</Link> },
    { title: t('fu.col.borrower'), dataIndex: 'borrowerName', width: 100 },
    { title: t('fu.col.branch'), dataIndex: 'branchCode', width: 90 },
    { title: t('fu.col.kind'), key: 'kind', render: (_: unknown, r) => taskTitle(t, r) },
    { title: t('fu.col.channel'), dataIndex: 'channel', width: 130, render: (c: string) => <Tag color={c === 'field' ? 'purple' : 'blue'}>{channelLabel(t, c)}</Tag> },
    { title: t('fu.col.dueOn'), dataIndex: 'dueOn', width: 110 },
    { title: t('fu.col.doneBy'), dataIndex: 'doneBy', width: 110 },
    { title: t('fu.col.sla'), key: 'sla', width: 110, render: (_: unknown, r) => (today ? <SlaTag doneBy={r.doneBy} today={today} /> : null) },
    {
      title: '',
      key: 'open',
      width: 110,
      render: (_: unknown, r) => (
        <Button type="link" size="small" onClick={() => navigate(`/followups/${r.id}`)} data-testid={`open-task-${r.id}`}>
          {t('fu.mine.open')}
        </Button>
      ),
    },
  ];

  return (
    <Card size="small" title={t('fu.mine.title')}>
      {tasks.error && <Alert type="error" showIcon message={tasks.error.message} style={{ marginBottom: 8 }} />}
      <Table<Task>
        data-testid="my-followups"
        rowKey="id"
        size="small"
        loading={tasks.isFetching}
        columns={columns}
        dataSource={tasks.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('fu.mine.empty') }}
      />
    </Card>
  );
}
