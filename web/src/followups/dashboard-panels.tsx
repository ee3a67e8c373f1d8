import { Alert, Card } from 'antd';
import { Link } from 'react-router-dom';
import { useBusinessDate } from '../api/queries.js';
import { useSession } from '../auth/context.js';
import { useI18n } from '../i18n/context.js';
import { KpiSummary } from './KpiSummary.js';
import { monthStart, useFollowUpKpis } from './useKpis.js';

/**
 * What the followups pages add to the portfolio dashboard, below its own figures, for the branch the
 * dashboard is scoped to (undefined: the user's whole scope). Renders nothing without permission.
 * The period is the business date's month so far: the figures an agent's month is judged on.
 */
export function FollowupsDashboardPanels({ branchId }: { branchId: number | undefined }) {
  const { t } = useI18n();
  const { me, can } = useSession();
  const today = useBusinessDate().data?.businessDate;
  const allowed = can('followup.read');
  const scope = branchId ?? me?.branchId;
  const from = today ? monthStart(today) : undefined;
  const kpis = useFollowUpKpis(scope, from, today, allowed);
  if (!allowed || !from || !today || scope === undefined) return null;
  return (
    <Card
      size="small"
      title={t('fu.kpi.dashboard', { from, to: today })}
      extra={<Link to={`/followups/kpis?branchId=${scope}&from=${from}&to=${today}`}>{t('fu.kpi.details')}</Link>}
      data-testid="fu-dashboard"
      loading={kpis.isPending}
    >
      {kpis.error && <Alert type="error" showIcon message={kpis.error.message} />}
      {kpis.data && <KpiSummary row={kpis.data.total} testId="fu-dashboard-kpis" />}
    </Card>
  );
}
