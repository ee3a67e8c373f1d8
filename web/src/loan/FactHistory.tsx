import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, type Ok, unwrap } from '../api/client.js';
import { useSession } from '../auth/context.js';
import { formatInstant } from '../format.js';
import { useI18n } from '../i18n/context.js';
import { FactFormModal } from './FactFormModal.js';

type Fact = Ok<'/api/v1/borrowers/{id}/facts'>['history'][number];

export const factsKey = (borrowerId: number, reveal: boolean) => ['borrower-facts', borrowerId, { reveal }] as const;

const VERIFICATION_COLOR: Record<Fact['verification'], string> = { verified: 'green', unverified: 'default', differs: 'red', unverifiable: 'orange' };

/**
 * Every declared fact the borrower ever had, newest first within each kind, with who recorded it,
 * when and why: a change is a new row, so the old value stays readable. Masked like the rest of
 * the borrower's data until the page has been revealed (that read of the history is audited too).
 */
export function FactHistory({ borrowerId, loanId, reveal, businessDate }: { borrowerId: number; loanId: number; reveal: boolean; businessDate: string }) {
  const { t } = useI18n();
  const { can } = useSession();
  const [recording, setRecording] = useState(false);
  const facts = useQuery({
    queryKey: factsKey(borrowerId, reveal),
    queryFn: () => unwrap(api.GET('/api/v1/borrowers/{id}/facts', { params: { path: { id: borrowerId }, query: { reveal: reveal ? 'true' : 'false' } } })),
    gcTime: reveal ? 0 : undefined,
  });
  if (facts.error) return <Alert type="error" showIcon message={facts.error.message} />;
  const current = new Set((facts.data?.current ?? []).map((f) => f.id));
  return (
    <>
      <Table<Fact>
        size="small"
        rowKey="id"
        loading={facts.isFetching && !facts.data}
        pagination={false}
        data-testid="fact-history"
        title={() => (
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
            <span>{t('factLog.title')}</span>
            {can('fact.record') && (
              <Button size="small" icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="fact-record">
                {t('factLog.record')}
              </Button>
            )}
          </div>
        )}
        dataSource={facts.data?.history ?? []}
        columns={[
          { title: t('borrower.fact'), dataIndex: 'kind', width: 100, render: (k: Fact['kind']) => t(`fact.${k}`) },
          { title: t('borrower.value'), dataIndex: 'value' },
          { title: t('borrower.effectiveFrom'), dataIndex: 'effectiveFrom', width: 100 },
          { title: t('borrower.source'), dataIndex: 'source', width: 100, render: (s: Fact['source']) => t(`factSource.${s}`) },
          { title: t('borrower.verification'), dataIndex: 'verification', width: 90, render: (v: Fact['verification']) => <Tag color={VERIFICATION_COLOR[v]}>{t(`verification.${v}`)}</Tag> },
          { title: t('factLog.recordedBy'), key: 'who', width: 230, render: (_: unknown, f) => `${f.recordedBy} · ${formatInstant(f.recordedAt)}` },
          { title: t('common.reason'), dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
          {
            title: t('factLog.state'),
            key: 'state',
            width: 90,
            render: (_: unknown, f) => (current.has(f.id) ? <Tag color="blue">{t('factLog.current')}</Tag> : f.supersededById ? <Tag>{t('factLog.superseded')}</Tag> : <Tag>{t('factLog.pending')}</Tag>),
          },
        ]}
      />
      {recording && <FactFormModal borrowerId={borrowerId} loanId={loanId} businessDate={businessDate} onClose={() => setRecording(false)} />}
    </>
  );
}
