import { useQuery } from '@tanstack/react-query';
import { Alert, DatePicker, Descriptions, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, unwrap } from '../api/client.js';
import { formatFen } from '../format.js';
import { useI18n } from '../i18n/context.js';

/** What paying the loan off on a date costs (a dry run: nothing is posted). */
export function PayoffQuote({ loanId, businessDate }: { loanId: number; businessDate: string }) {
  const { t } = useI18n();
  const [on, setOn] = useState(businessDate);
  const quote = useQuery({
    queryKey: ['loan', loanId, 'payoff', on],
    queryFn: () => unwrap(api.GET('/api/v1/loans/{id}/payoff-quote', { params: { path: { id: loanId }, query: { on } } })),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Typography.Text>{t('payoff.on')}</Typography.Text>
        <DatePicker value={dayjs(on)} format="YYYY-MM-DD" allowClear={false} onChange={(d) => d && setOn(d.format('YYYY-MM-DD'))} minDate={dayjs(businessDate)} />
      </Space>
      {quote.error && <Alert type="error" showIcon message={quote.error.message} />}
      {quote.data && (
        <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} data-testid="payoff">
          <Descriptions.Item label={t('component.principal')}>{formatFen(quote.data.principalFen)}</Descriptions.Item>
          <Descriptions.Item label={t('component.interest')}>{formatFen(quote.data.interestFen)}</Descriptions.Item>
          <Descriptions.Item label={t('component.penalty')}>{formatFen(quote.data.penaltyFen)}</Descriptions.Item>
          <Descriptions.Item label={t('loan360.credit')}>{quote.data.creditFen > 0 ? `-${formatFen(quote.data.creditFen)}` : formatFen(0)}</Descriptions.Item>
          <Descriptions.Item label={t('payoff.total')}>
            <Typography.Text strong data-testid="payoff-total">{formatFen(quote.data.totalFen)}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      )}
    </Space>
  );
}
