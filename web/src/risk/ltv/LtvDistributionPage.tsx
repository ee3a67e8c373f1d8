import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Segmented, Space, Table, TreeSelect, Typography } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import { branchTree, useBranches } from '../../api/queries.js';
import { Loading } from '../../auth/Guard.js';
import { formatCount, formatFen } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { branchName } from '../../i18n/localized.js';
import { formatBp } from '../severity.js';
import { type Band, BandLoans } from './BandLoans.js';
import { bandColor, bandLabel, distributionOption, type Measure, productsShown } from './ltv-chart.js';

const EChart = lazy(() => import('../../dashboard/EChart.js').then((m) => ({ default: m.EChart })));

/** LTV distribution of a branch subtree: loans and outstanding principal by band and product; a bar opens its loans. */
export default function LtvDistributionPage() {
  const { t, lang } = useI18n();
  const [branchId, setBranchId] = useState<number | undefined>();
  const [measure, setMeasure] = useState<Measure>('outstanding');
  const [picked, setPicked] = useState<{ band: Band; product: string | undefined } | null>(null);
  const branches = useBranches();
  const q = useQuery({ queryKey: ['risk', 'ltv-distribution', { branchId }], queryFn: () => unwrap(api.GET('/api/v1/ltv-distribution', { params: { query: branchId ? { branchId } : {} } })) });
  const option = useMemo(() => (q.data ? distributionOption(q.data, measure, t, lang) : null), [q.data, measure, t, lang]);
  const products = useMemo(() => (q.data ? productsShown(q.data, lang) : []), [q.data, lang]);
  const tree = useMemo(() => branchTree(branches.data ?? [], (b) => branchName(b, lang)), [branches.data, lang]);

  const d = q.data;
  const totals = d
    ? d.bands.map((b, i) => {
        const cells = d.cells.filter((c) => c.band === b.code);
        return { key: b.code, index: i, label: bandLabel(b, t), loans: cells.reduce((s, c) => s + c.loans, 0), outstandingFen: cells.reduce((s, c) => s + c.outstandingFen, 0) };
      })
    : [];
  const allOutstanding = totals.reduce((s, r) => s + r.outstandingFen, 0);
  const pickedBand = picked && d?.bands.find((b) => b.code === picked.band);
  const threshold = (product: string) => d?.products.find((p) => p.code === product)?.thresholdBp ?? null;

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('nav.risk.ltv')}
        extra={
          <Space wrap>
            {tree.length > 0 && (
              <TreeSelect
                style={{ width: 220 }}
                allowClear
                placeholder={t('risk.ltv.myBranches')}
                treeData={tree}
                treeDefaultExpandAll
                value={branchId}
                onChange={(v: number | undefined) => {
                  setBranchId(v);
                  setPicked(null);
                }}
              />
            )}
            <Segmented<Measure> value={measure} onChange={setMeasure} options={[{ value: 'outstanding', label: t('loan.outstandingPrincipal') }, { value: 'loans', label: t('risk.ltv.loans') }]} />
          </Space>
        }
      >
        {q.error && <Alert type="error" showIcon message={q.error.message} />}
        {!d ? (
          <Loading />
        ) : d.asOf === null ? (
          <Alert type="info" showIcon message={t('risk.ltv.notMeasured')} />
        ) : (
          <>
            <Typography.Text type="secondary">{t('risk.ltv.asOfNote', { date: d.asOf, branch: d.branch.code })}</Typography.Text>
            {option && (
              <Suspense fallback={<Loading />}>
                <EChart
                  option={option}
                  testId="ltv-chart"
                  style={{ height: 320 }}
                  onClick={(index, series) => {
                    const band = d.bands[index];
                    if (band) setPicked({ band: band.code as Band, product: products[series]?.code });
                  }}
                />
              </Suspense>
            )}
            <Table
              data-testid="ltv-bands"
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={totals}
              onRow={(r) => ({ onClick: () => setPicked({ band: r.key as Band, product: undefined }), style: { cursor: 'pointer' } })}
              columns={[
                { title: t('risk.ltv.band'), dataIndex: 'label', render: (v: string, r) => <span style={{ borderLeft: `4px solid ${bandColor(r.index)}`, paddingLeft: 6 }}>{v}</span> },
                { title: t('risk.ltv.loans'), dataIndex: 'loans', align: 'right', render: formatCount },
                { title: t('loan.outstandingPrincipal'), dataIndex: 'outstandingFen', align: 'right', render: formatFen },
                { title: t('risk.ltv.share'), key: 'share', align: 'right', render: (_: unknown, r) => (allOutstanding === 0 ? '—' : `${((100 * r.outstandingFen) / allOutstanding).toFixed(1)}%`) },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              {t('risk.ltv.thresholds')}: {d.products.filter((p) => p.thresholdBp !== null).map((p) => `${lang === 'zh-CN' ? p.nameZh : p.nameEn} ${formatBp(p.thresholdBp)}`).join(' · ') || '—'}
            </Typography.Paragraph>
          </>
        )}
      </Card>
      {picked && pickedBand && (
        <BandLoans
          key={`${picked.band}/${picked.product ?? ''}/${branchId ?? ''}`}
          band={picked.band}
          bandText={bandLabel(pickedBand, t)}
          product={picked.product}
          productName={products.find((p) => p.code === picked.product)?.name}
          branchId={branchId}
          thresholdBp={threshold}
        />
      )}
    </Space>
  );
}
