import { Empty, Table, Tag } from 'antd';
import { formatFen } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import type { CasePromise } from '../case-types.js';
import { PROMISE_STATE_COLOR, promiseStateLabel } from '../labels.js';

/** Promises to pay, newest first, each with its amounts and dates and how close of business judged it. */
export function PromisesTable({ promises }: { promises: CasePromise[] }) {
  const { t } = useI18n();
  return (
    <Table<CasePromise>
      size="small"
      rowKey="id"
      dataSource={[...promises].reverse()}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      data-testid="promises-table"
      locale={{ emptyText: <Empty description={t('coll.case.noPromises')} /> }}
      columns={[
        { title: '#', dataIndex: 'id', width: 70 },
        { title: t('coll.promise.madeOn'), dataIndex: 'madeOn', width: 110 },
        {
          title: t('coll.promise.instalments'),
          dataIndex: 'instalments',
          render: (xs: CasePromise['instalments']) => xs.map((x) => `${x.dueDate} ${formatFen(x.amountFen)}`).join('；'),
        },
        { title: t('coll.promise.total'), dataIndex: 'totalFen', width: 130, render: (f: number) => formatFen(f) },
        { title: t('coll.promise.state'), dataIndex: 'state', width: 110, render: (s: string) => <Tag color={PROMISE_STATE_COLOR[s]}>{promiseStateLabel(t, s)}</Tag> },
        { title: t('coll.promise.brokenOn'), dataIndex: 'brokenOn', width: 110, render: (d: string | null) => d ?? '—' },
      ]}
    />
  );
}
