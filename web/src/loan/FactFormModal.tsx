import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, type BodyOf, unwrap } from '../api/client.js';
import { showProblemOnForm } from '../api/form-errors.js';
import { useI18n } from '../i18n/context.js';
import { FACT_KINDS, FACT_SOURCES, VERIFICATIONS } from '../../../src/domain/borrower-facts.js';
import { loanKey } from './useLoan.js';

type FactPost = BodyOf<'/api/v1/borrowers/{id}/facts', 'post'>;
type Values = Omit<FactPost, 'effectiveFrom'> & { effectiveFrom?: Dayjs };

/**
 * Records what a borrower now declares (a new phone, a new employer…) as a new fact that supersedes
 * the current one of its kind; nothing is overwritten. The server checks the value's format and
 * that the date is neither in the future nor before the fact it replaces.
 */
export function FactFormModal({ borrowerId, loanId, businessDate, onClose }: { borrowerId: number; loanId: number; businessDate: string; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form);
  const record = useMutation({
    mutationFn: (body: FactPost) => unwrap(api.POST('/api/v1/borrowers/{id}/facts', { params: { path: { id: borrowerId } }, body })),
    onSuccess: async () => {
      message.success(t('factLog.recorded'));
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['borrower-facts', borrowerId] }), queryClient.invalidateQueries({ queryKey: loanKey(loanId) })]);
      onClose();
    },
    onError: (error) => setProblem(showProblemOnForm(form, error)),
  });
  const submit = ({ effectiveFrom, ...v }: Values) => {
    setProblem(null);
    record.mutate({ ...v, ...(effectiveFrom ? { effectiveFrom: effectiveFrom.format('YYYY-MM-DD') } : {}) });
  };
  return (
    <Modal open title={t('factLog.record')} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose} okButtonProps={{ loading: record.isPending, 'data-testid': 'fact-save' }} destroyOnHidden>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} data-testid="fact-problem" />}
      <Form<Values> form={form} layout="vertical" initialValues={{ verification: 'unverified', effectiveFrom: dayjs(businessDate) }} onFinish={submit}>
        <Form.Item name="kind" label={t('borrower.fact')} rules={[{ required: true, message: t('form.required') }]}>
          <Select options={FACT_KINDS.map((k) => ({ value: k, label: t(`fact.${k}`) }))} data-testid="fact-kind" />
        </Form.Item>
        <Form.Item name="value" label={t('borrower.value')} extra={kind === 'monthly_income' ? t('factLog.incomeHint') : undefined} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input maxLength={500} data-testid="fact-value" />
        </Form.Item>
        <Form.Item name="effectiveFrom" label={t('borrower.effectiveFrom')}>
          <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(businessDate), 'day')} />
        </Form.Item>
        <Form.Item name="source" label={t('borrower.source')} rules={[{ required: true, message: t('form.required') }]}>
          <Select options={FACT_SOURCES.map((s) => ({ value: s, label: t(`factSource.${s}`) }))} data-testid="fact-source" />
        </Form.Item>
        <Form.Item name="verification" label={t('borrower.verification')} rules={[{ required: true, message: t('form.required') }]}>
          <Select options={VERIFICATIONS.map((v) => ({ value: v, label: t(`verification.${v}`) }))} data-testid="fact-verification" />
        </Form.Item>
        <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('form.reasonMin') }]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="fact-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
