import { Alert, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useSession } from '../../auth/context.js';
import { formatCount, formatFen } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { ownerKindLabel, segmentLabel } from '../labels.js';
import { type CaseRow, type Owner, ownerKey, useCases, useWorkloads } from './api.js';
import { AssignModal } from './AssignModal.js';
import { BranchPicker, branchFromSearch } from './BranchPicker.js';
import { OwnerHistoryDrawer } from './OwnerHistoryDrawer.js';

const BUCKETS = ['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7+'];
const PAGE = 50;

/**
 * The team board (团队看板) for branch managers: who holds how much (open cases, overdue amount,
 * tasks and late tasks), the cases by owner, and the actions on one: give it to someone (分案),
 * send it back to the rules (回收), read its owner history.
 */
export default function TeamBoardPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const branchId = branchFromSearch(params);
  const [owner, setOwner] = useState<string | undefined>(undefined);
  const [bucket, setBucket] = useState<string | undefined>(undefined);
  const [cursors, setCursors] = useState<string[]>([]);
  const [acting, setActing] = useState<{ row: CaseRow; recall: boolean } | null>(null);
  const [history, setHistory] = useState<number | null>(null);

  const workloads = useWorkloads(branchId);
  const owners = workloads.data?.owners ?? [];
  const [ownerKind, ownerId] = owner === undefined ? [undefined, undefined] : owner === 'none' ? (['none', undefined] as const) : (owner.split(':') as [string, string]);
  const cases = useCases({
    branchId,
    ownerKind: ownerKind as 'collector' | 'team' | 'agency' | 'none' | undefined,
    ownerId: ownerId === undefined ? undefined : Number(ownerId),
    bucket,
    limit: PAGE,
    cursor: cursors.at(-1),
  });
  const resetPages = () => setCursors([]);
  const manage = can('collection.manage');

  const ownerColumns: TableProps<Owner>['columns'] = [
    { title: t('collections.manage.ownerKind'), dataIndex: 'kind', width: 90, render: (k: string) => <Tag>{ownerKindLabel(t, k)}</Tag> },
    { title: t('collections.manage.owner'), dataIndex: 'name' },
    { title: t('collections.manage.branch'), dataIndex: 'branchCode', width: 100 },
    { title: t('collections.manage.openCases'), dataIndex: 'openCases', align: 'right', width: 90, render: formatCount },
    { title: t('collections.manage.overdue'), dataIndex: 'overdueFen', align: 'right', width: 140, render: formatFen },
    { title: t('collections.manage.openTasks'), dataIndex: 'openTasks', align: 'right', width: 90, render: formatCount },
    { title: t('collections.manage.lateTasks'), dataIndex: 'lateTasks', align: 'right', width: 90, render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n) },
    { title: t('collections.manage.training'), dataIndex: 'trainingValidUntil', width: 120, render: (d: string | null, o) => (o.kind === 'collector' ? (d ?? <Tag color="red">{t('collections.manage.noTraining')}</Tag>) : '') },
  ];

  const caseColumns: TableProps<CaseRow>['columns'] = [
    { title: t('collections.manage.case'), dataIndex: 'id', width: 80, render: (id: number) => <Link to={`/collections/cases/${id}`}>#{id}</Link> },
    { title: t('collections.manage.loan'), dataIndex: 'loanExternalId', render: (x: string, r) => <Link to={`/loans/${r.loanId}`}>{x}</Link> },
    { title: t('collections.manage.branch'), dataIndex: 'branchCode', width: 80 },
    { title: t('collections.manage.bucket'), dataIndex: 'bucket', width: 70 },
    { title: t('collections.manage.dpd'), dataIndex: 'dpd', width: 60, align: 'right' },
    { title: t('collections.manage.overdue'), dataIndex: 'overdueFen', width: 130, align: 'right', render: formatFen },
    {
      title: t('collections.manage.owner'),
      key: 'owner',
      render: (_: unknown, r) => (r.owner ? `${ownerKindLabel(t, r.owner.kind)} · ${r.owner.name ?? `#${r.owner.id}`}` : <Tag color="orange">{t('collections.manage.unowned')}</Tag>),
    },
    { title: t('collections.manage.since'), key: 'since', width: 110, render: (_: unknown, r) => r.owner?.since ?? '—' },
    { title: t('collections.manage.segment'), dataIndex: 'segment', width: 100, render: (s: string | null) => segmentLabel(t, s) },
    { title: t('collections.manage.openTasks'), dataIndex: 'openTasks', width: 70, align: 'right' },
    { title: t('collections.manage.plan'), dataIndex: 'planKept', width: 90, render: (k: boolean) => (k ? <Tag color="blue">{t('collections.manage.paused')}</Tag> : '') },
    {
      title: t('collections.manage.actions'),
      key: 'actions',
      width: 220,
      render: (_: unknown, r) => (
        <Space size={4}>
          {manage && r.closedOn === null && (
            <>
              <Button size="small" data-testid={`cm-assign-${r.id}`} onClick={() => setActing({ row: r, recall: false })}>
                {t('collections.manage.assign')}
              </Button>
              <Button size="small" data-testid={`cm-recall-${r.id}`} disabled={r.owner === null} onClick={() => setActing({ row: r, recall: true })}>
                {t('collections.manage.recall')}
              </Button>
            </>
          )}
          <Button size="small" type="link" data-testid={`cm-history-${r.id}`} onClick={() => setHistory(r.id)}>
            {t('collections.manage.history')}
          </Button>
        </Space>
      ),
    },
  ];

  const ownerOptions = [
    { value: 'none', label: t('collections.manage.unowned') },
    ...owners.map((o) => ({ value: ownerKey(o), label: `${ownerKindLabel(t, o.kind)} · ${o.name} (${o.branchCode})` })),
  ];
  const error = workloads.error ?? cases.error;
  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }}>
      <Card size="small" title={t('collections.manage.board')} extra={<BranchPicker value={branchId} onChange={(id) => { resetPages(); setOwner(undefined); setParams(id === undefined ? {} : { branchId: String(id) }); }} />}>
        {error && <Alert type="error" showIcon message={error.message} style={{ marginBottom: 8 }} />}
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} data-testid="cm-unowned">
          {t('collections.manage.unownedSummary', { n: workloads.data?.unowned.openCases ?? 0, amount: formatFen(workloads.data?.unowned.overdueFen ?? 0) })}
        </Typography.Paragraph>
        <Table<Owner>
          data-testid="cm-workloads"
          size="small"
          rowKey={ownerKey}
          loading={workloads.isLoading}
          columns={ownerColumns}
          dataSource={owners}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(o) => ({ onClick: () => { resetPages(); setOwner(ownerKey(o)); }, style: { cursor: 'pointer' } })}
        />
      </Card>
      <Card
        size="small"
        title={t('collections.manage.cases')}
        extra={
          <Space>
            <Select data-testid="cm-owner-filter" allowClear showSearch optionFilterProp="label" style={{ minWidth: 260 }} placeholder={t('collections.manage.anyOwner')} value={owner} options={ownerOptions} onChange={(v: string | undefined) => { resetPages(); setOwner(v); }} />
            <Select allowClear style={{ width: 110 }} placeholder={t('collections.manage.anyBucket')} value={bucket} options={BUCKETS.map((b) => ({ value: b, label: b }))} onChange={(v: string | undefined) => { resetPages(); setBucket(v); }} />
          </Space>
        }
      >
        <Table<CaseRow> data-testid="cm-cases" size="small" rowKey="id" loading={cases.isFetching && !cases.data} columns={caseColumns} dataSource={cases.data?.items ?? []} pagination={false} />
        <Space style={{ marginTop: 8 }}>
          <Button size="small" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
            {t('collections.manage.prevPage')}
          </Button>
          <Button size="small" disabled={!cases.data?.nextCursor} onClick={() => cases.data?.nextCursor && setCursors([...cursors, cases.data.nextCursor])}>
            {t('collections.manage.nextPage')}
          </Button>
        </Space>
      </Card>
      {acting && <AssignModal row={acting.row} recall={acting.recall} owners={owners} onClose={() => setActing(null)} />}
      {history !== null && <OwnerHistoryDrawer caseId={history} owners={owners} onClose={() => setHistory(null)} />}
    </Space>
  );
}
