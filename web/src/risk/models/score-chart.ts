import type { Schemas } from '../../api/client.js';
import type { ChartOption } from '../../dashboard/EChart.js';
import type { MessageKey, Vars } from '../../i18n/translate.js';

type Distribution = Schemas['ScoreDistribution'];

const GRADE_COLORS: Record<string, string> = { A: '#389e0d', B: '#7cb305', C: '#d4b106', D: '#d46b08', E: '#cf1322' };

/** Loans by grade (bars coloured A green to E red). */
export function gradeOption(d: Distribution, t: (key: MessageKey, vars?: Vars) => string): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, top: 24, bottom: 32 },
    xAxis: { type: 'category', name: t('risk.score.grade'), data: d.byGrade.map((g) => g.grade) },
    yAxis: { type: 'value', name: t('risk.score.loans') },
    series: [{ type: 'bar', name: t('risk.score.loans'), data: d.byGrade.map((g) => ({ value: g.count, itemStyle: { color: GRADE_COLORS[g.grade] } })) }],
  };
}

/** Loans by score band, every band from the lowest to the highest shown (empty ones at 0), stacked by grade. */
export function bandOption(d: Distribution, t: (key: MessageKey, vars?: Vars) => string): ChartOption {
  const bands: number[] = [];
  const lo = d.byBand[0]?.band;
  const hi = d.byBand.at(-1)?.band;
  if (lo !== undefined && hi !== undefined) for (let b = lo; b <= hi; b += d.bandWidth) bands.push(b);
  const grades = d.byGrade.map((g) => g.grade).filter((g) => d.items.some((x) => x.grade === g));
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 32 },
    xAxis: { type: 'category', name: t('risk.score.band'), data: bands.map((b) => `${b}–${b + d.bandWidth - 1}`) },
    yAxis: { type: 'value', name: t('risk.score.loans') },
    series: grades.map((g) => ({
      type: 'bar',
      stack: 'grade',
      name: g,
      itemStyle: { color: GRADE_COLORS[g] },
      data: bands.map((b) => d.items.filter((x) => x.grade === g && x.band === b).reduce((s, x) => s + x.count, 0)),
    })),
  };
}
