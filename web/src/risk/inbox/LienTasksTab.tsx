import { Alert, Button, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { useBusinessDate } from '../../api/queries.js';
import { useSession } from '../../auth/context.js';
import { useI18n } from '../../i18n/context.js';
import { riskKeys } from '../keys.js';
import { ReleaseLienModal } from '../vehicle/ReleaseLienModal.js';
import { usePagedList } from './paged.js';

type Task = Schemas['CollateralTask'];
type Status = Task['status'];

/** Lien releases (解押) owed on paid-off loans: recording the release closes the task. */
export function LienTasksTab() {
  const { t } = useI18n();
  const { can } = useSession();
  const businessDate = useBusinessDate();
  const [status, setStatus] = useState<Status | undefined>('open');
  const [releasing, setReleasing] = useState<Task | null>(null);
  const list = usePagedList([...riskKeys.tasks, { status }], (cursor) => unwrap(api.GET('/api/v1/collateral/tasks', { params: { query: { limit: 50, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) } } })));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Select<Status | 'all'>
        style={{ width: 140 }}
        value={status ?? 'all'}
        onChange={(v) => setStatus(v === 'all' ? undefined : v)}
        options={[{ value: 'all', label: t('common.all') }, { value: 'open', label: t('risk.task.open') }, { value: 'done', label: t('risk.task.done') }]}
      />
      {list.error && <Alert type="error" showIcon message={list.error.message} />}
      <Table<Task>
        data-testid="lien-tasks-table"
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.items}
        pagination={false}
        locale={{ emptyText: t('risk.task.none') }}
        columns={[
          { title: t('risk.task.createdOn'), dataIndex: 'createdOn', width: 110 },
          { title: t('risk.alerts.loan'), dataIndex: 'loanId', width: 90, render: (id: number) => <Link to={`/loans/${id}`}>{id}</Link> },
          { title: t('loan.branch'), dataIndex: 'branchCode', width: 90 },
          { title: t('risk.lien.authority'), dataIndex: 'authority', render: (v: string | null) => v ?? '—' },
          { title: t('risk.lien.certificateNo'), dataIndex: 'certificateNo', render: (v: string | null) => v ?? '—' },
          { title: t('risk.lien.status'), dataIndex: 'status', width: 90, render: (s: Status) => <Tag color={s === 'open' ? 'orange' : 'green'}>{t(`risk.task.${s}`)}</Tag> },
          { title: t('risk.task.closedOn'), dataIndex: 'closedOn', width: 110, render: (v: string | null) => v ?? '—' },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, task) =>
              can('collateral.record') && task.status === 'open' && task.lienId !== null ? (
                <Button size="small" onClick={() => setReleasing(task)} data-testid="task-release">
                  {t('risk.lien.release')}
                </Button>
              ) : null,
          },
        ]}
      />
      {list.hasNextPage && (
        <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('risk.more')}
        </Button>
      )}
      {releasing && releasing.lienId !== null && businessDate.data && (
        <ReleaseLienModal lien={{ id: releasing.lienId, vehicleId: releasing.vehicleId, certificateNo: releasing.certificateNo ?? '' }} businessDate={businessDate.data.businessDate} onClose={() => setReleasing(null)} />
      )}
    </Space>
  );
}
