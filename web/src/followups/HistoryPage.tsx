import { EditOutlined, EyeOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Space, Spin, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, unwrap } from '../api/client.js';
import { useSession } from '../auth/context.js';
import { useI18n } from '../i18n/context.js';
import { AmendmentModal } from './AmendmentModal.js';
import { AmendmentTimeline } from './AmendmentTimeline.js';
import { channelLabel, factActionLabel, flagLabel, itemLabel, kindLabel, verificationLabel } from './labels.js';
import type { FactRow, FlagRow, History } from './types.js';
import { VersionsTable } from './VersionsTable.js';

/** A completed follow-up and every version of it, with the amendment that may correct it. */
export default function HistoryPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const id = Number(useParams().id);
  const [reveal, setReveal] = useState(false);
  const [amending, setAmending] = useState(false);
  const history = useQuery({
    queryKey: ['followups', 'history', id, reveal],
    queryFn: async () => (await unwrap(api.GET('/api/v1/followups/{id}/history', { params: { path: { id }, query: { reveal: reveal ? 'true' : 'false' } } }))) as unknown as History,
    enabled: Number.isSafeInteger(id) && id > 0,
  });
  if (history.error) return <Alert type="error" showIcon message={history.error.message} />;
  if (!history.data) return <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />;
  const h = history.data;
  const pending = h.amendments.some((a) => a.status === 'pending');

  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }}>
      <Card
        size="small"
        title={<span data-testid="fu-history-title">{t('fu.history.title', { id: h.followUpId })}</span>}
        extra={
          <Space>
            {can('pii.reveal') && !h.revealed && (
              <Button size="small" icon={<EyeOutlined />} onClick={() => setReveal(true)}>
                {t('fu.form.reveal')}
              </Button>
            )}
            {can('followup.correct') && (
              <Button size="small" type="primary" icon={<EditOutlined />} onClick={() => setAmending(true)} disabled={pending} data-testid="fu-amend">
                {t('fu.history.amend')}
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 4 }}>
          <Descriptions.Item label={t('fu.col.loan')}>
            <Link to={`/loans/${h.loanId}`}>{h.loanExternalId}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('fu.col.kind')}>{kindLabel(t, h.kind)}</Descriptions.Item>
          <Descriptions.Item label={t('fu.col.channel')}>{channelLabel(t, h.channel)}</Descriptions.Item>
          <Descriptions.Item label={t('fu.history.current')}>
            <Tag color="blue" data-testid="fu-current-version">
              {t('fu.history.version', { n: h.currentVersion })}
            </Tag>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('fu.history.answers')}>
        <VersionsTable history={h} />
      </Card>
      <Card size="small" title={t('fu.history.versions')}>
        <AmendmentTimeline history={h} />
      </Card>
      {h.flags.length > 0 && (
        <Card size="small" title={t('fu.history.flags')}>
          <Table<FlagRow>
            data-testid="fu-flags"
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={h.flags}
            columns={[
              { title: t('fu.done.flags'), dataIndex: 'flag', render: (f: string) => <Tag color="red">{flagLabel(t, f)}</Tag> },
              { title: t('fu.form.itemCol'), dataIndex: 'item', render: (i: string) => itemLabel(t, i) },
              { title: t('fu.history.evidence'), dataIndex: 'evidence' },
              { title: t('fu.history.setOn'), dataIndex: 'setOn' },
              { title: t('fu.history.byVersion'), dataIndex: 'setByVersion', render: (v: number | null) => (v === null ? '—' : t('fu.history.version', { n: v })) },
              { title: t('fu.history.clearedOn'), dataIndex: 'clearedOn', render: (v: string | null) => v ?? '—' },
            ]}
          />
        </Card>
      )}
      {h.facts.length > 0 && (
        <Card size="small" title={t('fu.history.facts')}>
          <Table<FactRow>
            data-testid="fu-facts"
            rowKey="factId"
            size="small"
            pagination={false}
            dataSource={h.facts}
            columns={[
              { title: t('fu.form.itemCol'), dataIndex: 'fact', render: (f: string) => itemLabel(t, f === 'monthly_income_fen' ? 'monthly_income' : f) },
              { title: t('fu.col.status'), dataIndex: 'action', render: (a: string) => factActionLabel(t, a) },
              { title: t('fu.done.verified'), dataIndex: 'verification', render: (v: string) => verificationLabel(t, v) },
              { title: t('fu.history.effective'), dataIndex: 'effectiveFrom' },
              { title: t('fu.history.byVersion'), dataIndex: 'byVersion', render: (v: number | null) => (v === null ? '—' : t('fu.history.version', { n: v })) },
            ]}
          />
        </Card>
      )}
      {amending && <AmendmentModal history={h} onClose={() => setAmending(false)} />}
    </Space>
  );
}
