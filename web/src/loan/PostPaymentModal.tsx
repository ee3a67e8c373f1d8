import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Alert, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { api, type BodyOf, unwrap } from '../api/client.js';
import { formatFen, parseYuanToFen } from '../format.js';
import { useI18n } from '../i18n/context.js';
import { CHANNELS, channelLabel, OVERPAYMENTS } from '../labels.js';
import { loanKey } from './useLoan.js';

type PaymentPost = BodyOf<'/api/v1/loans/{id}/repayments', 'post'>;

interface Values {
  valueDate: Dayjs;
  amount: string;
  channel: PaymentPost['channel'];
  overpayment: NonNullable<PaymentPost['overpayment']>;
}

/**
 * The idempotency key is made when the form opens, so however often the button is pressed (a double
 * click, a retry after a timeout) the server posts this payment once.
 */
export function PostPaymentModal({ loanId, businessDate, onClose }: { loanId: number; businessDate: string; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [externalId] = useState(() => `web-${crypto.randomUUID()}`);
  const [form] = Form.useForm<Values>();
  // A second press before the first answer sends nothing (the key would make it harmless anyway).
  const inFlight = useRef(false);
  const post = useMutation({
    mutationFn: (body: PaymentPost) => unwrap(api.POST('/api/v1/loans/{id}/repayments', { params: { path: { id: loanId } }, body })),
    onSuccess: async (result) => {
      if (result.duplicate) message.info(t('payment.duplicate'));
      else message.success(t('payment.postedOk', { amount: formatFen(result.allocation?.amountFen ?? 0) }));
      await queryClient.invalidateQueries({ queryKey: loanKey(loanId) });
      onClose();
    },
    onSettled: () => {
      inFlight.current = false;
    },
  });
  const submit = (v: Values) => {
    const amountFen = parseYuanToFen(v.amount);
    if (amountFen === null || inFlight.current) return;
    inFlight.current = true;
    post.mutate({ externalId, valueDate: v.valueDate.format('YYYY-MM-DD'), amountFen, channel: v.channel, overpayment: v.overpayment });
  };
  return (
    <Modal
      open
      title={t('payment.postTitle')}
      okText={t('payment.post')}
      okButtonProps={{ loading: post.isPending, 'data-testid': 'payment-submit' }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {post.error && <Alert type="error" showIcon message={post.error.message} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ valueDate: dayjs(businessDate), channel: 'bank_transfer', overpayment: 'credit' }}
        onFinish={submit}
        data-testid="payment-form"
      >
        <Form.Item name="valueDate" label={t('payment.valueDate')} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker format="YYYY-MM-DD" allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('payment.amountYuan')}
          rules={[
            { required: true, message: t('form.required') },
            { validator: async (_, value: string | undefined) => { const fen = value ? parseYuanToFen(value) : null; if (value && (fen === null || fen <= 0)) throw new Error(t('payment.amountInvalid')); } },
          ]}
        >
          <Input prefix="¥" inputMode="decimal" data-testid="payment-amount" />
        </Form.Item>
        <Form.Item name="channel" label={t('payment.channel')} rules={[{ required: true }]}>
          <Select options={CHANNELS.map((c) => ({ value: c, label: channelLabel(t, c) }))} />
        </Form.Item>
        <Form.Item name="overpayment" label={t('payment.overpayment')} tooltip={t('payment.overpaymentHelp')}>
          <Select options={OVERPAYMENTS.map((o) => ({ value: o, label: t(`overpayment.${o}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
