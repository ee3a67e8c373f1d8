import { DownloadOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, apiUrl, type Schemas, unwrap } from '../api/client.js';
import { formatDate, formatFen, formatRate } from '../format.js';
import { useI18n } from '../i18n/context.js';
import { localized } from '../i18n/localized.js';
import { loanStatusLabel } from '../labels.js';
import { BucketTag, ClassTag, StageTag } from '../components/StatusTags.js';
import { DEFAULT_PAGE_SIZE, exportQuery, type LoanQuery, type LoanSort, loanQueryToParams, PAGE_SIZES, parseLoanQuery, SORTS } from '../loans/filters.js';
import { LoanFilters } from '../loans/LoanFilters.js';

type Row = Schemas['LoanRow'];

export default function LoansPage() {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseLoanQuery(params), [params]);
  // Cursors of the pages before this one; the API pages by key, so "previous" is remembered here.
  const [previous, setPrevious] = useState<string[]>([]);
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;

  const loans = useQuery({
    queryKey: ['loans', query],
    queryFn: () => unwrap(api.GET('/api/v1/loans', { params: { query: { ...query, limit } } })),
    placeholderData: keepPreviousData,
  });

  const go = (next: LoanQuery, keepPages = false) => {
    if (!keepPages) setPrevious([]);
    setParams(loanQueryToParams(next));
  };
  const nextPage = () => {
    if (!loans.data?.nextCursor) return;
    setPrevious([...previous, query.cursor ?? '']);
    go({ ...query, cursor: loans.data.nextCursor }, true);
  };
  const prevPage = () => {
    const before = previous.slice(0, -1);
    const cursor = previous[previous.length - 1];
    setPrevious(before);
    go({ ...query, cursor: cursor || undefined }, true);
  };

  const sortOrder = (key: LoanSort) => (query.sort === key ? (query.order === 'desc' ? 'descend' : 'ascend') : null);
  const columns: TableProps<Row>['columns'] = [
    { title: 'ID', dataIndex: 'id', key: 'id', width: 80, fixed: 'left', sorter: true, sortOrder: sortOrder('id'), render: (id: number) => <Link to={`/loans/${id}`}>{id}</Link> },
    { title: t('loan.externalId'), dataIndex: 'externalId', width: 150, render: (v: string, r) => <Link to={`/loans/${r.id}`}>{v}</Link> },
    { title: t('loan.borrower'), dataIndex: 'borrowerName', width: 90 },
    { title: t('loan.branch'), dataIndex: 'branchCode', width: 90 },
    { title: t('loan.product'), dataIndex: 'productName', width: 120, render: (v: Row['productName']) => localized(v, lang) },
    { title: t('loan.principal'), dataIndex: 'principalFen', key: 'principal', align: 'right', width: 130, sorter: true, sortOrder: sortOrder('principal'), render: formatFen },
    { title: t('loan.outstandingPrincipal'), dataIndex: 'outstandingPrincipalFen', key: 'outstandingPrincipal', align: 'right', width: 130, sorter: true, sortOrder: sortOrder('outstandingPrincipal'), render: formatFen },
    { title: t('loan.overdue'), dataIndex: 'overdueFen', align: 'right', width: 120, render: formatFen },
    { title: 'DPD', dataIndex: 'dpd', key: 'dpd', align: 'right', width: 80, sorter: true, sortOrder: sortOrder('dpd'), render: (v: number | null) => (v === null ? '—' : v) },
    { title: t('loan.bucket'), dataIndex: 'bucket', width: 70, render: (v: string | null) => <BucketTag bucket={v} /> },
    { title: t('loan.riskClass'), dataIndex: 'riskClass', width: 90, render: (v: string | null) => <ClassTag riskClass={v} /> },
    { title: t('loan.stage'), dataIndex: 'stage', width: 80, render: (v: number | null) => <StageTag stage={v} /> },
    { title: t('loan.rate'), dataIndex: 'annualRate', align: 'right', width: 80, render: formatRate },
    { title: t('loan.term'), dataIndex: 'termMonths', align: 'right', width: 60 },
    { title: t('loan.disbursed'), dataIndex: 'disbursementDate', key: 'disbursementDate', width: 110, sorter: true, sortOrder: sortOrder('disbursementDate'), render: formatDate },
    { title: t('loan.officer'), dataIndex: 'officerName', width: 100, render: (v: string | null) => v ?? '—' },
    { title: t('loan.status'), dataIndex: 'status', width: 80, render: (v: string) => <Tag>{loanStatusLabel(t, v)}</Tag> },
  ];

  const onTableChange: TableProps<Row>['onChange'] = (_p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = s?.order ? (s.columnKey as LoanSort) : undefined;
    const sort = key && SORTS.includes(key) ? key : undefined;
    go({ ...query, cursor: undefined, sort, order: sort ? (s?.order === 'descend' ? 'desc' : 'asc') : undefined });
  };

  const pageNumber = previous.length + 1;
  const hasPrevious = query.cursor !== undefined;

  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }}>
      <Card size="small">
        <LoanFilters query={query} onApply={(filters) => go({ ...filters, sort: query.sort, order: query.order, limit: query.limit })} />
      </Card>
      <Card
        size="small"
        title={t('nav.loans')}
        extra={
          <Space>
            <Button icon={<DownloadOutlined />} href={apiUrl('/api/v1/loans/export', exportQuery(query, 'csv'))} data-testid="export-csv">
              CSV
            </Button>
            <Button icon={<DownloadOutlined />} href={apiUrl('/api/v1/loans/export', exportQuery(query, 'xlsx'))} data-testid="export-xlsx">
              XLSX
            </Button>
          </Space>
        }
      >
        {loans.error && <Alert type="error" showIcon message={loans.error.message} style={{ marginBottom: 8 }} />}
        <Table<Row>
          data-testid="loans-table"
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={loans.data?.items ?? []}
          loading={loans.isFetching}
          pagination={false}
          onChange={onTableChange}
          scroll={{ x: 1700, y: 'calc(100vh - 360px)' }}
          sortDirections={['ascend', 'descend']}
        />
        <div style={{ display: 'flex', justifyContent: 'flex-end', alignItems: 'center', gap: 8, marginTop: 8 }}>
          <Typography.Text type="secondary" data-testid="page-number">
            {t('common.page', { n: pageNumber })}
          </Typography.Text>
          <Button icon={<LeftOutlined />} disabled={!hasPrevious} onClick={prevPage} data-testid="prev-page">
            {t('common.prev')}
          </Button>
          <Button disabled={!loans.data?.nextCursor} onClick={nextPage} data-testid="next-page">
            {t('common.next')} <RightOutlined />
          </Button>
          <Select<number>
            value={limit}
            style={{ width: 120 }}
            onChange={(n) => go({ ...query, cursor: undefined, limit: n === DEFAULT_PAGE_SIZE ? undefined : n })}
            options={PAGE_SIZES.map((n) => ({ value: n, label: t('common.pageSize', { n }) }))}
          />
        </div>
      </Card>
    </Space>
  );
}
