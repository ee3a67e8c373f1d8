import { Alert, Card, DatePicker, Space, Spin, TreeSelect, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { branchTree, useBranches, useBusinessDate } from '../api/queries.js';
import { useSession } from '../auth/context.js';
import { type ChartOption, EChart } from '../dashboard/EChart.js';
import { useI18n } from '../i18n/context.js';
import { branchName } from '../i18n/localized.js';
import { type KpiRow, KpiSummary, RATES } from './KpiSummary.js';
import { KpiTable } from './KpiTable.js';
import { monthStart, useFollowUpKpis } from './useKpis.js';

/** The rates of each branch (or of each agent when one branch is shown), as grouped bars in percent. */
function ratesChart(rows: KpiRow[], name: (r: KpiRow) => string, t: ReturnType<typeof useI18n>['t']): ChartOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '—') },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: rows.map(name) },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: RATES.map((r) => ({ type: 'bar', name: t(r.key), data: rows.map((row) => (row[r.rate] === null ? null : Math.round(Number(row[r.rate]) * 1000) / 10)) })),
  };
}

/** Follow-up KPIs of a branch and the branches under it over a period, per branch and per agent. */
export default function KpisPage() {
  const { t, lang } = useI18n();
  const { me, can } = useSession();
  const [params, setParams] = useSearchParams();
  const today = useBusinessDate().data?.businessDate;
  const branches = useBranches();
  const tree = useMemo(() => branchTree(branches.data ?? [], (b) => branchName(b, lang)), [branches.data, lang]);
  const branchId = Number(params.get('branchId')) || me?.branchId;
  const from = params.get('from') ?? (today ? monthStart(today) : undefined);
  const to = params.get('to') ?? today;
  const kpis = useFollowUpKpis(branchId, from, to);
  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v === undefined) next.delete(k);
    else next.set(k, v);
    setParams(next);
  };
  const data = kpis.data;
  const chart = useMemo(() => {
    if (!data) return null;
    return data.branches.length > 1 ? ratesChart(data.branches, (r) => r.branchCode, t) : ratesChart(data.agents, (r) => r.agentName ?? t('fu.kpi.unassigned'), t);
  }, [data, t]);

  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('fu.kpi.title')}
          </Typography.Title>
          {can('org.read') && <TreeSelect treeDefaultExpandAll style={{ width: 260 }} treeData={tree} value={branchId} onChange={(id?: number) => update({ branchId: id ? String(id) : undefined })} data-testid="fu-kpi-branch" />}
          <Typography.Text type="secondary">{t('fu.kpi.period')}</Typography.Text>
          <DatePicker.RangePicker
            allowClear={false}
            format="YYYY-MM-DD"
            value={from && to ? [dayjs(from), dayjs(to)] : null}
            onChange={(range) => {
              const [a, b] = range ?? [];
              if (a && b) update({ from: a.format('YYYY-MM-DD'), to: b.format('YYYY-MM-DD') });
            }}
          />
        </Space>
      </Card>
      {kpis.error && <Alert type="error" showIcon message={kpis.error.message} />}
      {!data && !kpis.error && <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />}
      {data && (
        <>
          <KpiSummary row={data.total} testId="fu-kpi-total" />
          {chart && (
            <Card size="small">
              <EChart option={chart} testId="fu-kpi-chart" />
            </Card>
          )}
          <Card size="small" title={t('fu.kpi.byBranch')}>
            <KpiTable rows={data.branches} by="branch" testId="fu-kpi-branches" />
          </Card>
          <Card size="small" title={t('fu.kpi.byAgent')}>
            <KpiTable rows={data.agents} by="agent" testId="fu-kpi-agents" />
          </Card>
        </>
      )}
    </Space>
  );
}
