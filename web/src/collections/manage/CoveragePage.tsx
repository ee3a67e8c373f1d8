import { Alert, Card, Col, Progress, Row, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { formatCount } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { type Coverage, useCoverage } from './api.js';
import { BranchPicker, branchFromSearch } from './BranchPicker.js';

type Summary = Coverage['summaries'][number];
type Uncovered = Coverage['uncovered'][number];

export const percent = (rate: number) => Math.round(rate * 1000) / 10;

/**
 * 逾期不催收监控: coverage after the last collections run (overdue loans with an owner and an
 * attempt within their service levels ÷ all overdue loans) for the branch in view, per branch,
 * team and collector, with every uncovered loan and why, linked to its case.
 */
export default function CoveragePage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const branchId = branchFromSearch(params);
  const coverage = useCoverage(branchId);
  const c = coverage.data;
  const reason = (r: string) => t(`collections.manage.reason.${r}` as 'collections.manage.reason.no_owner');

  const summaryColumns: TableProps<Summary>['columns'] = [
    { title: t('collections.manage.unit'), dataIndex: 'unit', render: (u: string | null, s) => u ?? `#${s.unitId}` },
    { title: t('collections.manage.coverage.overdue'), dataIndex: 'overdue', align: 'right', render: formatCount },
    { title: t('collections.manage.coverage.covered'), dataIndex: 'covered', align: 'right', render: formatCount },
    { title: t('collections.manage.coverage.pending'), dataIndex: 'pending', align: 'right', render: formatCount },
    { title: t('collections.manage.coverage.held'), dataIndex: 'held', align: 'right', render: formatCount },
    { title: t('collections.manage.coverage.uncovered'), dataIndex: 'uncovered', align: 'right', render: (n: number) => (n > 0 ? <Typography.Text type="danger">{formatCount(n)}</Typography.Text> : '0') },
    { title: t('collections.manage.coverage.rate'), dataIndex: 'rate', width: 180, render: (r: number) => <Progress size="small" percent={percent(r)} status={r < 0.9 ? 'exception' : 'normal'} /> },
    {
      title: t('collections.manage.coverage.why'),
      dataIndex: 'byReason',
      render: (b: Record<string, number>) => Object.entries(b).filter(([, n]) => n > 0).map(([r, n]) => <Tag key={r}>{`${reason(r)} ${n}`}</Tag>),
    },
  ];
  const level = (l: Summary['level']) => (
    <Table<Summary> data-testid={`coverage-${l}`} size="small" rowKey="unitId" columns={summaryColumns} dataSource={(c?.summaries ?? []).filter((s) => s.level === l)} pagination={{ pageSize: 20, hideOnSinglePage: true }} />
  );
  const uncoveredColumns: TableProps<Uncovered>['columns'] = [
    { title: t('collections.manage.loan'), dataIndex: 'loanExternalId', render: (x: string, u) => <Link to={`/loans/${u.loanId}`}>{x}</Link> },
    { title: t('collections.manage.branch'), dataIndex: 'branchCode', width: 90 },
    { title: t('collections.manage.bucket'), dataIndex: 'bucket', width: 70 },
    { title: t('collections.manage.dpd'), dataIndex: 'dpd', width: 60, align: 'right' },
    { title: t('collections.manage.coverage.why'), dataIndex: 'reasons', render: (rs: string[]) => rs.map((r) => <Tag color="red" key={r}>{reason(r)}</Tag>) },
    { title: t('collections.manage.case'), dataIndex: 'caseId', width: 90, render: (id: number | null) => (id === null ? '—' : <Link to={`/collections/cases/${id}`}>#{id}</Link>) },
  ];
  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('collections.manage.coverage')}
        extra={<BranchPicker value={branchId} onChange={(id) => setParams(id === undefined ? {} : { branchId: String(id) })} />}
      >
        {coverage.error && <Alert type="error" showIcon message={coverage.error.message} />}
        {c && c.businessDate === null && <Alert type="info" showIcon message={t('collections.manage.coverage.noRun')} />}
        {c && c.businessDate !== null && (
          <Row gutter={16}>
            <Col>
              <Statistic data-testid="coverage-rate" title={t('collections.manage.coverage.rateOn', { date: c.businessDate })} value={percent(c.total.rate)} suffix="%" precision={1} />
            </Col>
            <Col>
              <Statistic title={t('collections.manage.coverage.overdue')} value={c.total.overdue} />
            </Col>
            <Col>
              <Statistic title={t('collections.manage.coverage.covered')} value={c.total.covered} />
            </Col>
            <Col>
              <Statistic title={t('collections.manage.coverage.pending')} value={c.total.pending} />
            </Col>
            <Col>
              <Statistic title={t('collections.manage.coverage.held')} value={c.total.held} />
            </Col>
            <Col>
              <Statistic title={t('collections.manage.coverage.uncovered')} value={c.total.uncovered} valueStyle={c.total.uncovered > 0 ? { color: '#cf1322' } : undefined} />
            </Col>
          </Row>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('collections.manage.coverage.definition')}
        </Typography.Paragraph>
      </Card>
      <Card size="small">
        <Tabs
          items={[
            { key: 'branch', label: t('collections.manage.coverage.byBranch'), children: level('branch') },
            { key: 'team', label: t('collections.manage.coverage.byTeam'), children: level('team') },
            { key: 'collector', label: t('collections.manage.coverage.byCollector'), children: level('collector') },
          ]}
        />
      </Card>
      <Card size="small" title={t('collections.manage.coverage.uncoveredLoans', { n: c?.total.uncovered ?? 0 })}>
        <Table<Uncovered> data-testid="coverage-uncovered" size="small" rowKey="loanId" loading={coverage.isLoading} columns={uncoveredColumns} dataSource={c?.uncovered ?? []} pagination={{ pageSize: 50, hideOnSinglePage: true }} />
        {c?.more && <Typography.Text type="secondary">{t('collections.manage.coverage.more', { n: c.uncovered.length })}</Typography.Text>}
      </Card>
    </Space>
  );
}
