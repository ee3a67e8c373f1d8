import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Row, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import { useBusinessDate } from '../../api/queries.js';
import { Loading } from '../../auth/Guard.js';
import { useSession } from '../../auth/context.js';
import { useI18n } from '../../i18n/context.js';
import { riskKeys } from '../keys.js';
import { SeverityTag } from '../severity.js';
import { type Indicator, latestVersions } from './draft.js';
import { FeatureList } from './FeatureList.js';
import { IndicatorForm } from './IndicatorForm.js';

const HEAD_OFFICE_PATH = '/HO/';

/** Head office's early-warning indicators: the library (latest version of each), the editor, and the features it may use. */
export default function IndicatorEditorPage() {
  const { t, lang } = useI18n();
  const businessDate = useBusinessDate();
  // the library is head office's: the server takes a publication only from a user scoped there
  const headOffice = useSession().me?.branchPath === HEAD_OFFICE_PATH;
  const list = useQuery({ queryKey: riskKeys.indicators, queryFn: () => unwrap(api.GET('/api/v1/warning-indicators')) });
  const thresholds = useQuery({ queryKey: ['risk', 'ltv-thresholds'], queryFn: () => unwrap(api.GET('/api/v1/ltv-thresholds')), staleTime: 5 * 60_000 });
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [insert, setInsert] = useState<{ name: string; seq: number } | null>(null);
  const latest = useMemo(() => latestVersions(list.data?.items ?? []), [list.data]);
  const base: Indicator | null = creating ? null : (latest.find((i) => i.code === selected) ?? null);
  const products = useMemo(() => (thresholds.data?.items ?? []).map((x) => x.product), [thresholds.data]);
  if (!businessDate.data) return <Loading />;

  return (
    <Row gutter={12}>
      <Col xs={24} xl={10}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Card
            size="small"
            title={t('nav.risk.indicators')}
            extra={
              <Button size="small" icon={<PlusOutlined />} onClick={() => { setCreating(true); setSelected(null); }} data-testid="indicator-new">
                {t('risk.indicator.new')}
              </Button>
            }
          >
            {list.error && <Alert type="error" showIcon message={list.error.message} />}
            <Table
              data-testid="indicators-table"
              size="small"
              rowKey="code"
              loading={list.isLoading}
              dataSource={latest}
              pagination={false}
              rowClassName={(i) => (i.code === base?.code ? 'ant-table-row-selected' : '')}
              onRow={(i) => ({ onClick: () => { setSelected(i.code); setCreating(false); }, style: { cursor: 'pointer' } })}
              columns={[
                { title: t('risk.indicator.code'), dataIndex: 'code', render: (c: string, i) => <><Typography.Text code>{c}</Typography.Text> <Tag>v{i.version}</Tag></> },
                { title: t('risk.indicator.name'), key: 'name', render: (_: unknown, i) => (lang === 'zh-CN' ? i.nameZh : i.nameEn) },
                { title: t('risk.alerts.severity'), dataIndex: 'severity', width: 80, render: (s: Indicator['severity']) => <SeverityTag severity={s} /> },
                { title: t('risk.indicator.effective'), key: 'effective', width: 190, render: (_: unknown, i) => `${i.effectiveFrom} → ${i.effectiveTo ?? '∞'}` },
              ]}
            />
          </Card>
          <FeatureList onPick={(name) => setInsert((prev) => ({ name, seq: (prev?.seq ?? 0) + 1 }))} />
        </Space>
      </Col>
      <Col xs={24} xl={14}>
        <Card size="small" title={base ? t('risk.indicator.editing', { code: base.code, version: base.version }) : creating ? t('risk.indicator.new') : t('risk.indicator.pick')}>
          {base || creating ? (
            <>
              {!headOffice && <Alert type="info" showIcon message={t('risk.indicator.headOfficeOnly')} style={{ marginBottom: 12 }} />}
              {base && <Typography.Paragraph type="secondary">{t('risk.indicator.lastReason', { by: base.createdBy, reason: base.reason })}</Typography.Paragraph>}
              <IndicatorForm
                key={base ? `${base.code}/${base.version}` : 'new'}
                base={base}
                canPublish={headOffice}
                products={products}
                businessDate={businessDate.data.businessDate}
                insert={insert}
                onPublished={(code) => {
                  setCreating(false);
                  setSelected(code);
                }}
              />
            </>
          ) : (
            <Typography.Text type="secondary">{t('risk.indicator.pickHelp')}</Typography.Text>
          )}
        </Card>
      </Col>
    </Row>
  );
}
