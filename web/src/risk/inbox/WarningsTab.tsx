import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type QueryOf, type Schemas, unwrap } from '../../api/client.js';
import { showProblemOnForm } from '../../api/form-errors.js';
import { useSession } from '../../auth/context.js';
import { formatInstant } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { riskKeys } from '../keys.js';
import { SEVERITIES, type Severity, SeverityTag } from '../severity.js';
import { usePagedList } from './paged.js';

type Warning = Schemas['Warning'];
type Status = Warning['status'];
type Query = QueryOf<'/api/v1/warnings'>;
const STATUSES: readonly Status[] = ['open', 'acknowledged', 'resolved'];
const STATUS_COLOR: Record<Status, string> = { open: 'red', acknowledged: 'gold', resolved: 'green' };

/** Early warnings of the caller's branches: acknowledge one, or resolve it with a note saying what was done. */
export function WarningsTab() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status | undefined>('open');
  const [severity, setSeverity] = useState<Severity | undefined>();
  const [resolving, setResolving] = useState<Warning | null>(null);
  const query: Query = { limit: 50, ...(status ? { status } : {}), ...(severity ? { severity } : {}) };
  const list = usePagedList([...riskKeys.warnings, query], (cursor) => unwrap(api.GET('/api/v1/warnings', { params: { query: { ...query, ...(cursor ? { cursor } : {}) } } })));
  const ack = useMutation({
    mutationFn: (id: number) => unwrap(api.POST('/api/v1/warnings/{id}/ack', { params: { path: { id } }, body: {} })),
    onSuccess: async () => {
      message.success(t('risk.warning.acknowledged'));
      await queryClient.invalidateQueries({ queryKey: riskKeys.warnings });
    },
    onError: (e) => message.error(e.message),
  });
  const canHandle = can('warning.handle');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select<Status | 'all'>
          data-testid="warning-status"
          style={{ width: 140 }}
          value={status ?? 'all'}
          onChange={(v) => setStatus(v === 'all' ? undefined : v)}
          options={[{ value: 'all', label: t('common.all') }, ...STATUSES.map((s) => ({ value: s, label: t(`risk.warning.status.${s}`) }))]}
        />
        <Select<Severity | 'all'>
          style={{ width: 140 }}
          value={severity ?? 'all'}
          onChange={(v) => setSeverity(v === 'all' ? undefined : v)}
          options={[{ value: 'all', label: t('risk.alerts.anySeverity') }, ...SEVERITIES.map((s) => ({ value: s, label: t(`risk.severity.${s}`) }))]}
        />
      </Space>
      {list.error && <Alert type="error" showIcon message={list.error.message} />}
      <Table<Warning>
        data-testid="warnings-table"
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.items}
        pagination={false}
        locale={{ emptyText: t('risk.alerts.none') }}
        expandable={{
          rowExpandable: (w) => w.resolutionNote !== null || w.acknowledgedBy !== null,
          expandedRowRender: (w) => (
            <Space direction="vertical" size={0}>
              {w.acknowledgedBy && <Typography.Text type="secondary">{t('risk.warning.ackBy', { by: w.acknowledgedBy, at: formatInstant(w.acknowledgedAt) })}</Typography.Text>}
              {w.resolvedBy && <Typography.Text type="secondary">{t('risk.warning.resolvedBy', { by: w.resolvedBy, at: formatInstant(w.resolvedAt) })}</Typography.Text>}
              {w.resolutionNote && <Typography.Text data-testid="resolution-note">{w.resolutionNote}</Typography.Text>}
            </Space>
          ),
        }}
        columns={[
          { title: t('risk.alerts.raisedOn'), dataIndex: 'raisedOn', width: 110 },
          { title: t('risk.warning.indicator'), key: 'indicator', render: (_: unknown, w) => `${lang === 'zh-CN' ? w.nameZh : w.nameEn} (v${w.indicatorVersion})` },
          { title: t('loan.externalId'), dataIndex: 'loanExternalId', render: (v: string, w) => <Link to={`/loans/${w.loanId}`}>{v}</Link> },
          { title: t('loan.branch'), dataIndex: 'branchCode', width: 90 },
          { title: t('risk.alerts.severity'), dataIndex: 'severity', width: 90, render: (s: Severity) => <SeverityTag severity={s} /> },
          { title: t('risk.warning.lastTrueOn'), dataIndex: 'lastTrueOn', width: 110 },
          { title: t('risk.warning.status'), dataIndex: 'status', width: 90, render: (s: Status) => <Tag color={STATUS_COLOR[s]} data-testid="warning-status-tag">{t(`risk.warning.status.${s}`)}</Tag> },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 170,
            render: (_: unknown, w) =>
              canHandle && w.status !== 'resolved' ? (
                <Space size="small">
                  {w.status === 'open' && (
                    <Button size="small" loading={ack.isPending && ack.variables === w.id} onClick={() => ack.mutate(w.id)} data-testid="warning-ack">
                      {t('risk.warning.ack')}
                    </Button>
                  )}
                  <Button size="small" type="primary" onClick={() => setResolving(w)} data-testid="warning-resolve">
                    {t('risk.warning.resolve')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      {list.hasNextPage && (
        <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('risk.more')}
        </Button>
      )}
      {resolving && <ResolveModal warning={resolving} onClose={() => setResolving(null)} />}
    </Space>
  );
}

function ResolveModal({ warning, onClose }: { warning: Warning; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ note: string }>();
  const [problem, setProblem] = useState<string | null>(null);
  const resolve = useMutation({
    mutationFn: (note: string) => unwrap(api.POST('/api/v1/warnings/{id}/resolve', { params: { path: { id: warning.id } }, body: { note } })),
    onSuccess: async () => {
      message.success(t('risk.warning.resolved'));
      await queryClient.invalidateQueries({ queryKey: riskKeys.warnings });
      onClose();
    },
    onError: (e) => setProblem(showProblemOnForm(form, e)),
  });
  return (
    <Modal
      open
      title={t('risk.warning.resolveTitle', { loan: warning.loanExternalId })}
      okText={t('risk.warning.resolve')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: resolve.isPending, 'data-testid': 'resolve-submit' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{lang === 'zh-CN' ? warning.nameZh : warning.nameEn}</Typography.Paragraph>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => resolve.mutate(v.note)}>
        <Form.Item name="note" label={t('risk.warning.note')} rules={[{ required: true, min: 2, message: t('risk.form.min2') }]}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="resolve-note" placeholder={t('risk.warning.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
