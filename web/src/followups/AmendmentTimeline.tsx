import { Space, Tag, Timeline, Typography } from 'antd';
import { formatInstant } from '../format.js';
import { useI18n } from '../i18n/context.js';
import { DerivedSummary } from './DerivedSummary.js';
import { AMEND_COLOR, amendStatusLabel, answerText, itemLabel, sourceLabel, verdictLabel } from './labels.js';
import type { History } from './types.js';

/** The versions in the order they were made: who recorded or filed each, when, why, and who decided it. */
export function AmendmentTimeline({ history }: { history: History }) {
  const { t } = useI18n();
  const o = history.original;
  const items = [
    {
      key: 'v0',
      color: 'blue',
      children: (
        <Space direction="vertical" size={2}>
          <Typography.Text strong>{t('fu.history.original')}</Typography.Text>
          <Typography.Text data-testid="fu-original-by">
            {t('fu.history.byOn', { who: o.by, date: o.on })} <Typography.Text type="secondary">{formatInstant(o.at)}</Typography.Text>
          </Typography.Text>
          {o.note && <Typography.Text type="secondary">{o.note}</Typography.Text>}
          <DerivedSummary derived={o.derived} compact />
        </Space>
      ),
    },
    ...history.amendments.map((a) => ({
      key: `a${a.id}`,
      color: a.status === 'rejected' ? 'red' : a.status === 'pending' ? 'gold' : 'green',
      children: (
        <Space direction="vertical" size={2} data-testid={`fu-amendment-${a.id}`}>
          <Space size={4} wrap>
            <Typography.Text strong>{a.version === null ? `#${a.id}` : t('fu.history.version', { n: a.version })}</Typography.Text>
            <Tag color={AMEND_COLOR[a.status]} data-testid={`fu-amendment-status-${a.id}`}>
              {amendStatusLabel(t, a.status)}
            </Tag>
            <Tag>{sourceLabel(t, a.source)}</Tag>
          </Space>
          <Typography.Text>
            {t('fu.history.madeBy')}: {t('fu.history.byOn', { who: a.madeBy, date: a.madeOn })} <Typography.Text type="secondary">{formatInstant(a.madeAt)}</Typography.Text>
          </Typography.Text>
          <Typography.Text>
            {t('fu.history.reason')}: {a.reason}
          </Typography.Text>
          <Typography.Text>
            {t('fu.history.changes')}:{' '}
            {a.changes.map((c) => (
              <Tag key={c.item}>
                {itemLabel(t, c.item)} → {answerText(t, c.item, c.heard)} ({verdictLabel(t, c.verdict)})
              </Tag>
            ))}
          </Typography.Text>
          {a.decidedBy !== null && a.decidedOn !== null && (
            <Typography.Text data-testid={`fu-amendment-decided-${a.id}`}>
              {t('fu.history.decidedBy')}: {t('fu.history.byOn', { who: a.decidedBy, date: a.decidedOn })} <Typography.Text type="secondary">{formatInstant(a.decidedAt)}</Typography.Text>
              {a.decisionReason && ` · ${t('fu.history.decisionReason')}: ${a.decisionReason}`}
            </Typography.Text>
          )}
        </Space>
      ),
    })),
  ];
  return <Timeline data-testid="fu-timeline" items={items} />;
}
