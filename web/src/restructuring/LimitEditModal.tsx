import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, unwrap } from '../api/client.js';
import { fenToYuanInput, parseYuanToFen } from '../format.js';
import { useI18n } from '../i18n/context.js';
import { problemText } from './problem-text.js';

export type LimitTarget =
  | { kind: 'authority'; role: 'branch_manager' | 'risk_officer' | 'admin'; title: string; maxWaivedFen: number; maxExtraMonths: number }
  | { kind: 'quota'; branchId: number; title: string; maxWaivedFen: number; maxCount: number };

interface Values {
  maxWaived: string;
  maxExtraMonths?: number;
  maxCount?: number;
  effectiveFrom: Dayjs;
  reason: string;
}

export const LIMITS_KEY = ['restructuring', 'limits'] as const;

/** A new version of one limit, from the business date or a later day; the old versions stay. */
export function LimitEditModal({ target, businessDate, onClose }: { target: LimitTarget; businessDate: string; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (v: Values): Promise<{ effectiveFrom: string }> => {
      const common = { maxWaivedFen: parseYuanToFen(v.maxWaived) ?? 0, effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'), reason: v.reason };
      return target.kind === 'authority'
        ? unwrap(api.PUT('/api/v1/restructuring-limits/authority/{role}', { params: { path: { role: target.role } }, body: { ...common, maxExtraMonths: v.maxExtraMonths ?? 0 } }))
        : unwrap(api.PUT('/api/v1/restructuring-limits/quotas/{branchId}', { params: { path: { branchId: target.branchId } }, body: { ...common, maxCount: v.maxCount ?? 0 } }));
    },
    onSuccess: async (saved) => {
      message.success(t('rs.limits.saved', { date: saved.effectiveFrom }));
      await queryClient.invalidateQueries({ queryKey: LIMITS_KEY });
      onClose();
    },
  });
  return (
    <Modal open title={target.title} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose} okButtonProps={{ loading: save.isPending, 'data-testid': 'rs-limit-save' }} destroyOnHidden>
      {save.error && <Alert type="error" showIcon message={problemText(save.error)} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        data-testid="rs-limit-form"
        initialValues={{
          maxWaived: fenToYuanInput(target.maxWaivedFen),
          ...(target.kind === 'authority' ? { maxExtraMonths: target.maxExtraMonths } : { maxCount: target.maxCount }),
          effectiveFrom: dayjs(businessDate),
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="maxWaived"
          label={t('rs.limits.maxWaived')}
          rules={[{ required: true, message: t('form.required') }, { validator: async (_, value: string | undefined) => { if (value && parseYuanToFen(value) === null) throw new Error(t('rs.amountInvalid')); } }]}
        >
          <Input prefix="¥" inputMode="decimal" />
        </Form.Item>
        {target.kind === 'authority' ? (
          <Form.Item name="maxExtraMonths" label={t('rs.limits.maxMonths')} rules={[{ required: true, message: t('form.required') }]}>
            <InputNumber min={0} max={120} precision={0} />
          </Form.Item>
        ) : (
          <Form.Item name="maxCount" label={t('rs.limits.maxCount')} rules={[{ required: true, message: t('form.required') }]}>
            <InputNumber min={0} max={100000} precision={0} />
          </Form.Item>
        )}
        <Form.Item name="effectiveFrom" label={t('rs.limits.effectiveFrom')} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker format="YYYY-MM-DD" allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') < businessDate} />
        </Form.Item>
        <Form.Item name="reason" label={t('rs.limits.reason')} rules={[{ required: true, min: 2, whitespace: true, message: t('form.reasonMin') }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
