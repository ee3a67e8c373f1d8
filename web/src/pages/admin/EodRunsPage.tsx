import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Progress, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { formatCount, formatInstant, formatMs } from '../../format.js';
import { useI18n } from '../../i18n/context.js';

type Run = Schemas['EodRun'];

const STATUS_COLOR: Record<Run['status'], string> = { running: 'processing', done: 'success', failed: 'error' };

function durationMs(run: Run): number | null {
  if (!run.finishedAt) return null;
  return Date.parse(run.finishedAt) - Date.parse(run.startedAt);
}

/** Close-of-business runs: status, chunks done, and each step's time and row count. */
export default function EodRunsPage() {
  const { t } = useI18n();
  const runs = useQuery({
    queryKey: ['eod-runs'],
    queryFn: () => unwrap(api.GET('/api/v1/eod-runs', { params: { query: { limit: 60 } } })),
    // A run under way is followed as it goes.
    refetchInterval: (q) => (q.state.data?.items.some((r) => r.status === 'running') ? 2000 : false),
  });
  const columns: TableProps<Run>['columns'] = [
    { title: t('eod.businessDate'), dataIndex: 'businessDate', width: 120 },
    { title: t('eod.status'), dataIndex: 'status', width: 100, render: (s: Run['status']) => <Tag color={STATUS_COLOR[s]}>{t(`eodStatus.${s}`)}</Tag> },
    { title: t('eod.chunks'), key: 'chunks', width: 180, render: (_: unknown, r) => (r.chunks.total === 0 ? '—' : <Progress size="small" percent={Math.round((100 * r.chunks.done) / r.chunks.total)} format={() => `${r.chunks.done}/${r.chunks.total}`} />) },
    { title: t('eod.startedAt'), dataIndex: 'startedAt', width: 170, render: formatInstant },
    { title: t('eod.finishedAt'), dataIndex: 'finishedAt', width: 170, render: formatInstant },
    { title: t('eod.duration'), key: 'duration', width: 100, align: 'right', render: (_: unknown, r) => { const ms = durationMs(r); return ms === null ? '—' : formatMs(ms); } },
    { title: t('eod.error'), dataIndex: 'error', render: (e: string | null) => (e ? <Typography.Text type="danger">{e}</Typography.Text> : '') },
  ];
  const schedule = runs.data?.schedule;
  return (
    <Card size="small" title={t('nav.eodRuns')}>
      {runs.error && <Alert type="error" showIcon message={runs.error.message} style={{ marginBottom: 8 }} />}
      <Descriptions size="small" column={3} style={{ marginBottom: 8 }}>
        <Descriptions.Item label={t('eod.schedule')}>{schedule ? `${schedule.cron} (${schedule.timeZone})` : t('eod.noSchedule')}</Descriptions.Item>
        {schedule && <Descriptions.Item label={t('eod.nextRun')}>{formatInstant(schedule.nextRunAt)}</Descriptions.Item>}
      </Descriptions>
      <Table<Run>
        data-testid="eod-runs"
        rowKey="businessDate"
        size="small"
        loading={runs.isFetching && !runs.data}
        columns={columns}
        dataSource={runs.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{
          rowExpandable: (r) => r.steps.length > 0,
          expandedRowRender: (r) => (
            <Table
              data-testid="eod-steps"
              size="small"
              rowKey="step"
              pagination={false}
              dataSource={r.steps}
              columns={[
                { title: t('eod.step'), dataIndex: 'step' },
                { title: t('eod.ms'), dataIndex: 'ms', align: 'right', render: formatMs },
                { title: t('eod.rows'), dataIndex: 'rows', align: 'right', render: formatCount },
              ]}
              style={{ maxWidth: 600 }}
            />
          ),
        }}
      />
    </Card>
  );
}
