import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client.js';
import { showProblemOnForm } from '../../api/form-errors.js';
import { useI18n } from '../../i18n/context.js';
import { riskKeys } from '../keys.js';
import { SEVERITIES } from '../severity.js';
import { checkBodyOf, type Draft, type Indicator, postBodyOf, THRESHOLD_OPS } from './draft.js';
import { ExpressionCheck, type Problem } from './ExpressionCheck.js';

const CHECK_DELAY_MS = 400;

function draftOf(i: Indicator | null, businessDate: string): Partial<Draft> {
  if (!i) return { severity: 'medium', products: [], expression: '', effectiveFrom: dayjs(businessDate) };
  return {
    code: i.code,
    nameZh: i.nameZh,
    nameEn: i.nameEn,
    expression: i.expression,
    thresholdOp: i.threshold?.op,
    thresholdValue: i.threshold?.value ?? null,
    severity: i.severity,
    products: i.products,
    // a new version takes effect from the business date unless the user says otherwise
    effectiveFrom: dayjs(businessDate),
    effectiveTo: i.effectiveTo ? dayjs(i.effectiveTo) : null,
  };
}

/**
 * Edits one indicator: a new version of an existing code, or a new code (the page keys it by the
 * version it starts from, so choosing another starts afresh). The definition is checked
 * by the server as it is typed, with each problem shown where it is; publishing stores a new version.
 */
export function IndicatorForm({ base, canPublish, products, businessDate, onPublished, insert }: { base: Indicator | null; canPublish: boolean; products: readonly string[]; businessDate: string; onPublished: (code: string) => void; insert: { name: string; seq: number } | null }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Draft>();
  const [problem, setProblem] = useState<string | null>(null);
  const values = Form.useWatch([], form) as Partial<Draft> | undefined;
  const [checkBody, setCheckBody] = useState(() => checkBodyOf(draftOf(base, businessDate), businessDate));

  // a feature picked from the list goes in at the end of the expression (one picked before this form opened does not)
  const applied = useRef(insert?.seq);
  useEffect(() => {
    if (!insert || insert.seq === applied.current) return;
    applied.current = insert.seq;
    const current = (form.getFieldValue('expression') as string | undefined) ?? '';
    form.setFieldValue('expression', `${current}${current && !current.endsWith(' ') ? ' ' : ''}${insert.name}`);
  }, [insert, form]);

  useEffect(() => {
    if (!values) return undefined;
    const timer = setTimeout(() => setCheckBody(checkBodyOf(values, businessDate)), CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [values, businessDate]);

  const check = useQuery({
    queryKey: ['risk', 'indicator-check', checkBody],
    queryFn: () => unwrap(api.POST('/api/v1/warning-indicators/check', { body: checkBody })),
    enabled: checkBody.expression.trim().length > 0,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const problems: Problem[] = check.error instanceof ApiError
    ? (check.error.problem.errors ?? []).map((e) => ({ field: e.field, message: e.message }))
    : (check.data?.problems ?? []).map((p) => ({ field: p.field, at: p.at, message: lang === 'zh-CN' ? p.zh : p.en }));
  const exprProblems = problems.filter((p) => p.field === 'expression');
  const thresholdProblems = problems.filter((p) => p.field.startsWith('threshold'));
  const otherProblems = problems.filter((p) => p.field !== 'expression' && !p.field.startsWith('threshold'));
  const checkedOk = check.data?.ok === true && !check.error;

  const publish = useMutation({
    mutationFn: (d: Draft) => unwrap(api.POST('/api/v1/warning-indicators', { body: postBodyOf(d, base?.action ?? null) })),
    onSuccess: async (row) => {
      message.success(t('risk.indicator.published', { code: row.code, version: row.version }));
      await queryClient.invalidateQueries({ queryKey: riskKeys.indicators });
      onPublished(row.code);
    },
    onError: (e) => setProblem(showProblemOnForm(form, e)),
  });

  return (
    <Form<Draft> form={form} layout="vertical" initialValues={draftOf(base, businessDate)} onFinish={(d) => publish.mutate(d)} data-testid="indicator-form">
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="code" label={t('risk.indicator.code')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_-]{1,39}$/, message: t('risk.indicator.codeRule') }]}>
            <Input disabled={base !== null} data-testid="indicator-code" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="nameZh" label={t('risk.indicator.nameZh')} rules={[{ required: true, message: t('form.required') }]}>
            <Input maxLength={100} data-testid="indicator-name-zh" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="nameEn" label={t('risk.indicator.nameEn')} rules={[{ required: true, message: t('form.required') }]}>
            <Input maxLength={100} data-testid="indicator-name-en" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="expression"
        label={t('risk.indicator.expression')}
        rules={[{ required: true, message: t('form.required') }]}
        validateStatus={exprProblems.length > 0 ? 'error' : checkedOk ? 'success' : undefined}
        help={
          exprProblems.length > 0 ? (
            <ExpressionCheck expression={values?.expression ?? ''} problems={exprProblems} />
          ) : checkedOk ? (
            <span data-testid="expression-ok">{t('risk.indicator.checkOk', { kind: t(`risk.indicator.type.${check.data?.kind ?? 'boolean'}`), reads: (check.data?.reads ?? []).join(', ') })}</span>
          ) : undefined
        }
      >
        <Input.TextArea rows={3} maxLength={2000} style={{ fontFamily: 'monospace' }} data-testid="indicator-expression" placeholder="dpd > 30 and ltv_bp >= ltv_threshold_bp" />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item label={t('risk.indicator.threshold')} validateStatus={thresholdProblems.length > 0 ? 'error' : undefined} help={thresholdProblems.map((p) => p.message).join('; ') || t('risk.indicator.thresholdHelp')}>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="thresholdOp" noStyle>
                <Select allowClear style={{ width: 90 }} options={THRESHOLD_OPS.map((op) => ({ value: op, label: op }))} data-testid="indicator-threshold-op" />
              </Form.Item>
              <Form.Item name="thresholdValue" noStyle>
                <InputNumber style={{ width: '100%' }} data-testid="indicator-threshold-value" />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="severity" label={t('risk.alerts.severity')}>
            <Select options={SEVERITIES.map((s) => ({ value: s, label: t(`risk.severity.${s}`) }))} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="products" label={t('risk.indicator.products')} help={t('risk.indicator.productsHelp')}>
            <Select mode="tags" options={products.map((p) => ({ value: p, label: p }))} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="effectiveFrom" label={t('risk.indicator.effectiveFrom')} rules={[{ required: true, message: t('form.required') }]}>
            <DatePicker format="YYYY-MM-DD" allowClear={false} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="effectiveTo" label={t('risk.indicator.effectiveTo')}>
            <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      {otherProblems.length > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={<ExpressionCheck expression="" problems={otherProblems} />} />}
      {base?.action && (
        <Typography.Paragraph type="secondary">{t('risk.indicator.actionKept', { version: base.version })}</Typography.Paragraph>
      )}
      {canPublish && (
        <>
          <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, min: 2, message: t('form.reasonMin') }]}>
            <Input maxLength={500} data-testid="indicator-reason" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={publish.isPending} disabled={!checkedOk} data-testid="indicator-publish">
            {base ? t('risk.indicator.publishVersion', { version: base.version + 1 }) : t('risk.indicator.publish')}
          </Button>
        </>
      )}
    </Form>
  );
}
