import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Segmented, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, unwrap } from '../api/client.js';
import { useI18n } from '../i18n/context.js';
import { channelLabel, qaWhyLabel } from './labels.js';
import type { QaListItem } from './types.js';

/** 质检: the sampled follow-ups of the user's branches, to score or already scored. */
export default function QaPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [status, setStatus] = useState<'open' | 'scored'>('open');
  const items = useQuery({
    queryKey: ['followups', 'qa', status],
    queryFn: async () => (await unwrap(api.GET('/api/v1/qa', { params: { query: { status } } }))).items as unknown as QaListItem[],
  });
  const columns: TableProps<QaListItem>['columns'] = [
    { title: '#', dataIndex: 'id', width: 70 },
    { title: t('fu.col.followUp'), dataIndex: 'followUpId', width: 100, render: (id: number) => <Link to={`/followups/${id}/history`}>#{id}</Link> },
    { title: t('fu.col.loan'), dataIndex: 'loanId', width: 90, render: (id: number) => <Link to={`/loans/${id}`}>{id}</Link> },
    { title: t('fu.col.branch'), dataIndex: 'branchCode', width: 80 },
    { title: t('fu.col.agent'), dataIndex: 'agent', width: 120 },
    { title: t('fu.col.channel'), dataIndex: 'channel', width: 130, render: (c: string) => channelLabel(t, c) },
    { title: t('fu.col.completedOn'), dataIndex: 'completedOn', width: 110 },
    { title: t('fu.qa.why'), dataIndex: 'why', width: 110, render: (w: string) => <Tag color={w === 'sample' ? 'default' : 'orange'}>{qaWhyLabel(t, w)}</Tag> },
    { title: t('fu.qa.sampledOn'), dataIndex: 'sampledOn', width: 110 },
    ...(status === 'scored'
      ? [
          { title: t('fu.qa.errors'), dataIndex: 'errorCount', width: 80, render: (n: number | null) => <Tag color={n ? 'red' : 'green'}>{n ?? 0}</Tag> },
          { title: t('fu.history.madeBy'), key: 'scored', width: 160, render: (_: unknown, r: QaListItem) => (r.scoredBy ? t('fu.history.byOn', { who: r.scoredBy, date: r.scoredOn ?? '' }) : '—') },
        ]
      : []),
    {
      title: '',
      key: 'open',
      width: 90,
      render: (_: unknown, r) => (
        <Button type="link" size="small" onClick={() => navigate(`/followups/qa/${r.id}`)} data-testid={`fu-qa-open-${r.id}`}>
          {t('fu.qa.score')}
        </Button>
      ),
    },
  ];
  return (
    <Card size="small" title={t('fu.qa.title')} extra={<Segmented<'open' | 'scored'> value={status} onChange={setStatus} options={[{ value: 'open', label: t('fu.qa.open') }, { value: 'scored', label: t('fu.qa.scored') }]} />}>
      {items.error && <Alert type="error" showIcon message={items.error.message} style={{ marginBottom: 8 }} />}
      <Table<QaListItem> data-testid="fu-qa-list" rowKey="id" size="small" loading={items.isFetching} columns={columns} dataSource={items.data ?? []} pagination={{ pageSize: 50, hideOnSinglePage: true }} locale={{ emptyText: t('fu.qa.empty') }} />
    </Card>
  );
}
