import { Alert, Button, Card, Space, Table } from 'antd';
import { Link } from 'react-router-dom';
import { api, type QueryOf, type Schemas, unwrap } from '../../api/client.js';
import { formatFen } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { usePagedList } from '../inbox/paged.js';
import { formatBp } from '../severity.js';

type Row = Schemas['LtvBandLoan'];
type BandQuery = Omit<QueryOf<'/api/v1/ltv-distribution/loans'>, 'cursor' | 'limit'>;
export type Band = BandQuery['band'];

const fetchBand = (q: BandQuery, cursor: string | undefined) =>
  unwrap(api.GET('/api/v1/ltv-distribution/loans', { params: { query: { ...q, limit: 50, ...(cursor ? { cursor } : {}) } } }));

/** The loans behind one bar (a band, optionally one product), each linking to its loan 360. */
export function BandLoans({ band, bandText, product, productName, branchId, thresholdBp }: { band: Band; bandText: string; product: string | undefined; productName: string | undefined; branchId: number | undefined; thresholdBp: (product: string) => number | null }) {
  const { t } = useI18n();
  const query = { band, ...(product ? { product } : {}), ...(branchId ? { branchId } : {}) };
  const list = usePagedList(['risk', 'ltv-band', query], (cursor) => fetchBand(query, cursor));
  return (
    <Card size="small" title={t('risk.ltv.bandLoans', { band: bandText, product: productName ?? t('common.all') })}>
      {list.error && <Alert type="error" showIcon message={list.error.message} />}
      <Space direction="vertical" style={{ width: '100%' }}>
        <Table<Row>
          data-testid="ltv-band-loans"
          size="small"
          rowKey="loanId"
          loading={list.isLoading}
          dataSource={list.items}
          pagination={false}
          columns={[
            { title: 'ID', dataIndex: 'loanId', width: 80, render: (id: number) => <Link to={`/loans/${id}`}>{id}</Link> },
            { title: t('loan.externalId'), dataIndex: 'externalId', render: (v: string, r) => <Link to={`/loans/${r.loanId}`}>{v}</Link> },
            { title: t('loan.branch'), dataIndex: 'branchCode', width: 90 },
            { title: t('loan.productCode'), dataIndex: 'product', width: 110 },
            { title: t('risk.ltv.ltv'), dataIndex: 'ltvBp', align: 'right', width: 90, render: (bp: number | null, r) => { const th = thresholdBp(r.product); return <span style={{ color: th !== null && (bp === null || bp >= th) ? '#cf1322' : undefined }}>{formatBp(bp)}</span>; } },
            { title: t('loan.outstandingPrincipal'), dataIndex: 'outstandingFen', align: 'right', render: formatFen },
            { title: t('risk.ltv.value'), dataIndex: 'valueFen', align: 'right', render: formatFen },
            { title: t('risk.ltv.asOf'), dataIndex: 'asOf', width: 110 },
          ]}
        />
        {list.hasNextPage && (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('risk.more')}
          </Button>
        )}
      </Space>
    </Card>
  );
}
