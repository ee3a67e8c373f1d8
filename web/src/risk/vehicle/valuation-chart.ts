import type { Schemas } from '../../api/client.js';
import type { ChartOption } from '../../dashboard/EChart.js';
import { formatFen, formatFenCompact } from '../../format.js';
import type { I18n } from '../../i18n/context.js';

type Valuation = NonNullable<Schemas['ValuationHistory']['history'][number]>;

/**
 * The vehicle's value over time: the value used for LTV (appraisal or model) and the model's own
 * value beside it, so an appraisal that overrides the model shows as the gap between the two lines.
 * The history arrives newest first and has a row only where the value changed: drawn as steps.
 */
export function valuationOption(history: readonly Valuation[], t: I18n['t'], lang: I18n['lang']): ChartOption {
  const rows = [...history].reverse();
  return {
    tooltip: {
      trigger: 'axis',
      formatter: (items: Array<{ dataIndex: number }>) => {
        const r = rows[items[0]?.dataIndex ?? 0];
        return r ? `${r.valuedOn}<br/>${t('risk.valuation.value')}: ${formatFen(r.valueFen)} (${t(`risk.valuation.basis.${r.basis}`)})<br/>${t('risk.valuation.model')}: ${formatFen(r.modelValueFen)}` : '';
      },
    },
    legend: { bottom: 0 },
    grid: { left: 64, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: rows.map((r) => r.valuedOn) },
    yAxis: { type: 'value', scale: true, axisLabel: { formatter: (v: number) => formatFenCompact(v, lang) } },
    series: [
      { name: t('risk.valuation.value'), type: 'line', step: 'end', data: rows.map((r) => r.valueFen), itemStyle: { color: '#1677ff' } },
      { name: t('risk.valuation.model'), type: 'line', step: 'end', data: rows.map((r) => r.modelValueFen), lineStyle: { type: 'dashed' }, itemStyle: { color: '#8c8c8c' } },
    ],
  };
}
