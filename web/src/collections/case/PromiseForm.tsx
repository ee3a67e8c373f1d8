import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, type FormInstance, Input, Select, Space, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api, ApiError, type BodyOf, type Schemas, unwrap } from '../../api/client.js';
import { formatFen, formatInstant, parseYuanToFen } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { channelLabel, outcomeLabel } from '../labels.js';
import { caseKey } from '../queries.js';

type PromiseBody = BodyOf<'/api/v1/cases/{id}/promises', 'post'>;

interface Line {
  amount?: string;
  dueDate?: Dayjs;
}

interface Values extends Line {
  instalments?: Line[];
  contactId?: number | null;
}

/**
 * Records a promise to pay made today: one amount and date, or instalments. Amounts are typed in
 * yuan and sent as integer fen (parseYuanToFen, string arithmetic); dates may not be before the
 * business date, each instalment after the one before (the server checks both and names the field).
 */
export function PromiseForm({
  caseId,
  businessDate,
  contacts,
  linkContactId,
  hasActive,
  onRecorded,
}: {
  caseId: number;
  businessDate: string;
  contacts: Schemas['Contact'][];
  linkContactId: number | null;
  hasActive: boolean;
  onRecorded: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [split, setSplit] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const today = dayjs(businessDate);

  // a promise heard on the contact just logged is linked to it
  useEffect(() => {
    if (linkContactId !== null) form.setFieldValue('contactId', linkContactId);
  }, [form, linkContactId]);

  const record = useMutation({
    mutationFn: (body: PromiseBody) => unwrap(api.POST('/api/v1/cases/{id}/promises', { params: { path: { id: caseId } }, body })),
    onSuccess: async (p) => {
      message.success(t('coll.promise.recorded', { amount: formatFen(p.totalFen) }));
      form.resetFields();
      setSplit(false);
      onRecorded();
      await queryClient.invalidateQueries({ queryKey: caseKey(caseId) });
    },
    onError: (error) => setProblem(showOnForm(error)),
  });

  // the server names instalments.N.amountFen / dueDate (or amountFen / dueDate): put each under the input that holds it
  const showOnForm = (error: unknown): string | null => {
    if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
    const placed = (error.problem.errors ?? []).flatMap((e) => {
      const m = /^(?:instalments\.(\d+)\.)?(amountFen|dueDate)$/.exec(e.field);
      if (!m) return [];
      const field = m[2] === 'amountFen' ? 'amount' : 'dueDate';
      const name: Parameters<FormInstance<Values>['setFields']>[0][number]['name'] = split ? ['instalments', Number(m[1] ?? 0), field] : [field];
      return [{ name, errors: [e.message] }];
    });
    form.setFields(placed);
    return placed.length > 0 && placed.length === (error.problem.errors ?? []).length ? null : error.problem.title;
  };

  const submit = (v: Values) => {
    setProblem(null);
    const line = (l: Line) => ({ amountFen: parseYuanToFen(l.amount ?? '')!, dueDate: l.dueDate!.format('YYYY-MM-DD') });
    const contact = v.contactId ? { contactId: v.contactId } : {};
    if (split) record.mutate({ instalments: (v.instalments ?? []).map(line), ...contact });
    else {
      const { amountFen, dueDate } = line(v);
      record.mutate({ amountFen, dueDate, ...contact });
    }
  };

  const amountRules = [
    { required: true, message: t('form.required') },
    {
      validator: async (_: unknown, value: string | undefined) => {
        const fen = value ? parseYuanToFen(value) : null;
        if (value && (fen === null || fen <= 0)) throw new Error(t('coll.promise.amountInvalid'));
      },
    },
  ];
  const dateField = (name: string | (string | number)[], testId: string) => (
    <Form.Item name={name} label={t('coll.promise.dueDate')} rules={[{ required: true, message: t('form.required') }]}>
      <DatePicker format="YYYY-MM-DD" allowClear={false} disabledDate={(d) => d.isBefore(today, 'day')} data-testid={testId} />
    </Form.Item>
  );
  const made = [...contacts].filter((c) => c.status === 'made').reverse();

  return (
    <Card size="small" title={t('coll.promise.title')} data-testid="promise-card" extra={<Switch checked={split} onChange={setSplit} checkedChildren={t('coll.promise.instalmentsMode')} unCheckedChildren={t('coll.promise.instalmentsMode')} data-testid="promise-split" />}>
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ dueDate: today.add(7, 'day'), instalments: [{ dueDate: today.add(7, 'day') }, { dueDate: today.add(37, 'day') }] }} data-testid="promise-form">
        {split ? (
          <Form.List name="instalments">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'amount']} label={t('coll.promise.amount')} rules={amountRules}>
                      <Input prefix="¥" inputMode="decimal" style={{ width: 160 }} data-testid={`promise-amount-${i}`} />
                    </Form.Item>
                    {dateField([f.name, 'dueDate'], `promise-date-${i}`)}
                    {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                  </Space>
                ))}
                {fields.length < 12 && (
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 12 }}>
                    {t('coll.promise.addInstalment')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
        ) : (
          <Space align="baseline" wrap>
            <Form.Item name="amount" label={t('coll.promise.amount')} rules={amountRules}>
              <Input prefix="¥" inputMode="decimal" style={{ width: 160 }} data-testid="promise-amount" />
            </Form.Item>
            {dateField('dueDate', 'promise-date')}
          </Space>
        )}
        <Form.Item name="contactId" label={t('coll.promise.contact')}>
          <Select
            allowClear
            placeholder={t('coll.promise.noContact')}
            options={made.map((c) => ({ value: c.id, label: `#${c.id} ${formatInstant(c.at)} ${channelLabel(t, c.channel)} ${outcomeLabel(t, c.outcome)}` }))}
            data-testid="promise-contact"
          />
        </Form.Item>
        {hasActive && <Typography.Paragraph type="secondary">{t('coll.promise.replaces')}</Typography.Paragraph>}
        {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={record.isPending} data-testid="promise-submit">
          {t('coll.promise.submit')}
        </Button>
      </Form>
    </Card>
  );
}
