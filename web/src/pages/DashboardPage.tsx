import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Row, Space, Spin, Table, TreeSelect, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, type Schemas, unwrap } from '../api/client.js';
import { branchTree, useBranches } from '../api/queries.js';
import { CollectionsDashboardPanels } from '../collections/dashboard-panels.js';
import { FollowupsDashboardPanels } from '../followups/dashboard-panels.js';
import { useSession } from '../auth/context.js';
import { classOption, agingOption, trendOption } from '../dashboard/options.js';
import { EChart } from '../dashboard/EChart.js';
import { KpiCard } from '../dashboard/KpiCard.js';
import { formatCount, formatFen, formatRatio } from '../format.js';
import { useI18n } from '../i18n/context.js';
import { branchName } from '../i18n/localized.js';
import { stageLabel } from '../labels.js';
import { loansLink } from '../loans/filters.js';

type Dashboard = Schemas['Dashboard'];
// The generated type of a branch row's filter is `LoanListFilter & (Record<string, never> | null)`
// (the schema is `LoanListFilter.nullable()`, rendered as allOf): it is a filter or null.
type BranchRow = Omit<Dashboard['branches'][number], 'filter'> & { filter: Schemas['LoanListFilter'] | null };
type StageRow = Dashboard['stages'][number];

/**
 * The portfolio at the last close of business: every figure opens the loans list filtered to the
 * loans behind it (the API sends that filter with each figure).
 */
