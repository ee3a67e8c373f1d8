import { Card, Col, Row, Statistic, Typography } from 'antd';
import type { Schemas } from '../api/client.js';
import { formatCount, formatRatio } from '../format.js';
import { useI18n } from '../i18n/context.js';
import type { MessageKey } from '../i18n/translate.js';

export type KpiRow = Schemas['FollowUpKpis']['total'];

/** A rate the API sends as a number 0..1 (null: nothing to divide by), as a percentage. */
export const rateText = (rate: number | null) => formatRatio(rate === null ? null : String(rate));

/** The five follow-up KPIs: each rate with the counts it is made of. */
export const RATES: readonly { key: MessageKey; rate: keyof KpiRow; part: keyof KpiRow; whole: keyof KpiRow; bad: boolean }[] = [
  { key: 'fu.kpi.slaRate', rate: 'slaRate', part: 'doneWithinSla', whole: 'due', bad: false },
  { key: 'fu.kpi.discrepancyRate', rate: 'discrepancyRate', part: 'discrepancies', whole: 'completed', bad: true },
  { key: 'fu.kpi.unreachableRate', rate: 'unreachableRate', part: 'unreachable', whole: 'completed', bad: true },
  { key: 'fu.kpi.correctionRate', rate: 'correctionRate', part: 'corrected', whole: 'completed', bad: true },
  { key: 'fu.kpi.qaErrorRate', rate: 'qaErrorRate', part: 'qaWithErrors', whole: 'qaScored', bad: true },
];

export function KpiSummary({ row, testId }: { row: KpiRow; testId?: string }) {
  const { t } = useI18n();
  return (
    <Row gutter={[12, 12]} data-testid={testId}>
      {RATES.map((r) => (
        <Col key={r.rate} xs={12} md={8} xl={4}>
          <Card size="small" data-testid={`fu-kpi-${r.rate}`}>
            <Statistic title={t(r.key)} value={rateText(row[r.rate] as number | null)} valueStyle={r.bad && Number(row[r.rate] ?? 0) > 0.2 ? { color: '#cf1322' } : undefined} />
            <Typography.Text type="secondary">{t('fu.kpi.ofN', { part: formatCount(row[r.part] as number), whole: formatCount(row[r.whole] as number) })}</Typography.Text>
          </Card>
        </Col>
      ))}
      <Col xs={12} md={8} xl={4}>
        <Card size="small" data-testid="fu-kpi-done">
          <Statistic title={t('fu.kpi.done')} value={formatCount(row.done)} />
          <Typography.Text type="secondary">
            {t('fu.kpi.due')} {formatCount(row.due)}
          </Typography.Text>
        </Card>
      </Col>
    </Row>
  );
}
