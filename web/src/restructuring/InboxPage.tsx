import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type Ok, unwrap } from '../api/client.js';
import { formatFen, formatInstant } from '../format.js';
import { useI18n } from '../i18n/context.js';
import { DecisionDrawer } from './DecisionDrawer.js';
import { causeLabel, optionLabel, optionsOf, type Terms } from './labels.js';
import { INBOX_KEY } from './queries.js';
import { ApproverTag, QuotaTag } from './Standing.js';

type Item = Ok<'/api/v1/restructurings/inbox'>['items'][number];

/** The checker's inbox: requests waiting in their branches, with the amounts that decide who may approve each. */
export default function InboxPage() {
  const { t } = useI18n();
  const [open, setOpen] = useState<number | null>(null);
  const inbox = useQuery({ queryKey: INBOX_KEY, queryFn: () => unwrap(api.GET('/api/v1/restructurings/inbox')) });
  const columns: TableProps<Item>['columns'] = [
    { title: '#', dataIndex: 'id', width: 60 },
    { title: t('rs.inbox.loan'), dataIndex: 'loanExternalId', render: (v: string, r) => <Link to={`/loans/${r.loanId}`}>{v}</Link> },
    { title: t('rs.inbox.branch'), dataIndex: 'branchCode', width: 90 },
    { title: t('rs.hardship.cause'), dataIndex: 'cause', width: 100, render: (c: string | null) => causeLabel(t, c) },
    { title: t('rs.inbox.options'), key: 'options', render: (_: unknown, r) => optionsOf(r.terms as Terms).map((k) => <Tag key={k}>{optionLabel(t, k)}</Tag>) },
    { title: t('rs.inbox.extraMonths'), dataIndex: 'extraMonths', width: 90, align: 'right' },
    { title: t('rs.inbox.waived'), dataIndex: 'waivedFen', width: 120, align: 'right', render: formatFen },
    { title: t('rs.inbox.requestedBy'), dataIndex: 'requestedBy', width: 120 },
    { title: t('rs.inbox.requestedAt'), dataIndex: 'requestedAt', width: 160, render: formatInstant },
    { title: t('rs.inbox.authority'), key: 'approver', render: (_: unknown, r) => <ApproverTag a={r.approver} /> },
    { title: t('rs.inbox.quota', { month: inbox.data?.asOf.slice(0, 7) ?? '' }), key: 'quota', render: (_: unknown, r) => <QuotaTag q={r.quota} /> },
    {
      title: t('common.actions'),
      key: 'open',
      width: 80,
      render: (_: unknown, r) => (
        <Button size="small" type="link" onClick={() => setOpen(r.id)} data-testid={`rs-open-${r.id}`}>
          {t('rs.inbox.open')}
        </Button>
      ),
    },
  ];
  return (
    <Card size="small" title={t('rs.inbox.title')}>
      {inbox.error && <Alert type="error" showIcon message={inbox.error.message} style={{ marginBottom: 8 }} />}
      <Table<Item>
        data-testid="rs-inbox"
        rowKey="id"
        size="small"
        loading={inbox.isLoading}
        columns={columns}
        dataSource={inbox.data?.items ?? []}
        locale={{ emptyText: t('rs.inbox.empty') }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 1200 }}
      />
      {open !== null && <DecisionDrawer id={open} onClose={() => setOpen(null)} />}
    </Card>
  );
}
