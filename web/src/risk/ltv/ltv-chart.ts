import type { Schemas } from '../../api/client.js';
import type { ChartOption } from '../../dashboard/EChart.js';
import { formatCount, formatFen, formatFenCompact } from '../../format.js';
import type { I18n } from '../../i18n/context.js';

type Distribution = Schemas['LtvDistribution'];
export type Measure = 'outstanding' | 'loans';

// green below 80 %, warming to red past 100 %, dark red for collateral worth nothing
const BAND_TONE = ['#52c41a', '#95de64', '#fadb14', '#faad14', '#fa8c16', '#f5222d', '#a8071a', '#5c0011'];
const PRODUCT_COLORS = ['#1677ff', '#13c2c2', '#722ed1', '#eb2f96', '#fa8c16', '#52c41a'];

export function bandLabel(band: Distribution['bands'][number], t: I18n['t']): string {
  const pct = (bp: number) => `${bp / 100}%`;
  if (band.fromBp === null) return t('risk.ltv.bandNone');
  if (band.toBp === null) return `≥${pct(band.fromBp)}`;
  if (band.fromBp === 0) return `<${pct(band.toBp)}`;
  return `${pct(band.fromBp)}–${pct(band.toBp)}`;
}

export const bandColor = (index: number) => BAND_TONE[Math.min(index, BAND_TONE.length - 1)]!;

/** The products present, in the API's order, with their names in the user's language. */
export function productsShown(d: Distribution, lang: I18n['lang']) {
  const present = new Set(d.cells.map((c) => c.product));
  return d.products.filter((p) => present.has(p.code)).map((p) => ({ ...p, name: lang === 'zh-CN' ? p.nameZh : p.nameEn }));
}

/** Bars by band, stacked by product; the tooltip gives both measures of every product in the band. */
export function distributionOption(d: Distribution, measure: Measure, t: I18n['t'], lang: I18n['lang']): ChartOption {
  const products = productsShown(d, lang);
  const cell = (band: string, product: string) => d.cells.find((c) => c.band === band && c.product === product);
  const value = (band: string, product: string) => {
    const c = cell(band, product);
    return c ? (measure === 'loans' ? c.loans : c.outstandingFen) : 0;
  };
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: Array<{ dataIndex: number }>) => {
        const band = d.bands[items[0]?.dataIndex ?? 0];
        if (!band) return '';
        const lines = products.map((p) => {
          const c = cell(band.code, p.code);
          return `${p.name}: ${formatCount(c?.loans ?? 0)} · ${formatFen(c?.outstandingFen ?? 0)}`;
        });
        return [`${t('risk.ltv.band')} ${bandLabel(band, t)}`, ...lines].join('<br/>');
      },
    },
    legend: { bottom: 0 },
    grid: { left: 64, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: d.bands.map((b) => bandLabel(b, t)) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => (measure === 'loans' ? formatCount(v) : formatFenCompact(v, lang)) } },
    series: products.map((p, i) => ({
      name: p.name,
      type: 'bar',
      stack: 'products',
      barMaxWidth: 56,
      itemStyle: { color: PRODUCT_COLORS[i % PRODUCT_COLORS.length] },
      data: d.bands.map((b) => value(b.code, p.code)),
    })),
  };
}
