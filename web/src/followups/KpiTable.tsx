import { Table } from 'antd';
import type { TableProps } from 'antd';
import { formatCount } from '../format.js';
import { useI18n } from '../i18n/context.js';
import { type KpiRow, RATES, rateText } from './KpiSummary.js';

/** KPI rows per branch or per agent: the counts, then each rate. */
export function KpiTable({ rows, by, testId }: { rows: KpiRow[]; by: 'branch' | 'agent'; testId: string }) {
  const { t } = useI18n();
  const columns: TableProps<KpiRow>['columns'] = [
    { title: t('fu.col.branch'), dataIndex: 'branchCode', width: 90, fixed: 'left' },
    ...(by === 'agent' ? [{ title: t('fu.col.agent'), key: 'agent', width: 130, fixed: 'left' as const, render: (_: unknown, r: KpiRow) => r.agentName ?? t('fu.kpi.unassigned') }] : []),
    { title: t('fu.kpi.due'), dataIndex: 'due', align: 'right', render: formatCount, sorter: (a, b) => a.due - b.due },
    { title: t('fu.kpi.done'), dataIndex: 'done', align: 'right', render: formatCount },
    { title: t('fu.kpi.doneWithinSla'), dataIndex: 'doneWithinSla', align: 'right', render: formatCount },
    { title: t('fu.kpi.completed'), dataIndex: 'completed', align: 'right', render: formatCount },
    ...RATES.map((r) => ({
      title: t(r.key),
      key: r.rate,
      align: 'right' as const,
      sorter: (a: KpiRow, b: KpiRow) => Number(a[r.rate] ?? -1) - Number(b[r.rate] ?? -1),
      render: (_: unknown, row: KpiRow) => rateText(row[r.rate] as number | null),
    })),
  ];
  return <Table<KpiRow> data-testid={testId} rowKey={(r) => `${r.branchId}-${r.agentUserId ?? 'branch'}`} size="small" pagination={false} columns={columns} dataSource={rows} scroll={{ x: 1100 }} />;
}
