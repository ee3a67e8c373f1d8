import { Alert, Col, Descriptions, Row, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { Schemas } from '../api/client.js';
import { formatDate, formatFen } from '../format.js';
import { useI18n } from '../i18n/context.js';

type ScheduleRow = Schemas['RestructuringScheduleRow'];

/** The comparison the server computes (src/domain/restructuring/options.ts Restructured.comparison). */
export interface Comparison {
  oldMaturity?: string;
  newMaturity?: string;
  interestDifferenceFen?: number;
  oldTotalOwedFen?: number;
  newTotalOwedFen?: number;
  newRegularPaymentFen?: number;
}

export function ScheduleRows({ rows, testId, changedFrom }: { rows: readonly ScheduleRow[]; testId: string; changedFrom?: number }) {
  const { t } = useI18n();
  const columns: TableProps<ScheduleRow>['columns'] = [
    { title: '#', dataIndex: 'seq', width: 48 },
    { title: t('rs.col.dueDate'), dataIndex: 'dueDate', width: 106, render: formatDate },
    { title: t('rs.col.principal'), dataIndex: 'principalFen', align: 'right', render: formatFen },
    { title: t('rs.col.interest'), dataIndex: 'interestFen', align: 'right', render: formatFen },
    { title: t('rs.col.payment'), dataIndex: 'paymentFen', align: 'right', render: formatFen },
    { title: t('rs.col.balance'), dataIndex: 'balanceAfterFen', align: 'right', render: formatFen },
  ];
  return (
    <Table<ScheduleRow>
      data-testid={testId}
      rowKey="seq"
      size="small"
      columns={columns}
      dataSource={[...rows]}
      pagination={false}
      scroll={{ y: 360 }}
      // rows from the first one the change touches are tinted, so the eye finds where the plans part
      onRow={(r) => ({ style: changedFrom !== undefined && r.seq >= changedFrom ? { background: '#f6ffed' } : undefined })}
    />
  );
}

/**
 * Old against new before anything is decided: maturity, interest difference, totals, the new
 * installment, and both schedules side by side. Installments already due are the same in both.
 */
export function PreviewCompare(props: {
  effectiveOn: string;
  comparison: Comparison;
  oldSchedule: readonly ScheduleRow[] | null;
  newSchedule: readonly ScheduleRow[] | null;
  waivedPenaltyFen?: number | undefined;
  capitalisedFen?: number | undefined;
  extraMonths?: number | undefined;
}) {
  const { t } = useI18n();
  const c = props.comparison;
  const firstChanged = props.newSchedule?.find((r, i) => {
    const o = props.oldSchedule?.[i];
    return !o || o.dueDate !== r.dueDate || o.paymentFen !== r.paymentFen;
  })?.seq;
  const diff = c.interestDifferenceFen ?? 0;
  return (
    <div data-testid="rs-preview">
      <Typography.Title level={5}>{t('rs.preview.title', { date: props.effectiveOn })}</Typography.Title>
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('rs.preview.oldMaturity')}>{formatDate(c.oldMaturity)}</Descriptions.Item>
        <Descriptions.Item label={t('rs.preview.newMaturity')}>
          <strong data-testid="rs-new-maturity">{formatDate(c.newMaturity)}</strong>
        </Descriptions.Item>
        <Descriptions.Item label={t('rs.preview.interestDifference')}>
          <Typography.Text data-testid="rs-interest-difference" type={diff > 0 ? 'danger' : diff < 0 ? 'success' : undefined}>
            {diff > 0 ? '+' : ''}
            {formatFen(diff)}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('rs.preview.oldTotal')}>{formatFen(c.oldTotalOwedFen)}</Descriptions.Item>
        <Descriptions.Item label={t('rs.preview.newTotal')}>{formatFen(c.newTotalOwedFen)}</Descriptions.Item>
        <Descriptions.Item label={t('rs.preview.newPayment')}>{formatFen(c.newRegularPaymentFen)}</Descriptions.Item>
        {props.waivedPenaltyFen !== undefined && <Descriptions.Item label={t('rs.preview.waived')}>{formatFen(props.waivedPenaltyFen)}</Descriptions.Item>}
        {props.capitalisedFen !== undefined && <Descriptions.Item label={t('rs.preview.capitalised')}>{formatFen(props.capitalisedFen)}</Descriptions.Item>}
        {props.extraMonths !== undefined && <Descriptions.Item label={t('rs.preview.extraMonths')}>{props.extraMonths}</Descriptions.Item>}
      </Descriptions>
      {props.newSchedule === null ? (
        <Alert type="info" showIcon message={t('rs.preview.scheduleUnchanged')} />
      ) : (
        <Row gutter={12}>
          <Col xs={24} xl={12}>
            <Typography.Text strong>{t('rs.preview.oldSchedule')}</Typography.Text>
            <ScheduleRows rows={props.oldSchedule ?? []} testId="rs-old-schedule" />
          </Col>
          <Col xs={24} xl={12}>
            <Typography.Text strong>{t('rs.preview.newSchedule')}</Typography.Text>
            <ScheduleRows rows={props.newSchedule} testId="rs-new-schedule" {...(firstChanged === undefined ? {} : { changedFrom: firstChanged })} />
          </Col>
        </Row>
      )}
    </div>
  );
}
