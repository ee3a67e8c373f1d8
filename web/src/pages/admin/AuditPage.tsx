import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, AutoComplete, Button, Card, DatePicker, Form, Input, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, type Ok, type QueryOf, unwrap } from '../../api/client.js';
import { useAllUsers } from '../../api/queries.js';
import { formatInstant } from '../../format.js';
import { useI18n } from '../../i18n/context.js';

type Entry = Ok<'/api/v1/audit'>['items'][number];
type AuditQuery = QueryOf<'/api/v1/audit'>;

interface Filters {
  actorName?: string;
  action?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
  entityType?: string;
  entityId?: string;
}

const PAGE_SIZE = 50;
// The entity types the services record (src/modules/*): offered, not enforced, so a new one can still be typed.
const ENTITY_TYPES = ['branch', 'user', 'api_token', 'loan', 'borrower', 'collection_case', 'followup', 'restructuring', 'vehicle', 'import'];

/**
 * The picked days are the user's own calendar days: their bounds go to the API as instants, the
 * first day's midnight inclusive and the day after the last exclusive.
 */
function toQuery(f: Filters): Omit<AuditQuery, 'cursor' | 'limit'> {
  const trimmed = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
  const [from, to] = f.range ?? [null, null];
  const q: Omit<AuditQuery, 'cursor' | 'limit'> = {};
  const actorName = trimmed(f.actorName);
  const action = trimmed(f.action);
  const entityType = trimmed(f.entityType);
  const entityId = trimmed(f.entityId);
  if (actorName) q.actorName = actorName;
  if (action) q.action = action;
  if (entityType) q.entityType = entityType;
  if (entityId) q.entityId = entityId;
  if (from) q.from = from.startOf('day').toISOString();
  if (to) q.before = to.add(1, 'day').startOf('day').toISOString();
  return q;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The filters live in the address, so a page can link to "the audit trail of this record". */
function fromUrl(params: URLSearchParams): Filters {
  const date = (key: string) => {
    const v = params.get(key);
    return v && DATE.test(v) ? dayjs(v) : null;
  };
  const from = date('from');
  const to = date('to');
  return {
    actorName: params.get('actor') ?? undefined,
    action: params.get('action') ?? undefined,
    entityType: params.get('entityType') ?? undefined,
    entityId: params.get('entityId') ?? undefined,
    range: from || to ? [from, to] : null,
  };
}

function toUrl(f: Filters): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (key: string, v: string | undefined) => {
    if (v?.trim()) out[key] = v.trim();
  };
  put('actor', f.actorName);
  put('action', f.action);
  put('entityType', f.entityType);
  put('entityId', f.entityId);
  put('from', f.range?.[0]?.format('YYYY-MM-DD'));
  put('to', f.range?.[1]?.format('YYYY-MM-DD'));
  return out;
}

const json = (v: unknown) => (v === null || v === undefined ? '—' : JSON.stringify(v, null, 2));

