import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Alert, Descriptions, Form, Input, Modal } from 'antd';
import { api, unwrap } from '../api/client.js';
import { formatDate, formatFen } from '../format.js';
import { useI18n } from '../i18n/context.js';
import { loanKey, type Loan360 } from './useLoan.js';

/** Reversing a payment needs a reason (kept in the audit log); the loan is replayed without it. */
export function ReverseModal({ loanId, payment, onClose }: { loanId: number; payment: Loan360['payments'][number]; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const reverse = useMutation({
    mutationFn: (reason: string) => unwrap(api.POST('/api/v1/repayments/{id}/reverse', { params: { path: { id: payment.id } }, body: { reason } })),
    onSuccess: async () => {
      message.success(t('payment.reversedOk'));
      await queryClient.invalidateQueries({ queryKey: loanKey(loanId) });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('payment.reverseTitle', { id: payment.id })}
      okText={t('payment.reverse')}
      okButtonProps={{ danger: true, loading: reverse.isPending, 'data-testid': 'reverse-submit' }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('payment.valueDate')}>{formatDate(payment.valueDate)}</Descriptions.Item>
        <Descriptions.Item label={t('payment.amount')}>{formatFen(payment.amountFen)}</Descriptions.Item>
      </Descriptions>
      {reverse.error && <Alert type="error" showIcon message={reverse.error.message} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => { if (!reverse.isPending) reverse.mutate(v.reason.trim()); }}>
        <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('form.reasonMin') }]}>
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="reverse-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
