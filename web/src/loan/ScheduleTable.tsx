import { Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { formatDate, formatFen } from '../format.js';
import { useI18n } from '../i18n/context.js';
import { installmentStateLabel } from '../labels.js';
import type { Loan360 } from './useLoan.js';

type Installment = Loan360['schedule'][number];

const STATE_COLOR: Record<Installment['state'], string> = { paid: 'green', 'partly-paid': 'gold', overdue: 'red', due: 'blue', future: 'default' };

/** The schedule with each installment's state marked: paid, partly paid, overdue, due, not yet due. */
export function ScheduleTable({ schedule }: { schedule: Loan360['schedule'] }) {
  const { t } = useI18n();
  const columns: TableProps<Installment>['columns'] = [
    { title: '#', dataIndex: 'seq', width: 50 },
    { title: t('schedule.dueDate'), dataIndex: 'dueDate', width: 110, render: formatDate },
    { title: t('component.principal'), dataIndex: 'principalFen', align: 'right', render: formatFen },
    { title: t('component.interest'), dataIndex: 'interestFen', align: 'right', render: formatFen },
    { title: t('component.penalty'), dataIndex: 'penaltyFen', align: 'right', render: formatFen },
    { title: t('schedule.principalPaid'), dataIndex: 'principalPaidFen', align: 'right', render: formatFen },
    { title: t('schedule.interestPaid'), dataIndex: 'interestPaidFen', align: 'right', render: formatFen },
    { title: t('schedule.penaltyPaid'), dataIndex: 'penaltyPaidFen', align: 'right', render: formatFen },
    { title: t('schedule.owed'), dataIndex: 'owedFen', align: 'right', render: (v: number) => <strong>{formatFen(v)}</strong> },
    { title: t('schedule.state'), dataIndex: 'state', width: 100, render: (s: Installment['state']) => <Tag color={STATE_COLOR[s]}>{installmentStateLabel(t, s)}</Tag> },
    { title: t('schedule.settledOn'), dataIndex: 'settledOn', width: 110, render: formatDate },
  ];
  return (
    <Table<Installment>
      data-testid="schedule-table"
      rowKey="seq"
      size="small"
      columns={columns}
      dataSource={schedule}
      pagination={false}
      scroll={{ x: 1100 }}
      rowClassName={(r) => `installment-${r.state}`}
      onRow={(r) => ({ style: r.state === 'overdue' ? { background: '#fff1f0' } : r.state === 'partly-paid' ? { background: '#fffbe6' } : undefined })}
    />
  );
}
