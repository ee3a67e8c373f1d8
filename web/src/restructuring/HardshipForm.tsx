import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Radio, Select, Switch } from 'antd';
import { api, type Ok, unwrap } from '../api/client.js';
import { parseYuanToFen } from '../format.js';
import { useI18n } from '../i18n/context.js';
import { CAUSES, type Cause, causeLabel } from './labels.js';
import { problemText } from './problem-text.js';

export type Assessment = Ok<'/api/v1/loans/{id}/hardship-assessments', 'post'>;

interface Values {
  cause: Cause;
  evidence?: string;
  incomeNow: string;
  incomeAtApplication?: string;
  willingness: 'strong' | 'some' | 'none';
  newBorrowingDeclared: boolean;
}

const yuanRule = (message: string) => ({
  validator: async (_: unknown, value: string | undefined) => {
    if (value && parseYuanToFen(value) === null) throw new Error(message);
  },
});

/** Step one: what the borrower told us and what we saw; the server's eligibility rules answer with options and warning signs. */
export function HardshipForm({ loanId, onAssessed }: { loanId: number; onAssessed: (a: Assessment) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const assess = useMutation({
    mutationFn: (v: Values) => {
      const incomeAtApplicationFen = v.incomeAtApplication ? parseYuanToFen(v.incomeAtApplication) : null;
      return unwrap(
        api.POST('/api/v1/loans/{id}/hardship-assessments', {
          params: { path: { id: loanId } },
          body: {
            cause: v.cause,
            evidence: (v.evidence ?? '').split('\n').map((s) => s.trim()).filter(Boolean),
            incomeNowFen: parseYuanToFen(v.incomeNow) ?? 0,
            ...(incomeAtApplicationFen === null ? {} : { incomeAtApplicationFen }),
            willingness: v.willingness,
            newBorrowingDeclared: v.newBorrowingDeclared,
          },
        }),
      );
    },
    onSuccess: onAssessed,
  });
  return (
    <Form<Values> form={form} layout="vertical" initialValues={{ willingness: 'strong', newBorrowingDeclared: false }} onFinish={(v) => assess.mutate(v)} data-testid="rs-hardship-form" style={{ maxWidth: 640 }}>
      {assess.error && <Alert type="error" showIcon message={problemText(assess.error)} style={{ marginBottom: 12 }} />}
      <Form.Item name="cause" label={t('rs.hardship.cause')} rules={[{ required: true, message: t('form.required') }]}>
        <Select data-testid="rs-cause" options={CAUSES.map((c) => ({ value: c, label: causeLabel(t, c) }))} />
      </Form.Item>
      <Form.Item name="evidence" label={t('rs.hardship.evidence')} extra={t('rs.hardship.evidenceHelp')}>
        <Input.TextArea rows={2} data-testid="rs-evidence" />
      </Form.Item>
      <Form.Item name="incomeNow" label={t('rs.hardship.incomeNow')} rules={[{ required: true, message: t('form.required') }, yuanRule(t('rs.amountInvalid'))]}>
        <Input prefix="¥" inputMode="decimal" data-testid="rs-income-now" />
      </Form.Item>
      <Form.Item name="incomeAtApplication" label={t('rs.hardship.incomeAtApplication')} extra={t('rs.hardship.incomeAtApplicationHelp')} rules={[yuanRule(t('rs.amountInvalid'))]}>
        <Input prefix="¥" inputMode="decimal" />
      </Form.Item>
      <Form.Item name="willingness" label={t('rs.hardship.willingness')}>
        <Radio.Group options={(['strong', 'some', 'none'] as const).map((w) => ({ value: w, label: t(`rs.willingness.${w}`) }))} />
      </Form.Item>
      <Form.Item name="newBorrowingDeclared" label={t('rs.hardship.newBorrowing')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={assess.isPending} data-testid="rs-assess">
        {t('rs.hardship.submit')}
      </Button>
    </Form>
  );
}
