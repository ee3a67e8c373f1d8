import type { Schemas } from '../api/client.js';
import { formatFen, formatFenCompact, formatRatio } from '../format.js';
import type { I18n } from '../i18n/context.js';
import type { Lang } from '../i18n/lang.js';
import { bucketLabel, riskClassColor, riskClassLabel } from '../labels.js';
import type { ChartOption } from './EChart.js';

type Dashboard = Schemas['Dashboard'];
type T = I18n['t'];

// antd's palette, so tags and charts agree on what red means.
const COLORS: Record<string, string> = { green: '#52c41a', gold: '#faad14', orange: '#fa8c16', volcano: '#fa541c', red: '#f5222d', default: '#8c8c8c' };
const BUCKET_COLORS = ['#52c41a', '#faad14', '#fa8c16', '#fa541c', '#f5222d', '#cf1322', '#a8071a', '#820014'];

/** Aging: outstanding principal by DPD bucket (bars), with the count of loans in the tooltip. */
export function agingOption(aging: Dashboard['aging'], t: T, lang: Lang): ChartOption {
  return {
    tooltip: {
      trigger: 'axis',
      formatter: (items: Array<{ dataIndex: number }>) => {
        const a = aging[items[0]?.dataIndex ?? 0];
        return a ? `${bucketLabel(a.bucket)}<br/>${t('loan.outstandingPrincipal')}: ${formatFen(a.outstandingPrincipalFen)}<br/>${t('dashboard.loans')}: ${a.loans}` : '';
      },
    },
    grid: { left: 60, right: 16, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: aging.map((a) => bucketLabel(a.bucket)) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatFenCompact(v, lang) } },
    series: [{ type: 'bar', data: aging.map((a, i) => ({ value: a.outstandingPrincipalFen, itemStyle: { color: BUCKET_COLORS[Math.min(i, BUCKET_COLORS.length - 1)] } })), barMaxWidth: 48 }],
  };
}

/** 五级分类: share of outstanding principal by class (pie). */
export function classOption(classes: Dashboard['riskClasses'], t: T): ChartOption {
  return {
    tooltip: { trigger: 'item', formatter: (p: { dataIndex: number; percent: number }) => { const c = classes[p.dataIndex]; return c ? `${riskClassLabel(t, c.riskClass)}: ${formatFen(c.outstandingPrincipalFen)} (${p.percent}%)<br/>${t('dashboard.loans')}: ${c.loans}` : ''; } },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: ['40%', '70%'],
        center: ['50%', '45%'],
        data: classes.map((c) => ({ name: riskClassLabel(t, c.riskClass), value: c.outstandingPrincipalFen, itemStyle: { color: COLORS[riskClassColor(c.riskClass)] } })),
        label: { formatter: '{b}: {d}%' },
      },
    ],
  };
}

/** Month-end DPD30+ and overdue rates over the last twelve months (lines, in %). */
export function trendOption(trend: Dashboard['trend'], t: T): ChartOption {
  const pct = (r: string | null) => (r === null ? null : Number(r) * 100);
  return {
    tooltip: { trigger: 'axis', formatter: (items: Array<{ dataIndex: number }>) => { const m = trend[items[0]?.dataIndex ?? 0]; return m ? `${m.monthEnd}<br/>${t('dashboard.dpd30Rate')}: ${formatRatio(m.dpd30Rate)}<br/>${t('dashboard.overdueRate')}: ${formatRatio(m.overdueRate)}` : ''; } },
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: trend.map((m) => m.monthEnd.slice(0, 7)) },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: [
      { name: t('dashboard.dpd30Rate'), type: 'line', data: trend.map((m) => pct(m.dpd30Rate)), itemStyle: { color: '#f5222d' }, smooth: true },
      { name: t('dashboard.overdueRate'), type: 'line', data: trend.map((m) => pct(m.overdueRate)), itemStyle: { color: '#fa8c16' }, smooth: true },
    ],
  };
}
