import { Alert, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { BucketTag } from '../../components/StatusTags.js';
import { formatFen, formatInstant } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import type { CaseDetail } from '../case-types.js';
import { holdKindLabel, segmentLabel } from '../labels.js';
import { OwnerName } from '../OwnerName.js';

/** The loan as the collector needs it before dialling: how late, how much, whose case, any hold. */
export function CaseHeader({ c, canOpenLoan }: { c: CaseDetail; canOpenLoan: boolean }) {
  const { t } = useI18n();
  const activeHolds = c.holds.filter((h) => h.releasedAt === null);
  return (
    <Card size="small">
      <Space wrap align="center">
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="case-title">
          {t('coll.case.title', { id: c.id })}
        </Typography.Title>
        {canOpenLoan ? (
          <Link to={`/loans/${c.loanId}`} data-testid="case-loan-link">
            {c.loanExternalId}
          </Link>
        ) : (
          <span>{c.loanExternalId}</span>
        )}
        <Tag>{c.branchCode}</Tag>
        {c.dpd !== null && (
          <Tag color={c.dpd > 0 ? 'red' : 'green'} data-testid="case-dpd">
            DPD {c.dpd}
          </Tag>
        )}
        <BucketTag bucket={c.bucket} />
        {c.closedOn && <Tag color="default">{t('coll.case.closed', { date: c.closedOn, reason: c.closeReason ?? '' })}</Tag>}
      </Space>
      <Descriptions size="small" column={{ xs: 2, md: 3, xl: 6 }} style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('coll.case.overdue')}>
          <Typography.Text type={c.overdueFen ? 'danger' : undefined} data-testid="case-overdue">
            {formatFen(c.overdueFen)}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('coll.case.dpd')}>{c.dpd ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('coll.case.segment')}>{segmentLabel(t, c.strategy?.segment)}</Descriptions.Item>
        <Descriptions.Item label={t('coll.case.strategy')}>{c.strategy ? `${c.strategy.code} v${c.strategy.version} (${c.strategy.group})` : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('coll.case.owner')}>
          <span data-testid="case-owner">
            <OwnerName owner={c.owner} />
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('coll.case.opened')}>{c.openedOn}</Descriptions.Item>
      </Descriptions>
      {activeHolds.map((h) => (
        <Alert
          key={h.id}
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="case-hold"
          message={t('coll.case.hold', { kind: holdKindLabel(t, h.kind), reason: h.reason, until: h.until ? formatInstant(h.until) : t('coll.case.holdOpen') })}
        />
      ))}
    </Card>
  );
}