export default function DashboardPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const branchId = Number(params.get('branchId')) || undefined;
  const branches = useBranches();
  const tree = useMemo(() => branchTree(branches.data ?? [], (b) => branchName(b, lang)), [branches.data, lang]);
  const dashboard = useQuery({
    queryKey: ['dashboard', branchId ?? null],
    queryFn: () => unwrap(api.GET('/api/v1/dashboard', { params: { query: branchId ? { branchId } : {} } })),
  });
  const open = (filter: Record<string, string | number | null | undefined> | null | undefined) => navigate(loansLink(filter ?? {}));
  const d = dashboard.data;

  const aging = useMemo(() => (d ? agingOption(d.aging, t, lang) : null), [d, t, lang]);
  const classes = useMemo(() => (d ? classOption(d.riskClasses, t) : null), [d, t]);
  const trend = useMemo(() => (d ? trendOption(d.trend, t) : null), [d, t]);

  const branchColumns: TableProps<BranchRow>['columns'] = [
    { title: t('loan.branch'), key: 'name', render: (_: unknown, b) => `${lang === 'zh-CN' ? b.nameZh : b.nameEn} (${b.code})${b.own ? ` · ${t('dashboard.ownBooks')}` : ''}` },
    { title: t('dashboard.loans'), dataIndex: 'loans', align: 'right', sorter: (a, b) => a.loans - b.loans, render: formatCount },
    { title: t('loan.outstandingPrincipal'), dataIndex: 'outstandingPrincipalFen', align: 'right', sorter: (a, b) => a.outstandingPrincipalFen - b.outstandingPrincipalFen, render: formatFen },
    { title: t('dashboard.overduePrincipal'), dataIndex: 'overduePrincipalFen', align: 'right', render: formatFen },
    { title: t('dashboard.overdueRate'), dataIndex: 'overdueRate', align: 'right', sorter: (a, b) => Number(a.overdueRate ?? 0) - Number(b.overdueRate ?? 0), render: formatRatio },
    { title: t('dashboard.dpd30Rate'), dataIndex: 'dpd30Rate', align: 'right', sorter: (a, b) => Number(a.dpd30Rate ?? 0) - Number(b.dpd30Rate ?? 0), render: formatRatio },
    { title: t('component.penalty'), dataIndex: 'penaltyDueFen', align: 'right', render: formatFen },
  ];
  const stageColumns: TableProps<StageRow>['columns'] = [
    { title: t('loan.stage'), dataIndex: 'stage', render: (s: number) => stageLabel(t, s) },
    { title: t('dashboard.loans'), dataIndex: 'loans', align: 'right', render: formatCount },
    { title: t('loan.outstandingPrincipal'), dataIndex: 'outstandingPrincipalFen', align: 'right', render: formatFen },
    { title: t('dashboard.overdueRate'), dataIndex: 'overdueRate', align: 'right', render: formatRatio },
  ];

  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap>
          <Typography.Title level={5} style={{ margin: 0 }} data-testid="dashboard-title">
            {d ? `${lang === 'zh-CN' ? d.node.nameZh : d.node.nameEn} · ` : ''}
            {t('nav.dashboard')}
          </Typography.Title>
          {d?.asOf && <Typography.Text type="secondary">{t('dashboard.asOf', { date: d.asOf })}</Typography.Text>}
          {can('org.read') && (
            <TreeSelect
              allowClear
              treeDefaultExpandAll
              style={{ width: 260 }}
              placeholder={t('dashboard.pickBranch')}
              treeData={tree}
              value={branchId}
              onChange={(id?: number) => setParams(id ? { branchId: String(id) } : {})}
            />
          )}
        </Space>
      </Card>
      {dashboard.error && <Alert type="error" showIcon message={dashboard.error.message} />}
      {!d && !dashboard.error && <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />}
      {d && d.asOf === null && <Empty description={t('dashboard.noClose')} />}
      {d && d.asOf !== null && (
        <>
          <Row gutter={[12, 12]} data-testid="kpis">
            <Col xs={12} lg={6}>
              <KpiCard title={t('dashboard.openLoans')} value={formatCount(d.totals.loans)} sub={formatFen(d.totals.outstandingPrincipalFen)} onClick={() => open(d.totals.filter)} testId="kpi-loans" />
            </Col>
            <Col xs={12} lg={6}>
              <KpiCard title={t('dashboard.overdueRate')} value={formatRatio(d.totals.overdueRate)} sub={t('dashboard.loansAmount', { n: formatCount(d.totals.overdueLoans), amount: formatFen(d.totals.overduePrincipalFen) })} danger onClick={() => open(d.totals.overdueFilter)} testId="kpi-overdue" />
            </Col>
            <Col xs={12} lg={6}>
              <KpiCard title={t('dashboard.dpd30Rate')} value={formatRatio(d.totals.dpd30Rate)} sub={t('dashboard.loansAmount', { n: formatCount(d.totals.dpd30Loans), amount: formatFen(d.totals.dpd30PrincipalFen) })} danger onClick={() => open(d.totals.dpd30Filter)} testId="kpi-dpd30" />
            </Col>
            <Col xs={12} lg={6}>
              <KpiCard title={t('dashboard.overdueAmount')} value={formatFen(d.totals.overdueFen)} sub={`${t('component.penalty')} ${formatFen(d.totals.penaltyDueFen)}`} onClick={() => open(d.totals.overdueFilter)} testId="kpi-overdue-amount" />
            </Col>
          </Row>
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={14}>
              <Card size="small" title={t('dashboard.aging')}>
                {aging && <EChart option={aging} testId="chart-aging" onClick={(i) => open(d.aging[i]?.filter)} />}
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card size="small" title={t('dashboard.classes')}>
                {classes && <EChart option={classes} testId="chart-classes" onClick={(i) => open(d.riskClasses[i]?.filter)} />}
              </Card>
            </Col>
            <Col xs={24} xl={14}>
              <Card size="small" title={t('dashboard.trend')}>
                {trend && <EChart option={trend} testId="chart-trend" />}
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card size="small" title={t('dashboard.stages')}>
                <Table<StageRow> size="small" rowKey="stage" pagination={false} columns={stageColumns} dataSource={d.stages} onRow={(s) => ({ onClick: () => open(s.filter), style: { cursor: 'pointer' } })} />
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('dashboard.branches')}>
            <Table<BranchRow>
              data-testid="dashboard-branches"
              size="small"
              rowKey={(b) => `${b.branchId}-${b.own ? 'own' : 'tree'}`}
              pagination={false}
              columns={branchColumns}
              dataSource={d.branches as unknown as BranchRow[]}
              onRow={(b) => ({ onClick: () => open(b.filter), style: { cursor: 'pointer' } })}
            />
          </Card>
        </>
      )}
      <CollectionsDashboardPanels branchId={branchId} />
      <FollowupsDashboardPanels branchId={branchId} />
    </Space>
  );
}
