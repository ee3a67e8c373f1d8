import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Select, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { showProblemOnForm } from '../../api/form-errors.js';
import { useI18n } from '../../i18n/context.js';
import { riskKeys } from '../keys.js';

type Policy = Schemas['InsurancePolicy'];

/** The vehicle's insurance policies (交强险, 商业险), latest end first, with whether each is in force. */
export function InsurancePanel({ vehicleId, canRecord, businessDate }: { vehicleId: number; canRecord: boolean; businessDate: string }) {
  const { t } = useI18n();
  const [adding, setAdding] = useState(false);
  const q = useQuery({ queryKey: riskKeys.insurance(vehicleId), queryFn: () => unwrap(api.GET('/api/v1/vehicles/{id}/insurance', { params: { path: { id: vehicleId } } })) });
  return (
    <Card
      size="small"
      title={t('risk.insurance.title')}
      extra={
        canRecord && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-policy">
            {t('risk.insurance.add')}
          </Button>
        )
      }
    >
      {q.error && <Alert type="error" showIcon message={q.error.message} />}
      <Table<Policy>
        data-testid="policies-table"
        size="small"
        rowKey="id"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('risk.insurance.none') }}
        columns={[
          { title: t('risk.insurance.kind'), dataIndex: 'kind', render: (k: Policy['kind']) => t(`risk.insurance.${k}`) },
          { title: t('risk.insurance.insurer'), dataIndex: 'insurer' },
          { title: t('risk.insurance.policyNo'), dataIndex: 'policyNo' },
          { title: t('risk.insurance.startsOn'), dataIndex: 'startsOn', width: 110 },
          { title: t('risk.insurance.endsOn'), dataIndex: 'endsOn', width: 110 },
          { title: t('risk.insurance.inForce'), dataIndex: 'inForce', render: (v: boolean) => <Tag color={v ? 'green' : 'default'}>{v ? t('risk.insurance.inForceYes') : t('risk.insurance.inForceNo')}</Tag> },
        ]}
      />
      {adding && <PolicyModal vehicleId={vehicleId} businessDate={businessDate} onClose={() => setAdding(false)} />}
    </Card>
  );
}

interface Values {
  kind: Policy['kind'];
  insurer: string;
  policyNo: string;
  period: [Dayjs, Dayjs];
}

function PolicyModal({ vehicleId, businessDate, onClose }: { vehicleId: number; businessDate: string; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string | null>(null);
  const post = useMutation({
    mutationFn: (v: Values) =>
      unwrap(
        api.POST('/api/v1/vehicles/{id}/insurance', {
          params: { path: { id: vehicleId } },
          body: { kind: v.kind, insurer: v.insurer, policyNo: v.policyNo, startsOn: v.period[0].format('YYYY-MM-DD'), endsOn: v.period[1].format('YYYY-MM-DD') },
        }),
      ),
    onSuccess: async () => {
      message.success(t('risk.insurance.recorded'));
      await queryClient.invalidateQueries({ queryKey: riskKeys.insurance(vehicleId) });
      onClose();
    },
    onError: (error) => setProblem(showProblemOnForm(form, error)),
  });
  const start = dayjs(businessDate);
  return (
    <Modal open title={t('risk.insurance.add')} okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ loading: post.isPending }} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" initialValues={{ kind: 'compulsory', period: [start, start.add(1, 'year').subtract(1, 'day')] }} onFinish={(v) => post.mutate(v)}>
        <Form.Item name="kind" label={t('risk.insurance.kind')}>
          <Select options={(['compulsory', 'commercial'] as const).map((k) => ({ value: k, label: t(`risk.insurance.${k}`) }))} />
        </Form.Item>
        <Form.Item name="insurer" label={t('risk.insurance.insurer')} rules={[{ required: true, min: 2, message: t('risk.form.min2') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="policyNo" label={t('risk.insurance.policyNo')} rules={[{ required: true, message: t('form.required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="period" label={t('risk.insurance.period')} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker.RangePicker format="YYYY-MM-DD" allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
