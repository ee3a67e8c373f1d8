import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Table, Tag, Typography } from 'antd';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { useI18n } from '../../i18n/context.js';

type Feature = Schemas['WarningFeature'];

/** The documented loan features an expression may read; clicking one puts its name into the expression. */
export function FeatureList({ onPick }: { onPick: (name: string) => void }) {
  const { t, lang } = useI18n();
  const q = useQuery({ queryKey: ['risk', 'warning-features'], queryFn: () => unwrap(api.GET('/api/v1/warning-features')), staleTime: Infinity });
  return (
    <Card size="small" title={t('risk.indicator.features')}>
      {q.error && <Alert type="error" showIcon message={q.error.message} />}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('risk.indicator.featuresHelp')}
      </Typography.Paragraph>
      <Table<Feature>
        data-testid="features-table"
        size="small"
        rowKey="name"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={false}
        scroll={{ y: 360 }}
        onRow={(f) => ({ onClick: () => onPick(f.name), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('risk.indicator.feature'), dataIndex: 'name', render: (n: string) => <Typography.Text code>{n}</Typography.Text> },
          { title: t('risk.indicator.type'), dataIndex: 'type', width: 80, render: (ty: Feature['type']) => <Tag>{t(`risk.indicator.type.${ty}`)}</Tag> },
          { title: t('risk.indicator.meaning'), key: 'meaning', render: (_: unknown, f) => (lang === 'zh-CN' ? f.zh : f.en) },
          { title: t('risk.indicator.source'), dataIndex: 'source', render: (s: string) => <Typography.Text type="secondary" style={{ fontSize: 12 }}>{s}</Typography.Text> },
        ]}
      />
    </Card>
  );
}
