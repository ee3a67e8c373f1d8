import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Space, Statistic, TreeSelect, Typography } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import { branchTree, useBranches } from '../../api/queries.js';
import { Loading } from '../../auth/Guard.js';
import { formatCount } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { branchName } from '../../i18n/localized.js';
import { bandOption, gradeOption } from './score-chart.js';

const EChart = lazy(() => import('../../dashboard/EChart.js').then((m) => ({ default: m.EChart })));

/** How the caller's loans score with the champion: counts by grade and by score band, for a branch subtree. */
export default function ScoreDistributionPage() {
  const { t, lang } = useI18n();
  const [branchId, setBranchId] = useState<number | undefined>();
  const branches = useBranches();
  const tree = useMemo(() => branchTree(branches.data ?? [], (b) => branchName(b, lang)), [branches.data, lang]);
  const q = useQuery({ queryKey: ['risk', 'score-distribution', { branchId }], queryFn: () => unwrap(api.GET('/api/v1/score-distribution', { params: { query: branchId ? { branchId } : {} } })) });
  const grades = useMemo(() => (q.data ? gradeOption(q.data, t) : null), [q.data, t]);
  const bands = useMemo(() => (q.data ? bandOption(q.data, t) : null), [q.data, t]);
  const d = q.data;

  return (
    <Card
      size="small"
      title={t('risk.score.title')}
      extra={
        tree.length > 0 && (
          <TreeSelect style={{ width: 220 }} allowClear placeholder={t('risk.score.myBranches')} treeData={tree} treeDefaultExpandAll value={branchId} onChange={(v: number | undefined) => setBranchId(v)} />
        )
      }
    >
      {q.isPending && <Loading />}
      {q.error && <Alert type="error" showIcon message={q.error.message} />}
      {d && d.total === 0 && <Alert type="info" showIcon message={t('risk.score.none')} />}
      {d && d.total > 0 && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space size="large" wrap>
            <Statistic title={t('risk.score.total')} value={formatCount(d.total)} />
            {d.asOf && d.model && <Typography.Text type="secondary">{t('risk.score.asOf', { date: d.asOf, version: d.model.version })}</Typography.Text>}
          </Space>
          <Row gutter={16}>
            <Col xs={24} lg={10}>
              <Typography.Title level={5}>{t('risk.score.byGrade')}</Typography.Title>
              <Suspense fallback={<Loading />}>{grades && <EChart option={grades} testId="score-grade-chart" />}</Suspense>
            </Col>
            <Col xs={24} lg={14}>
              <Typography.Title level={5}>{t('risk.score.byBand', { width: d.bandWidth })}</Typography.Title>
              <Suspense fallback={<Loading />}>{bands && <EChart option={bands} testId="score-band-chart" />}</Suspense>
            </Col>
          </Row>
        </Space>
      )}
    </Card>
  );
}
