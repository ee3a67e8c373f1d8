import { Card, Descriptions, Space, Statistic, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { BucketTag, ClassTag, StageTag } from '../components/StatusTags.js';
import { formatDate, formatFen, formatRate } from '../format.js';
import { useI18n } from '../i18n/context.js';
import { localized } from '../i18n/localized.js';
import { loanStatusLabel, methodLabel } from '../labels.js';
import type { Loan360 } from './useLoan.js';

/** Who, what and how late: the badges a collector reads first, then the terms and what is owed. */
export function LoanHeader({ data, actions }: { data: Loan360; actions: ReactNode }) {
  const { t, lang } = useI18n();
  const { loan, status, summary } = data;
  return (
    <Card size="small">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 16, flexWrap: 'wrap' }}>
        <Space direction="vertical" size={4}>
          <Space wrap data-testid="loan-badges">
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="loan-title">
              {loan.externalId}
            </Typography.Title>
            <Tag>{loanStatusLabel(t, loan.status)}</Tag>
            {status ? (
              <>
                <Tag color={status.dpd > 0 ? 'red' : 'green'} data-testid="loan-dpd">
                  DPD {status.dpd}
                </Tag>
                <BucketTag bucket={status.bucket} />
                <ClassTag riskClass={status.riskClass} />
                <StageTag stage={status.stage} />
                <Typography.Text type="secondary">{t('loan360.statusAsOf', { date: status.asOf })}</Typography.Text>
              </>
            ) : (
              <Typography.Text type="secondary">{t('loan360.noStatus')}</Typography.Text>
            )}
          </Space>
          <Typography.Text>
            {data.borrower.name} · {localized(loan.branchName, lang)} ({loan.branchCode}) · {localized(loan.productName, lang)}
          </Typography.Text>
        </Space>
        <Space>{actions}</Space>
      </div>
      <Descriptions size="small" column={{ xs: 2, md: 4, xl: 6 }} style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('loan.principal')}>{formatFen(loan.principalFen)}</Descriptions.Item>
        <Descriptions.Item label={t('loan.rate')}>{formatRate(loan.annualRate)}</Descriptions.Item>
        <Descriptions.Item label={t('loan.term')}>{loan.termMonths}</Descriptions.Item>
        <Descriptions.Item label={t('loan360.method')}>{methodLabel(t, loan.method)}</Descriptions.Item>
        <Descriptions.Item label={t('loan.disbursed')}>{formatDate(loan.disbursementDate)}</Descriptions.Item>
        <Descriptions.Item label={t('loan360.firstDue')}>{formatDate(loan.firstDueDate)}</Descriptions.Item>
        <Descriptions.Item label={t('loan.officer')}>{loan.officerName ?? '—'}</Descriptions.Item>
        {loan.balloonFen > 0 && <Descriptions.Item label={t('loan360.balloon')}>{formatFen(loan.balloonFen)}</Descriptions.Item>}
        {status?.overdueSince && <Descriptions.Item label={t('loan360.overdueSince')}>{status.overdueSince}</Descriptions.Item>}
      </Descriptions>
      <Space size={32} wrap style={{ marginTop: 8 }} data-testid="loan-summary">
        <Statistic title={t('loan.outstandingPrincipal')} value={formatFen(summary.principalFen)} />
        <Statistic title={t('loan360.overduePrincipal')} value={formatFen(summary.overduePrincipalFen)} valueStyle={summary.overduePrincipalFen > 0 ? { color: '#cf1322' } : undefined} />
        <Statistic title={t('loan360.overdueInterest')} value={formatFen(summary.overdueInterestFen)} valueStyle={summary.overdueInterestFen > 0 ? { color: '#cf1322' } : undefined} />
        <Statistic title={t('component.penalty')} value={formatFen(summary.penaltyFen)} />
        <Statistic title={t('loan360.credit')} value={formatFen(summary.creditFen)} />
      </Space>
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
        {t('loan360.asOf', { date: data.asOf })}
      </Typography.Text>
    </Card>
  );
}
