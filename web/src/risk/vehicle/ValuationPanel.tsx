import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Empty, Space, Table, Tag } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { Loading } from '../../auth/Guard.js';
import { formatCount, formatFen, formatInstant } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { riskKeys } from '../keys.js';
import { AppraisalModal } from './AppraisalModal.js';
import { valuationOption } from './valuation-chart.js';

const EChart = lazy(() => import('../../dashboard/EChart.js').then((m) => ({ default: m.EChart })));

type Valuation = NonNullable<Schemas['ValuationHistory']['history'][number]>;


/** Valuation history (chart and table) and the manual appraisals of one vehicle, with the form to add one. */
export function ValuationPanel({ vehicleId, canRecord, businessDate }: { vehicleId: number; canRecord: boolean; businessDate: string }) {
  const { t, lang } = useI18n();
  const [adding, setAdding] = useState(false);
  const q = useQuery({ queryKey: riskKeys.valuations(vehicleId), queryFn: () => unwrap(api.GET('/api/v1/vehicles/{id}/valuations', { params: { path: { id: vehicleId } } })) });
  const option = useMemo(() => (q.data ? valuationOption(q.data.history.filter((v): v is Valuation => v !== null), t, lang) : null), [q.data, t, lang]);
  if (q.error) return <Alert type="error" showIcon message={q.error.message} />;
  if (!q.data) return <Loading />;
  const { current, appraisals } = q.data;
  const history = q.data.history.filter((v): v is Valuation => v !== null);
  return (
    <Card
      size="small"
      title={t('risk.valuation.title')}
      extra={
        canRecord && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-appraisal">
            {t('risk.appraisal.add')}
          </Button>
        )
      }
    >
      {current ? (
        <Descriptions size="small" column={{ xs: 1, md: 4 }} data-testid="valuation-current">
          <Descriptions.Item label={t('risk.valuation.current')}>{formatFen(current.valueFen)}</Descriptions.Item>
          <Descriptions.Item label={t('risk.valuation.basis')}>{t(`risk.valuation.basis.${current.basis}`)}</Descriptions.Item>
          <Descriptions.Item label={t('risk.valuation.valuedOn')}>{current.valuedOn}</Descriptions.Item>
          <Descriptions.Item label={t('risk.valuation.segment')}>{current.segment}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Empty description={t('risk.valuation.none')} />
      )}
      {history.length > 0 && option && (
        <Suspense fallback={<Loading />}>
          <EChart option={option} testId="valuation-chart" style={{ height: 240 }} />
        </Suspense>
      )}
      <Space direction="vertical" style={{ width: '100%' }}>
        <Table<Valuation>
          data-testid="valuation-table"
          size="small"
          rowKey="valuedOn"
          dataSource={history}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: t('risk.valuation.valuedOn'), dataIndex: 'valuedOn', width: 110 },
            { title: t('risk.valuation.value'), dataIndex: 'valueFen', align: 'right', render: formatFen },
            { title: t('risk.valuation.basis'), dataIndex: 'basis', render: (b: Valuation['basis']) => <Tag color={b === 'appraisal' ? 'blue' : 'default'}>{t(`risk.valuation.basis.${b}`)}</Tag> },
            { title: t('risk.valuation.model'), dataIndex: 'modelValueFen', align: 'right', render: formatFen },
            { title: t('risk.valuation.age'), dataIndex: 'ageYears', align: 'right', render: (v: number) => v.toFixed(1) },
            { title: t('risk.valuation.km'), dataIndex: 'kmEstimate', align: 'right', render: formatCount },
            { title: t('risk.valuation.index'), key: 'index', align: 'right', render: (_: unknown, r) => (r.indexNow === null ? '—' : `${r.indexBase ?? '—'} → ${r.indexNow}`) },
          ]}
        />
        <Table
          data-testid="appraisals-table"
          size="small"
          rowKey="id"
          title={() => t('risk.appraisal.title')}
          dataSource={appraisals}
          pagination={false}
          locale={{ emptyText: t('risk.appraisal.none') }}
          columns={[
            { title: t('risk.appraisal.appraisedOn'), dataIndex: 'appraisedOn', width: 110 },
            { title: t('risk.valuation.value'), dataIndex: 'valueFen', align: 'right', render: formatFen },
            { title: t('risk.appraisal.source'), dataIndex: 'source' },
            { title: t('risk.appraisal.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
            { title: t('risk.recordedBy'), dataIndex: 'recordedBy' },
            { title: t('risk.recordedAt'), dataIndex: 'recordedAt', render: formatInstant },
          ]}
        />
      </Space>
      {adding && <AppraisalModal vehicleId={vehicleId} businessDate={businessDate} onClose={() => setAdding(false)} />}
    </Card>
  );
}
