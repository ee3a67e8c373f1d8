import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Row, Segmented, Space, Statistic, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, apiUrl, type Ok, unwrap } from '../api/client.js';
import { ClassTag, StageTag } from '../components/StatusTags.js';
import { formatCount, formatDate, formatFen } from '../format.js';
import { useI18n } from '../i18n/context.js';
import { riskClassLabel } from '../labels.js';
import { optionLabel } from './labels.js';

type Report = Ok<'/api/v1/restructured-loans'>;
type Item = Report['items'][number];
type Include = 'observed' | 'all';

function Group({ title, g, testId }: { title: string; g: Report['summary']['rest']; testId: string }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={title} data-testid={testId}>
      <Row gutter={16}>
        <Col span={8}><Statistic title={t('rs.report.count')} value={formatCount(g.count)} /></Col>
        <Col span={8}><Statistic title={t('rs.report.principal')} value={formatFen(g.principalFen)} /></Col>
        <Col span={8}><Statistic title={t('rs.report.overdue')} value={formatFen(g.overdueFen)} /></Col>
      </Row>
    </Card>
  );
}

/** Restructured loans reported apart from the rest of the book: options, dates, observation period, floor and status now. */
export default function ReportPage() {
  const { t } = useI18n();
  const [include, setInclude] = useState<Include>('observed');
  const report = useQuery({ queryKey: ['restructuring', 'report', include], queryFn: () => unwrap(api.GET('/api/v1/restructured-loans', { params: { query: { include } } })) });
  const columns: TableProps<Item>['columns'] = [
    { title: t('rs.inbox.loan'), dataIndex: 'loanExternalId', fixed: 'left', render: (v: string, r) => <Link to={`/loans/${r.loanId}`}>{v}</Link> },
    { title: t('rs.inbox.branch'), dataIndex: 'branchCode', width: 80 },
    { title: t('rs.inbox.options'), dataIndex: 'options', render: (o: Item['options']) => o.map((k) => <Tag key={k}>{optionLabel(t, k)}</Tag>) },
    { title: t('rs.report.effectiveOn'), dataIndex: 'effectiveOn', width: 110, render: formatDate },
    { title: t('rs.report.decidedOn'), dataIndex: 'decidedOn', width: 110, render: formatDate },
    { title: t('rs.report.newMaturity'), dataIndex: 'newMaturity', width: 110, render: formatDate },
    { title: t('rs.inbox.waived'), dataIndex: 'waivedFen', width: 110, align: 'right', render: formatFen },
    { title: t('rs.report.observationStart'), dataIndex: 'observationStart', width: 110, render: formatDate },
    { title: t('rs.report.earliestEnd'), dataIndex: 'observationEarliestEnd', width: 110, render: formatDate },
    { title: t('rs.report.missed'), dataIndex: 'observationMissed', render: (m: string[]) => m.map((x) => <Tag color="red" key={x}>{x}</Tag>) },
    { title: t('rs.report.ended'), dataIndex: 'observationEndedOn', width: 110, render: (v: string | null, r) => (r.observed ? <Tag color="gold">{t('rs.report.observing')}</Tag> : formatDate(v)) },
    { title: t('rs.report.floor'), dataIndex: 'classFloor', width: 90, render: (c: string | null) => (c ? riskClassLabel(t, c) : '—') },
    {
      title: t('rs.report.status'),
      key: 'status',
      render: (_: unknown, r) =>
        r.status ? (
          <Space size={4}>
            <ClassTag riskClass={r.status.riskClass} />
            <StageTag stage={r.status.stage} />
            <Tag>{`DPD ${r.status.dpd}`}</Tag>
          </Space>
        ) : (
          '—'
        ),
    },
    { title: t('rs.report.principal'), key: 'principal', align: 'right', render: (_: unknown, r) => formatFen(r.status?.outstandingPrincipalFen) },
  ];
  const data = report.data;
  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }}>
      {data && (
        <Row gutter={12}>
          <Col xs={24} md={12}><Group title={t('rs.report.restructured')} g={data.summary.restructured} testId="rs-report-restructured" /></Col>
          <Col xs={24} md={12}><Group title={t('rs.report.rest')} g={data.summary.rest} testId="rs-report-rest" /></Col>
        </Row>
      )}
      <Card
        size="small"
        title={t('rs.report.title')}
        extra={
          <Space>
            <Segmented<Include> value={include} onChange={setInclude} options={[{ value: 'observed', label: t('rs.report.includeObserved') }, { value: 'all', label: t('rs.report.includeAll') }]} />
            <Button icon={<DownloadOutlined />} href={apiUrl('/api/v1/restructured-loans/export', { include })} data-testid="rs-report-export">
              {t('rs.report.export')}
            </Button>
          </Space>
        }
      >
        {report.error && <Alert type="error" showIcon message={report.error.message} style={{ marginBottom: 8 }} />}
        <Table<Item> data-testid="rs-report" rowKey="restructuringId" size="small" loading={report.isLoading} columns={columns} dataSource={data?.items ?? []} pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: 1600 }} />
      </Card>
    </Space>
  );
}