/** Who did what to which record, when and why: newest first, in pages, narrowed by the filters. */
export default function AuditPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<Filters>();
  const users = useAllUsers();
  const [params, setParams] = useSearchParams();
  const initial = fromUrl(params);
  const filters = toQuery(initial);
  // Cursors of the pages before this one, so "previous" goes back without the API paging backwards.
  const [cursors, setCursors] = useState<string[]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const entries = useQuery({
    queryKey: ['audit', filters, cursor],
    queryFn: () => unwrap(api.GET('/api/v1/audit', { params: { query: { ...filters, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: keepPreviousData,
  });
  const search = (f: Filters) => {
    setParams(toUrl(f));
    setCursors([]);
    setCursor(undefined);
  };

  const columns: TableProps<Entry>['columns'] = [
    { title: t('audit.at'), dataIndex: 'at', width: 170, render: formatInstant },
    { title: t('audit.actor'), dataIndex: 'actorName', width: 140 },
    { title: t('audit.action'), dataIndex: 'action', width: 200, render: (a: string) => <code>{a}</code> },
    { title: t('audit.entity'), key: 'entity', width: 160, render: (_: unknown, e) => `${e.entityType}${e.entityId ? ` #${e.entityId}` : ''}` },
    { title: t('audit.branch'), dataIndex: 'branchPath', width: 160, render: (p: string | null) => p ?? '—' },
    { title: t('common.reason'), dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
  ];

  return (
    <Card size="small" title={t('nav.audit')}>
      <Form<Filters> form={form} layout="inline" initialValues={initial} onFinish={search} style={{ marginBottom: 12, rowGap: 8 }} data-testid="audit-filters">
        <Form.Item name="actorName" label={t('audit.actor')}>
          <AutoComplete
            style={{ width: 180 }}
            allowClear
            options={(users.data ?? []).map((u) => ({ value: u.username, label: `${u.username} · ${u.displayName}` }))}
            filterOption={(input, option) => (option?.value ?? '').toString().toLowerCase().includes(input.toLowerCase())}
          >
            <Input data-testid="audit-actor" />
          </AutoComplete>
        </Form.Item>
        <Form.Item name="action" label={t('audit.action')}>
          <Input style={{ width: 180 }} allowClear placeholder="branch.update" data-testid="audit-action" />
        </Form.Item>
        <Form.Item name="range" label={t('audit.dates')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} format="YYYY-MM-DD" data-testid="audit-range" />
        </Form.Item>
        <Form.Item name="entityType" label={t('audit.entity')}>
          <AutoComplete style={{ width: 140 }} allowClear options={ENTITY_TYPES.map((v) => ({ value: v }))}>
            <Input data-testid="audit-entity-type" />
          </AutoComplete>
        </Form.Item>
        <Form.Item name="entityId">
          <Input style={{ width: 100 }} allowClear placeholder={t('audit.entityId')} data-testid="audit-entity-id" />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" data-testid="audit-search">
              {t('common.search')}
            </Button>
            <Button onClick={() => { form.setFieldsValue({ actorName: undefined, action: undefined, entityType: undefined, entityId: undefined, range: null }); search({}); }}>{t('common.reset')}</Button>
          </Space>
        </Form.Item>
      </Form>
      {entries.error && <Alert type="error" showIcon message={entries.error.message} style={{ marginBottom: 8 }} />}
      <Table<Entry>
        data-testid="audit-table"
        rowKey="id"
        size="small"
        loading={entries.isFetching}
        columns={columns}
        dataSource={entries.data?.items ?? []}
        pagination={false}
        expandable={{
          rowExpandable: (e) => e.before !== null || e.after !== null,
          expandedRowRender: (e) => (
            <Space align="start" size="large" wrap>
              <div>
                <Typography.Text type="secondary">{t('audit.before')}</Typography.Text>
                <pre style={{ margin: 0, maxWidth: 560, whiteSpace: 'pre-wrap' }}>{json(e.before)}</pre>
              </div>
              <div>
                <Typography.Text type="secondary">{t('audit.after')}</Typography.Text>
                <pre style={{ margin: 0, maxWidth: 560, whiteSpace: 'pre-wrap' }} data-testid="audit-after">{json(e.after)}</pre>
              </div>
            </Space>
          ),
        }}
      />
      <Space style={{ marginTop: 8, justifyContent: 'flex-end', width: '100%' }}>
        <Typography.Text type="secondary" data-testid="audit-page">
          {t('common.page', { n: cursors.length + 1 })}
        </Typography.Text>
        <Button
          icon={<LeftOutlined />}
          disabled={cursors.length === 0}
          onClick={() => {
            setCursor(cursors[cursors.length - 1] || undefined);
            setCursors(cursors.slice(0, -1));
          }}
        >
          {t('common.prev')}
        </Button>
        <Button
          disabled={!entries.data?.nextCursor}
          onClick={() => {
            setCursors([...cursors, cursor ?? '']);
            setCursor(entries.data?.nextCursor ?? undefined);
          }}
          data-testid="audit-next"
        >
          {t('common.next')} <RightOutlined />
        </Button>
      </Space>
    </Card>
  );
}
