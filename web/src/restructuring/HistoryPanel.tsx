import { Alert, Card, Descriptions, Empty, List, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { formatDate, formatFen } from '../format.js';
import { useI18n } from '../i18n/context.js';
import { causeLabel, STATUS_COLOR, statusLabel, type Terms, termsSummary } from './labels.js';
import { ScheduleRows } from './PreviewCompare.js';
import { useLoanRestructurings } from './queries.js';

type VersionCause = 'origination' | 'prepayment' | 'restructuring';
const versionCause = (c: string): VersionCause => (c === 'prepayment' || c === 'restructuring' ? c : 'origination');

/** A loan's restructurings, its assessments, and every schedule version it has had: the old ones stay readable. */
export function HistoryPanel({ loanId }: { loanId: number }) {
  const { t, lang } = useI18n();
  const history = useLoanRestructurings(loanId);
  const [picked, setPicked] = useState<number | null>(null);
  if (history.error) return <Alert type="error" showIcon message={history.error.message} />;
  if (!history.data) return <Spin />;
  const h = history.data;
  const shown = h.versions.find((v) => v.version === (picked ?? h.currentVersion)) ?? h.versions[h.versions.length - 1];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="rs-history">
      <Card size="small" title={t('rs.history.restructurings')}>
        {h.restructurings.length === 0 ? (
          <Empty description={t('rs.history.none')} />
        ) : (
          <List
            size="small"
            dataSource={h.restructurings}
            renderItem={(r) => (
              <List.Item data-testid={`rs-history-${r.id}`}>
                <Space direction="vertical" size={2}>
                  <Space wrap>
                    <Typography.Text strong>#{r.id}</Typography.Text>
                    <Tag color={STATUS_COLOR[r.status]}>{statusLabel(t, r.status)}</Tag>
                    <span>{termsSummary(t, r.terms as Terms)}</span>
                    {r.toVersion !== null && r.fromVersion !== r.toVersion && <Tag>{`v${r.fromVersion} → v${r.toVersion}`}</Tag>}
                    {r.observed && <Tag color="gold">{t('rs.report.observing')}</Tag>}
                  </Space>
                  <Typography.Text type="secondary">{`${r.requestedBy} · ${formatDate(r.effectiveOn)} · ${r.reason}`}</Typography.Text>
                  {r.decidedBy && <Typography.Text type="secondary">{`${t('rs.history.decided', { by: r.decidedBy, on: formatDate(r.decidedOn) })}: ${r.decisionReason ?? ''}`}</Typography.Text>}
                  {r.observationStart && <Typography.Text type="secondary">{t('rs.history.observation', { start: r.observationStart, end: formatDate(r.observationEarliestEnd) })}</Typography.Text>}
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
      {h.assessments.length > 0 && (
        <Card size="small" title={t('rs.history.assessments')}>
          <List
            size="small"
            dataSource={h.assessments}
            renderItem={(a) => (
              <List.Item>
                <Descriptions size="small" column={{ xs: 1, md: 3 }}>
                  <Descriptions.Item label={t('rs.hardship.cause')}>{causeLabel(t, a.cause)}</Descriptions.Item>
                  <Descriptions.Item label={t('rs.hardship.incomeNow')}>{formatFen(a.incomeNowFen)}</Descriptions.Item>
                  <Descriptions.Item label={t('rs.hardship.incomeAtApplication')}>{formatFen(a.incomeAtApplicationFen)}</Descriptions.Item>
                  <Descriptions.Item label={t('rs.hardship.evidence')}>{a.evidence.join('; ') || '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('rs.hardship.flags')}>{a.flags.map((f) => (lang === 'zh-CN' ? f.zh : f.en)).join('; ') || '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('rs.limits.setBy')}>{`${a.recordedBy} · ${a.assessedOn}`}</Descriptions.Item>
                </Descriptions>
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card
        size="small"
        title={t('rs.history.versions')}
        extra={
          <Segmented
            data-testid="rs-versions"
            value={shown?.version}
            onChange={(v) => setPicked(Number(v))}
            options={h.versions.map((v) => ({
              value: v.version,
              label: `${t('rs.history.version', { version: v.version })} · ${t(`rs.history.cause.${versionCause(v.cause)}`)}${v.current ? ` · ${t('rs.history.current')}` : ''}`,
            }))}
          />
        }
      >
        {shown && <ScheduleRows rows={shown.installments} testId="rs-version-schedule" />}
      </Card>
    </Space>
  );
}
