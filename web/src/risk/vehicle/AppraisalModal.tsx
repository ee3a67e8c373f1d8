import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import { showProblemOnForm } from '../../api/form-errors.js';
import { parseYuanToFen } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { riskKeys } from '../keys.js';

interface Values {
  value: string;
  source: string;
  appraisedOn: Dayjs;
  note?: string;
}

/** Records a manual appraisal; it overrides the model from the next close, which the history then shows. */
export function AppraisalModal({ vehicleId, businessDate, onClose }: { vehicleId: number; businessDate: string; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string | null>(null);
  const post = useMutation({
    mutationFn: (v: Values) =>
      unwrap(
        api.POST('/api/v1/vehicles/{id}/appraisals', {
          params: { path: { id: vehicleId } },
          body: { valueFen: parseYuanToFen(v.value) ?? 0, source: v.source, appraisedOn: v.appraisedOn.format('YYYY-MM-DD'), ...(v.note ? { note: v.note } : {}) },
        }),
      ),
    onSuccess: async () => {
      message.success(t('risk.appraisal.recorded'));
      await queryClient.invalidateQueries({ queryKey: riskKeys.valuations(vehicleId) });
      onClose();
    },
    onError: (error) => setProblem(showProblemOnForm(form, error)),
  });
  return (
    <Modal open title={t('risk.appraisal.add')} okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ loading: post.isPending, 'data-testid': 'appraisal-submit' }} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Alert type="info" showIcon message={t('risk.appraisal.help')} style={{ marginBottom: 12 }} />
      <Form<Values> form={form} layout="vertical" initialValues={{ appraisedOn: dayjs(businessDate) }} onFinish={(v) => post.mutate(v)} data-testid="appraisal-form">
        <Form.Item
          name="value"
          label={t('risk.appraisal.valueYuan')}
          rules={[
            { required: true, message: t('form.required') },
            {
              validator: async (_, value: string | undefined) => {
                const fen = value ? parseYuanToFen(value) : null;
                if (value && (fen === null || fen <= 0)) throw new Error(t('payment.amountInvalid'));
              },
            },
          ]}
        >
          <Input prefix="¥" inputMode="decimal" data-testid="appraisal-value" />
        </Form.Item>
        <Form.Item name="source" label={t('risk.appraisal.source')} rules={[{ required: true, min: 2, message: t('risk.form.min2') }]}>
          <Input maxLength={100} data-testid="appraisal-source" />
        </Form.Item>
        <Form.Item name="appraisedOn" label={t('risk.appraisal.appraisedOn')} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker format="YYYY-MM-DD" allowClear={false} style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(businessDate), 'day')} />
        </Form.Item>
        <Form.Item name="note" label={t('risk.appraisal.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
