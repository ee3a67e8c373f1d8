import { Button, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useSession } from '../auth/context.js';
import { formatDate, formatFen, formatInstant } from '../format.js';
import { useI18n } from '../i18n/context.js';
import { channelLabel } from '../labels.js';
import { ReverseModal } from './ReverseModal.js';
import type { Loan360 } from './useLoan.js';

type Payment = Loan360['payments'][number];

/** Payments with how each was allocated; a reversal points at what it cancels, nothing is deleted. */
export function PaymentsTable({ loanId, payments }: { loanId: number; payments: Loan360['payments'] }) {
  const { t } = useI18n();
  const { can } = useSession();
  const [reversing, setReversing] = useState<Payment | null>(null);
  const columns: TableProps<Payment>['columns'] = [
    { title: 'ID', dataIndex: 'id', width: 70 },
    { title: t('payment.valueDate'), dataIndex: 'valueDate', width: 110, render: formatDate },
    { title: t('payment.amount'), dataIndex: 'amountFen', align: 'right', width: 130, render: (v: number, p) => (p.reversesId !== null ? <Typography.Text type="danger">{formatFen(-v)}</Typography.Text> : formatFen(v)) },
    { title: t('payment.channel'), dataIndex: 'channel', width: 100, render: (c: string) => channelLabel(t, c) },
    {
      title: t('payment.allocation'),
      key: 'allocation',
      render: (_: unknown, p) =>
        p.allocation ? (
          <Space size={4} wrap>
            <span>{t('component.principal')} {formatFen(p.allocation.principalFen)}</span>
            <span>{t('component.interest')} {formatFen(p.allocation.interestFen)}</span>
            <span>{t('component.penalty')} {formatFen(p.allocation.penaltyFen)}</span>
            {p.allocation.creditFen > 0 && <span>{t('loan360.credit')} {formatFen(p.allocation.creditFen)}</span>}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('loan.status'),
      key: 'state',
      width: 150,
      render: (_: unknown, p) =>
        p.reversesId !== null ? <Tag color="purple">{t('payment.reversalOf', { id: p.reversesId })}</Tag> : p.reversed ? <Tag color="default">{t('payment.reversed')}</Tag> : <Tag color="green">{t('payment.posted')}</Tag>,
    },
    { title: t('common.reason'), dataIndex: 'reason', width: 180, render: (v: string | null) => v ?? '' },
    { title: t('payment.postedBy'), dataIndex: 'postedBy', width: 120 },
    { title: t('payment.postedAt'), dataIndex: 'postedAt', width: 160, render: formatInstant },
    ...(can('payment.reverse')
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 80,
            fixed: 'right' as const,
            render: (_: unknown, p: Payment) =>
              !p.reversed && p.reversesId === null ? (
                <Button size="small" danger data-testid={`reverse-${p.id}`} onClick={() => setReversing(p)}>
                  {t('payment.reverse')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <>
      <Table<Payment> data-testid="payments-table" rowKey="id" size="small" columns={columns} dataSource={payments} pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: 1300 }} />
      {reversing && <ReverseModal loanId={loanId} payment={reversing} onClose={() => setReversing(null)} />}
    </>
  );
}
