import { ArrowLeftOutlined, AuditOutlined, DollarOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Result, Space, Spin, Tabs } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../api/client.js';
import { useBusinessDate } from '../api/queries.js';
import { useSession } from '../auth/context.js';
import { useI18n } from '../i18n/context.js';
import { BorrowerPanel } from '../loan/BorrowerPanel.js';
import { ClassPanel } from '../loan/ClassPanel.js';
import { EventsTimeline } from '../loan/EventsTimeline.js';
import { FactHistory } from '../loan/FactHistory.js';
import { LoanHeader } from '../loan/LoanHeader.js';
import { PaymentsTable } from '../loan/PaymentsTable.js';
import { PayoffQuote } from '../loan/PayoffQuote.js';
import { PostPaymentModal } from '../loan/PostPaymentModal.js';
import { ScheduleTable } from '../loan/ScheduleTable.js';
import { useLoan } from '../loan/useLoan.js';
import { VehiclePanel } from '../loan/VehiclePanel.js';
import { collectionsLoanTabs } from '../collections/loan-tabs.js';
import { followupsLoanTabs } from '../followups/loan-tabs.js';
import { restructuringLoanTabs } from '../restructuring/loan-tabs.js';
import { riskLoanTabs } from '../risk/loan-tabs.js';

/** Loan 360: everything about one loan on one page, and the payment desk's two actions. */
export default function LoanPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const [reveal, setReveal] = useState(false);
  const [posting, setPosting] = useState(false);
  const [tab, setTab] = useState('schedule');
  const loan = useLoan(id, reveal);
  const businessDate = useBusinessDate();

  if (!Number.isSafeInteger(id) || id <= 0 || (loan.error instanceof ApiError && loan.error.status === 404)) {
    return <Result status="404" title="404" subTitle={t('loan360.notFound')} />;
  }
  if (loan.error) return <Alert type="error" showIcon message={loan.error.message} />;
  if (!loan.data || !businessDate.data) return <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />;

  const data = loan.data;
  const today = businessDate.data.businessDate;
  const actions = (
    <>
      <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
        {t('loan360.back')}
      </Button>
      {can('audit.read') && (
        <Button icon={<AuditOutlined />} onClick={() => navigate(`/admin/audit?entityType=loan&entityId=${id}`)} data-testid="loan-audit">
          {t('audit.trail')}
        </Button>
      )}
      {can('payment.post') && data.loan.status === 'active' && (
        <Button type="primary" icon={<DollarOutlined />} onClick={() => setPosting(true)} data-testid="post-payment">
          {t('payment.post')}
        </Button>
      )}
    </>
  );

  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }}>
      <LoanHeader data={data} actions={actions} />
      <Card size="small">
        <Tabs
          data-testid="loan-tabs"
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'schedule', label: t('loan360.schedule'), children: <ScheduleTable schedule={data.schedule} /> },
            { key: 'payments', label: `${t('loan360.payments')} (${data.payments.length})`, children: <PaymentsTable loanId={id} payments={data.payments} /> },
            {
              key: 'borrower',
              label: t('loan360.borrower'),
              children: (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <BorrowerPanel borrower={data.borrower} revealing={reveal && loan.isFetching} onReveal={() => setReveal(true)} />
                  <FactHistory borrowerId={data.borrower.id} loanId={id} reveal={data.borrower.revealed} businessDate={today} />
                </Space>
              ),
            },
            { key: 'vehicle', label: t('loan360.vehicle'), children: <VehiclePanel vehicles={data.vehicles} /> },
            { key: 'events', label: t('loan360.events'), children: <EventsTimeline loanId={id} /> },
            { key: 'class', label: t('loan360.classification'), children: <ClassPanel loanId={id} /> },
            { key: 'payoff', label: t('loan360.payoff'), children: <PayoffQuote loanId={id} businessDate={today} /> },
            ...collectionsLoanTabs(id, can),
            ...followupsLoanTabs(id, can),
            ...riskLoanTabs(id, can),
            ...restructuringLoanTabs(id, can),
          ]}
        />
      </Card>
      {posting && <PostPaymentModal loanId={id} businessDate={today} onClose={() => setPosting(false)} />}
    </Space>
  );
}
