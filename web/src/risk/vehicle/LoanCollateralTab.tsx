import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Space, Table, Typography } from 'antd';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { useBusinessDate } from '../../api/queries.js';
import { Loading } from '../../auth/Guard.js';
import { useI18n } from '../../i18n/context.js';
import { useLoan } from '../../loan/useLoan.js';
import { alertMessage, SeverityTag } from '../severity.js';
import { InsurancePanel } from './InsurancePanel.js';
import { LienPanel } from './LienPanel.js';
import { ValuationPanel } from './ValuationPanel.js';

type CollateralAlert = Schemas['CollateralAlert'];

/** The loan 360's collateral tab: for each pledged vehicle its value history, appraisals, lien and insurance; the loan's collateral alerts. */
export default function LoanCollateralTab({ loanId, canRecord }: { loanId: number; canRecord: boolean }) {
  const { t } = useI18n();
  // the loan 360 has already loaded the loan (masked): this reads it from the cache
  const loan = useLoan(loanId, false);
  const businessDate = useBusinessDate();
  if (loan.error) return <Alert type="error" showIcon message={loan.error.message} />;
  if (!loan.data || !businessDate.data) return <Loading />;
  const today = businessDate.data.businessDate;
  const vehicles = loan.data.vehicles.filter((v): v is NonNullable<typeof v> => v !== null);
  if (vehicles.length === 0) return <Empty description={t('vehicle.none')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="loan-collateral">
      {vehicles.map((v) => (
        <Space key={v.id} direction="vertical" style={{ width: '100%' }}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {v.make} {v.model} ({v.modelYear}) {v.plate ?? ''}
          </Typography.Title>
          <ValuationPanel vehicleId={v.id} canRecord={canRecord} businessDate={today} />
          <LienPanel vehicleId={v.id} loanId={loanId} canRecord={canRecord} businessDate={today} />
          <InsurancePanel vehicleId={v.id} canRecord={canRecord} businessDate={today} />
        </Space>
      ))}
      <LoanCollateralAlerts loanId={loanId} />
    </Space>
  );
}

function LoanCollateralAlerts({ loanId }: { loanId: number }) {
  const { t, lang } = useI18n();
  const q = useQuery({ queryKey: ['risk', 'collateral-alerts', { loanId }], queryFn: () => unwrap(api.GET('/api/v1/collateral/alerts', { params: { query: { loanId, limit: 100 } } })) });
  return (
    <Card size="small" title={t('risk.collateralAlerts.title')}>
      {q.error && <Alert type="error" showIcon message={q.error.message} />}
      <Table<CollateralAlert>
        data-testid="loan-collateral-alerts"
        size="small"
        rowKey="id"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('risk.alerts.none') }}
        columns={[
          { title: t('risk.alerts.raisedOn'), dataIndex: 'raisedOn', width: 110 },
          { title: t('risk.alerts.kind'), dataIndex: 'kind', width: 140, render: (k: CollateralAlert['kind']) => t(`risk.collateralKind.${k}`) },
          { title: t('risk.alerts.severity'), dataIndex: 'severity', width: 90, render: (s: CollateralAlert['severity']) => <SeverityTag severity={s} /> },
          { title: t('risk.alerts.message'), key: 'message', render: (_: unknown, a) => alertMessage(a, lang) },
        ]}
      />
    </Card>
  );
}
