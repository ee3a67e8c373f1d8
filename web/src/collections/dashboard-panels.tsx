import { Card, Col, Progress, Row, Statistic, Tag } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useSession } from '../auth/context.js';
import { useI18n } from '../i18n/context.js';
import { useCoverage } from './manage/api.js';

/**
 * What the collections pages add to the portfolio dashboard, below its own figures, for the branch the
 * dashboard is scoped to (undefined: the user's whole scope): coverage after the last collections run,
 * the uncovered loans and why; a click opens the coverage page for the same branch. Renders nothing
 * without permission.
 */
export function CollectionsDashboardPanels({ branchId }: { branchId: number | undefined }) {
  const { t } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const allowed = can('collection.read');
  const coverage = useCoverage(branchId, allowed);
  if (!allowed || !coverage.data || coverage.data.businessDate === null) return null;
  const c = coverage.data;
  const rate = Math.round(c.total.rate * 1000) / 10;
  return (
    <Card
      size="small"
      data-testid="dashboard-coverage"
      title={t('collections.manage.coverage.panel', { date: c.businessDate ?? '' })}
      hoverable
      onClick={() => navigate(branchId === undefined ? '/collections/coverage' : `/collections/coverage?branchId=${branchId}`)}
      style={{ cursor: 'pointer' }}
    >
      <Row gutter={24} align="middle">
        <Col>
          <Progress type="circle" size={72} percent={rate} status={c.total.rate < 0.9 ? 'exception' : 'normal'} format={() => `${rate.toFixed(1)}%`} />
        </Col>
        <Col>
          <Statistic title={t('collections.manage.coverage.overdue')} value={c.total.overdue} />
        </Col>
        <Col>
          <Statistic title={t('collections.manage.coverage.uncovered')} value={c.total.uncovered} valueStyle={c.total.uncovered > 0 ? { color: '#cf1322' } : undefined} />
        </Col>
        <Col flex="auto">
          {Object.entries(c.total.byReason)
            .filter(([, n]) => n > 0)
            .map(([r, n]) => (
              <Tag color="red" key={r}>{`${t(`collections.manage.reason.${r}` as 'collections.manage.reason.no_owner')} ${n}`}</Tag>
            ))}
        </Col>
      </Row>
    </Card>
  );
}
