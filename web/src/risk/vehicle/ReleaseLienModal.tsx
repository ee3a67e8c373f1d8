import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { showProblemOnForm } from '../../api/form-errors.js';
import { useI18n } from '../../i18n/context.js';
import { riskKeys } from '../keys.js';

type Lien = Schemas['Lien'];

interface ReleaseValues {
  releasedOn: Dayjs;
  note: string;
}

/** Records a lien's release (解押), once; the lien-release task raised at payoff closes with it. */
export function ReleaseLienModal({ lien, businessDate, onClose }: { lien: Pick<Lien, 'id' | 'vehicleId' | 'certificateNo'>; businessDate: string; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ReleaseValues>();
  const [problem, setProblem] = useState<string | null>(null);
  const post = useMutation({
    mutationFn: (v: ReleaseValues) => unwrap(api.POST('/api/v1/liens/{id}/release', { params: { path: { id: lien.id } }, body: { releasedOn: v.releasedOn.format('YYYY-MM-DD'), note: v.note } })),
    onSuccess: async () => {
      message.success(t('risk.lien.releasedOk'));
      await Promise.all([queryClient.invalidateQueries({ queryKey: riskKeys.liens(lien.vehicleId) }), queryClient.invalidateQueries({ queryKey: riskKeys.tasks })]);
      onClose();
    },
    onError: (error) => setProblem(showProblemOnForm(form, error)),
  });
  return (
    <Modal open title={t('risk.lien.releaseTitle', { no: lien.certificateNo })} okText={t('risk.lien.release')} cancelText={t('common.cancel')} okButtonProps={{ loading: post.isPending, 'data-testid': 'release-submit' }} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Form<ReleaseValues> form={form} layout="vertical" initialValues={{ releasedOn: dayjs(businessDate) }} onFinish={(v) => post.mutate(v)}>
        <Form.Item name="releasedOn" label={t('risk.lien.releasedOn')} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker format="YYYY-MM-DD" allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('risk.lien.releaseNote')} rules={[{ required: true, min: 2, message: t('risk.form.min2') }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
