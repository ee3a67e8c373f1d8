import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { useSession } from '../../auth/context.js';
import { Loading } from '../../auth/Guard.js';
import { formatCount, formatInstant } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { featureLabel, fmt4, STATUS_COLOR, statusKey } from './model-labels.js';

type Model = Schemas['ScoreModel'];

/** Every score model with its status and headline metrics; risk configurers train one on a month-end sample. */
export default function ModelsPage() {
  const { t } = useI18n();
  const { can, me } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['risk', 'score-models'], queryFn: async () => (await unwrap(api.GET('/api/v1/score-models'))).items });
  const train = useMutation({
    mutationFn: (asOf: string) => unwrap(api.POST('/api/v1/score-models', { body: { asOf } })),
    onSuccess: (r) => {
      message.success(t(r.created ? 'risk.models.trained' : 'risk.models.trainedSame', { version: r.model.version }));
      void queryClient.invalidateQueries({ queryKey: ['risk', 'score-models'] });
    },
  });

  if (list.isPending) return <Loading />;
  const columns = [
    { title: t('risk.models.version'), dataIndex: 'version', render: (v: string, m: Model) => <Link to={`/risk/models/${m.id}`}>{v}</Link> },
    { title: t('risk.models.status'), dataIndex: 'status', render: (s: Model['status']) => <Tag color={STATUS_COLOR[s]}>{t(statusKey(s))}</Tag> },
    { title: t('risk.models.trainedAsOf'), dataIndex: 'trainedAsOf', render: (d: string | null) => d ?? '—' },
    { title: t('risk.models.sample'), key: 'sample', render: (_: unknown, m: Model) => t('risk.models.sampleCount', { rows: formatCount(m.metrics.rows), bads: formatCount(m.metrics.bads) }) },
    { title: 'AUC', key: 'auc', align: 'right' as const, render: (_: unknown, m: Model) => fmt4(m.metrics.auc) },
    { title: 'KS', key: 'ks', align: 'right' as const, render: (_: unknown, m: Model) => fmt4(m.metrics.ks) },
    { title: `${t('risk.models.cv')} AUC`, key: 'cv', align: 'right' as const, render: (_: unknown, m: Model) => fmt4(m.metrics.cvAuc) },
    { title: t('risk.models.features'), dataIndex: 'features', render: (f: string[]) => f.map((n) => featureLabel(n, t)).join('、') },
    { title: t('risk.models.registered'), key: 'reg', render: (_: unknown, m: Model) => t('risk.models.by', { name: m.registeredBy, at: formatInstant(m.registeredAt) }) },
    { title: t('risk.models.approved'), key: 'appr', render: (_: unknown, m: Model) => (m.approvedBy && m.approvedAt ? t('risk.models.by', { name: m.approvedBy, at: formatInstant(m.approvedAt) }) : '—') },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {can('risk.configure') && me?.branchPath === '/HO/' && (
        <Card size="small" title={t('risk.models.train')}>
          <Form layout="inline" onFinish={(v: { asOf: Dayjs }) => train.mutate(v.asOf.endOf('month').format('YYYY-MM-DD'))}>
            <Form.Item name="asOf" label={t('risk.models.trainAsOf')} rules={[{ required: true }]}>
              <DatePicker picker="month" data-testid="train-as-of" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={train.isPending} data-testid="train-model">
              {t('risk.models.train')}
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('risk.models.trainHelp')}
          </Typography.Paragraph>
          {train.error && <Alert type="error" showIcon style={{ marginTop: 8 }} message={train.error.message} description={errorsOf(train.error)} />}
        </Card>
      )}
      <Card size="small" title={t('risk.models.title')}>
        {list.error && <Alert type="error" showIcon message={list.error.message} />}
        <Table<Model> rowKey="id" size="small" dataSource={list.data ?? []} columns={columns} pagination={false} locale={{ emptyText: t('risk.models.empty') }} scroll={{ x: true }} />
      </Card>
    </Space>
  );
}

/** The field errors of a refused training (not a month end, too few bads…), one per line. */
function errorsOf(error: Error): string | undefined {
  const problem = (error as { problem?: { errors?: { message: string }[] } }).problem;
  return problem?.errors?.map((e) => e.message).join('\n');
}
