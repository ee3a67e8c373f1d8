import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { useSession } from '../../auth/context.js';
import { Loading } from '../../auth/Guard.js';
import { NotFound } from '../../components/ResultPages.js';
import { formatCount, formatInstant } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { featureLabel, fmt4, STATUS_COLOR, statusKey } from './model-labels.js';

type Card = Schemas['ScoreModelCard'];
type Feature = Card['features'][number];
type Bin = Feature['bins'][number];

/** One model's card, as a person scores a loan by hand with it; risk officers approve a draft here. */
export default function ModelCardPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const { can, me } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const modelId = Number(id);
  const q = useQuery({ queryKey: ['risk', 'score-model', modelId], queryFn: () => unwrap(api.GET('/api/v1/score-models/{id}', { params: { path: { id: modelId } } })), enabled: Number.isInteger(modelId) && modelId > 0 });
  const approve = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/score-models/{id}/approve', { params: { path: { id: modelId } }, body: note.trim().length >= 2 ? { note: note.trim() } : {} })),
    onSuccess: () => {
      message.success(t('risk.models.approvedOk'));
      void queryClient.invalidateQueries({ queryKey: ['risk'] });
    },
  });

  if (!Number.isInteger(modelId) || modelId <= 0) return <NotFound />;
  if (q.isPending) return <Loading />;
  if (q.error || !q.data) return <Alert type="error" showIcon message={q.error?.message} />;
  const m = q.data;
  const card = m.card;
  const own = me !== null && m.registeredBy === me.username;
  const metricRows = [
    { key: 'train', name: t('risk.models.train.set'), ...card.metrics.train },
    { key: 'cv', name: t('risk.models.cv'), auc: card.metrics.cvAuc, ks: NaN, gini: 2 * card.metrics.cvAuc - 1 },
    ...(card.metrics.holdout ? [{ key: 'holdout', name: t('risk.models.holdout'), ...card.metrics.holdout }] : []),
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Link to="/risk/models">{t('risk.models.back')}</Link>
      <Card
        size="small"
        title={
          <Space>
            {t('risk.models.card')} {m.version} <Tag color={STATUS_COLOR[m.status]}>{t(statusKey(m.status))}</Tag>
          </Space>
        }
        extra={
          // head office's risk officers approve (the API refuses anyone scoped below it)
          m.status === 'draft' &&
          can('model.approve') &&
          me?.branchPath === '/HO/' && (
            <Space>
              <Input style={{ width: 220 }} placeholder={t('risk.models.approveNote')} value={note} onChange={(e) => setNote(e.target.value)} disabled={own} />
              <Popconfirm title={t('risk.models.approve')} description={t('risk.models.approveConfirm')} onConfirm={() => approve.mutate()} disabled={own}>
                <Button type="primary" disabled={own} title={own ? t('risk.models.ownModel') : undefined} loading={approve.isPending} data-testid="approve-model">
                  {t('risk.models.approve')}
                </Button>
              </Popconfirm>
            </Space>
          )
        }
      >
        {approve.error && <Alert type="error" showIcon style={{ marginBottom: 8 }} message={approve.error.message} />}
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('risk.models.target')}>{card.target}</Descriptions.Item>
          <Descriptions.Item label={t('risk.models.trainedAsOf')}>{m.trainedAsOf ?? card.trainingData.file}</Descriptions.Item>
          <Descriptions.Item label={t('risk.models.sample')}>{t('risk.models.sampleCount', { rows: formatCount(card.metrics.train.rows), bads: formatCount(card.metrics.train.bads) })}</Descriptions.Item>
          <Descriptions.Item label={t('risk.models.sha')}>
            <Typography.Text code copyable>
              {card.trainingData.sha256}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('risk.models.registered')}>{t('risk.models.by', { name: m.registeredBy, at: formatInstant(m.registeredAt) })}</Descriptions.Item>
          <Descriptions.Item label={t('risk.models.approved')}>{m.approvedBy && m.approvedAt ? `${t('risk.models.by', { name: m.approvedBy, at: formatInstant(m.approvedAt) })}${m.approvalNote ? ` — ${m.approvalNote}` : ''}` : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('risk.models.grades')} span={2}>
            {t('risk.models.scaling', card.scaling)}
            <br />
            {card.grades.map((g) => (g.minScore === null ? t('risk.models.gradeRest', { grade: g.grade }) : t('risk.models.gradeFrom', { grade: g.grade, min: g.minScore }))).join('；')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('risk.models.metrics')}>
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={metricRows}
          columns={[
            { title: t('risk.models.metric'), dataIndex: 'name' },
            { title: 'AUC', dataIndex: 'auc', align: 'right', render: fmt4 },
            { title: 'KS', dataIndex: 'ks', align: 'right', render: fmt4 },
            { title: 'Gini', dataIndex: 'gini', align: 'right', render: fmt4 },
          ]}
        />
      </Card>
      {card.features.map((f) => (
        <FeatureBins key={f.name} feature={f} />
      ))}
      {card.leftOut.length > 0 && (
        <Card size="small" title={t('risk.models.leftOut')}>
          {card.leftOut.map((l) => `${featureLabel(l.name, t)} (IV ${l.iv.toFixed(3)}, ${t(`risk.models.leftOut.${l.reason}`)})`).join('；')}
        </Card>
      )}
    </Space>
  );
}

function FeatureBins({ feature: f }: { feature: Feature }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={`${featureLabel(f.name, t)} — IV ${f.iv.toFixed(3)}`} data-testid={`card-feature-${f.name}`}>
      <Table<Bin>
        size="small"
        rowKey="label"
        pagination={false}
        dataSource={f.bins}
        columns={[
          { title: t('risk.models.bin'), dataIndex: 'label' },
          { title: t('risk.models.count'), dataIndex: 'count', align: 'right', render: (n: number) => formatCount(n) },
          { title: t('risk.models.badRate'), dataIndex: 'badRate', align: 'right', render: (r: number) => `${(100 * r).toFixed(2)}%` },
          { title: 'WoE', dataIndex: 'woe', align: 'right', render: (w: number) => w.toFixed(3) },
          { title: t('risk.models.points'), dataIndex: 'points', align: 'right' },
        ]}
        footer={() => t('risk.models.unseen', { points: f.unseenPoints })}
      />
    </Card>
  );
}
