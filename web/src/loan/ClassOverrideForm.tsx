import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, type BodyOf, type Ok, unwrap } from '../api/client.js';
import { showProblemOnForm } from '../api/form-errors.js';
import { ClassTag } from '../components/StatusTags.js';
import { useI18n } from '../i18n/context.js';
import { RISK_CLASSES, type RiskClass } from '../labels.js';
import { loanKey } from './useLoan.js';

type Standing = NonNullable<Ok<'/api/v1/loans/{id}/class-overrides'>['standing']>;
type OverrideBody = BodyOf<'/api/v1/loans/{id}/class-override', 'post'>;
type Row = Ok<'/api/v1/loans/{id}/class-overrides'>['items'][number];

const worse = (a: RiskClass, b: RiskClass): RiskClass => (RISK_CLASSES.indexOf(a) >= RISK_CLASSES.indexOf(b) ? a : b);
// A manual class can only worsen a loan: 正常 is never chosen by hand.
const MANUAL = RISK_CLASSES.filter((c): c is OverrideBody['riskClass'] => c !== 'normal');

/**
 * Sets a manual 五级分类 (reason required; the server records the role that allowed it). Before
 * saving it shows what the next close of business will give: a class better than the floor
 * changes nothing, because close of business takes the worst of the two.
 */
export function ClassOverrideForm({ loanId, standing }: { loanId: number; standing: Standing }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<OverrideBody>();
  const [problem, setProblem] = useState<string | null>(null);
  const chosen = Form.useWatch('riskClass', form);
  const set = useMutation({
    mutationFn: (body: OverrideBody) => unwrap(api.POST('/api/v1/loans/{id}/class-override', { params: { path: { id: loanId } }, body })),
    onSuccess: async (r) => {
      message.success(t('class.saved', { date: r.effectiveFrom }));
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: loanKey(loanId) });
    },
    onError: (error) => setProblem(showProblemOnForm(form, error)),
  });
  const expected = chosen ? worse(standing.expectedClass, chosen) : null;
  const unchanged = expected !== null && expected === standing.expectedClass;

  return (
    <Card size="small" title={t('class.overrideTitle')} data-testid="class-override-form">
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Form<OverrideBody>
        form={form}
        layout="vertical"
        onFinish={(v) => {
          setProblem(null);
          set.mutate(v);
        }}
      >
        <Form.Item name="riskClass" label={t('class.manual')} rules={[{ required: true, message: t('form.required') }]}>
          <Select style={{ maxWidth: 240 }} options={MANUAL.map((c) => ({ value: c, label: t(`riskClass.${c}`) }))} data-testid="class-choice" />
        </Form.Item>
        <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('form.reasonMin') }]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="class-reason" />
        </Form.Item>
        {expected && (
          <Space style={{ marginBottom: 12 }} wrap data-testid="class-preview">
            <Typography.Text>{t('class.resulting')}</Typography.Text>
            <ClassTag riskClass={expected} />
            <Typography.Text type="secondary">{t('class.floorIs')}</Typography.Text>
            <ClassTag riskClass={standing.floor} />
            {unchanged && <Typography.Text type="warning">{t('class.unchanged')}</Typography.Text>}
          </Space>
        )}
        <Button type="primary" htmlType="submit" loading={set.isPending} data-testid="class-submit">
          {t('class.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** Withdrawing a manual class stops it from the next close; the class then follows the upgrade rule. */
export function WithdrawOverrideModal({ loanId, override, onClose }: { loanId: number; override: Row; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const [problem, setProblem] = useState<string | null>(null);
  const withdraw = useMutation({
    mutationFn: (body: { reason: string }) =>
      unwrap(api.POST('/api/v1/loans/{id}/class-overrides/{overrideId}/withdraw', { params: { path: { id: loanId, overrideId: override.id } }, body })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: loanKey(loanId) });
      onClose();
    },
    onError: (error) => setProblem(showProblemOnForm(form, error)),
  });
  return (
    <Modal open title={t('class.withdraw')} okText={t('class.withdraw')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose} okButtonProps={{ loading: withdraw.isPending, 'data-testid': 'withdraw-save' }} destroyOnHidden>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">{t('class.withdrawNote')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => { setProblem(null); withdraw.mutate(v); }}>
        <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('form.reasonMin') }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
