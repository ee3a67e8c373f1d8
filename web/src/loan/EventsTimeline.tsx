import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Timeline, Typography } from 'antd';
import { api, type Schemas, unwrap } from '../api/client.js';
import { formatInstant } from '../format.js';
import { useI18n } from '../i18n/context.js';
import { bucketLabel, riskClassLabel } from '../labels.js';

type LoanEvent = Schemas['LoanEvent'];

const COLOR: Record<LoanEvent['kind'], string> = {
  became_overdue: 'red',
  bucket_up: 'red',
  bucket_down: 'green',
  cured: 'green',
  class_changed: 'orange',
  stage_changed: 'orange',
  paid_off: 'blue',
  history_corrected: 'gray',
  restructured: 'purple',
  restructuring_broken: 'red',
  observation_ended: 'green',
};

/** Close-of-business events of the loan, newest first, a page at a time. */
export function EventsTimeline({ loanId }: { loanId: number }) {
  const { t } = useI18n();
  const events = useInfiniteQuery({
    queryKey: ['loan', loanId, 'events'],
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/loans/{id}/events', { params: { path: { id: loanId }, query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (events.error) return <Alert type="error" showIcon message={events.error.message} />;
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];
  if (!events.isPending && items.length === 0) return <Empty description={t('events.none')} />;
  const value = (e: LoanEvent, v: string | null) => {
    if (v === null) return '—';
    if (e.kind === 'class_changed') return riskClassLabel(t, v);
    if (e.kind.startsWith('bucket')) return bucketLabel(v);
    return v;
  };
  return (
    <>
      <Timeline
        data-testid="events"
        items={items.map((e) => ({
          key: e.id,
          color: COLOR[e.kind],
          children: (
            <>
              <Typography.Text strong>{e.businessDate}</Typography.Text> {t(`event.${e.kind}`)}
              {(e.fromValue !== null || e.toValue !== null) && (
                <Typography.Text type="secondary">
                  {' '}
                  {value(e, e.fromValue)} → {value(e, e.toValue)}
                </Typography.Text>
              )}
              <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                {formatInstant(e.recordedAt)}
              </Typography.Text>
            </>
          ),
        }))}
      />
      {events.hasNextPage && (
        <Button loading={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
          {t('events.more')}
        </Button>
      )}
    </>
  );
}
