import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { showProblemOnForm } from '../../api/form-errors.js';
import { useI18n } from '../../i18n/context.js';
import { riskKeys } from '../keys.js';
import { ReleaseLienModal } from './ReleaseLienModal.js';

type Lien = Schemas['Lien'];
type Props = { vehicleId: number; loanId: number; canRecord: boolean; businessDate: string };

/** The vehicle's lien registrations (抵押登记) and releases (解押); one in force at a time. */
export function LienPanel({ vehicleId, loanId, canRecord, businessDate }: Props) {
  const { t } = useI18n();
  const [registering, setRegistering] = useState(false);
  const [releasing, setReleasing] = useState<Lien | null>(null);
  const q = useQuery({ queryKey: riskKeys.liens(vehicleId), queryFn: () => unwrap(api.GET('/api/v1/vehicles/{id}/liens', { params: { path: { id: vehicleId } } })) });
  const inForce = q.data?.items.some((l) => l.status === 'registered') ?? false;
  return (
    <Card
      size="small"
      title={t('risk.lien.title')}
      extra={
        canRecord &&
        !inForce && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="register-lien">
            {t('risk.lien.register')}
          </Button>
        )
      }
    >
      {q.error && <Alert type="error" showIcon message={q.error.message} />}
      <Table<Lien>
        data-testid="liens-table"
        size="small"
        rowKey="id"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('risk.lien.none') }}
        columns={[
          { title: t('risk.lien.status'), dataIndex: 'status', render: (s: Lien['status']) => <Tag color={s === 'registered' ? 'blue' : 'default'}>{t(`risk.lien.${s}`)}</Tag> },
          { title: t('risk.lien.authority'), dataIndex: 'authority' },
          { title: t('risk.lien.certificateNo'), dataIndex: 'certificateNo' },
          { title: t('risk.lien.registeredOn'), dataIndex: 'registeredOn', width: 110 },
          { title: t('risk.lien.releasedOn'), dataIndex: 'releasedOn', width: 110, render: (v: string | null) => v ?? '—' },
          { title: t('risk.lien.releaseNote'), dataIndex: 'releaseNote', render: (v: string | null) => v ?? '—' },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, l) =>
              canRecord && l.status === 'registered' ? (
                <Button size="small" onClick={() => setReleasing(l)} data-testid="release-lien">
                  {t('risk.lien.release')}
                </Button>
              ) : null,
          },
        ]}
      />
      {registering && <RegisterModal vehicleId={vehicleId} loanId={loanId} businessDate={businessDate} onClose={() => setRegistering(false)} />}
      {releasing && <ReleaseLienModal lien={releasing} businessDate={businessDate} onClose={() => setReleasing(null)} />}
    </Card>
  );
}

interface RegisterValues {
  authority: string;
  certificateNo: string;
  registeredOn: Dayjs;
}

function RegisterModal({ vehicleId, loanId, businessDate, onClose }: { vehicleId: number; loanId: number; businessDate: string; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RegisterValues>();
  const [problem, setProblem] = useState<string | null>(null);
  const post = useMutation({
    mutationFn: (v: RegisterValues) =>
      unwrap(api.POST('/api/v1/vehicles/{id}/liens', { params: { path: { id: vehicleId } }, body: { authority: v.authority, certificateNo: v.certificateNo, registeredOn: v.registeredOn.format('YYYY-MM-DD'), loanId } })),
    onSuccess: async () => {
      message.success(t('risk.lien.registered'));
      await queryClient.invalidateQueries({ queryKey: riskKeys.liens(vehicleId) });
      onClose();
    },
    onError: (error) => setProblem(showProblemOnForm(form, error)),
  });
  return (
    <Modal open title={t('risk.lien.register')} okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ loading: post.isPending }} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Form<RegisterValues> form={form} layout="vertical" initialValues={{ registeredOn: dayjs(businessDate) }} onFinish={(v) => post.mutate(v)}>
        <Form.Item name="authority" label={t('risk.lien.authority')} rules={[{ required: true, min: 2, message: t('risk.form.min2') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="certificateNo" label={t('risk.lien.certificateNo')} rules={[{ required: true, message: t('form.required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="registeredOn" label={t('risk.lien.registeredOn')} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker format="YYYY-MM-DD" allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
