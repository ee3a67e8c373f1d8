import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Select, Space, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { useAllUsers } from '../../api/queries.js';
import { formatInstant } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { IssueTokenModal, RevokeTokenModal, tokensKey } from './TokenModals.js';

type Token = Schemas['ApiToken'];

/**
 * Integration tokens act as the user they belong to (a dialer, a GPS vendor), so they are listed
 * per user: pick the user, see their tokens, issue one (its secret is shown once) or revoke one.
 */
export default function TokensPage() {
  const { t } = useI18n();
  const users = useAllUsers();
  const [params, setParams] = useSearchParams();
  const userId = Number(params.get('user')) || null;
  const user = users.data?.find((u) => u.id === userId) ?? null;
  const [issuing, setIssuing] = useState(false);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const tokens = useQuery({
    queryKey: tokensKey(userId ?? 0),
    queryFn: async () => (await unwrap(api.GET('/api/v1/users/{id}/tokens', { params: { path: { id: userId ?? 0 } } }))).items,
    enabled: userId !== null,
  });

  const columns: TableProps<Token>['columns'] = [
    { title: t('token.name'), dataIndex: 'name' },
    { title: t('token.prefix'), dataIndex: 'prefix', width: 140, render: (p: string) => <code>{p}…</code> },
    { title: t('token.createdAt'), dataIndex: 'createdAt', width: 170, render: formatInstant },
    { title: t('token.lastUsedAt'), dataIndex: 'lastUsedAt', width: 170, render: (v: string | null) => (v ? formatInstant(v) : t('token.neverUsed')) },
    {
      title: t('token.status'),
      dataIndex: 'revokedAt',
      width: 200,
      render: (v: string | null) => (v ? <Tag>{t('token.revokedAt', { at: formatInstant(v) })}</Tag> : <Tag color="green">{t('token.active')}</Tag>),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_: unknown, tok) =>
        tok.revokedAt === null && (
          <Button size="small" danger onClick={() => setRevoking(tok)} data-testid={`revoke-${tok.id}`}>
            {t('token.revoke')}
          </Button>
        ),
    },
  ];

  return (
    <Card
      size="small"
      title={t('nav.tokens')}
      extra={
        <Space>
          <Select
            showSearch
            allowClear
            style={{ width: 280 }}
            placeholder={t('token.pickUser')}
            loading={users.isFetching}
            value={userId ?? undefined}
            optionFilterProp="label"
            options={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.username} · ${u.displayName} (${u.branchCode})` }))}
            onChange={(id: number | undefined) => setParams(id ? { user: String(id) } : {})}
            data-testid="token-user"
          />
          <Button type="primary" icon={<PlusOutlined />} disabled={!user} onClick={() => setIssuing(true)} data-testid="token-issue">
            {t('token.issue')}
          </Button>
        </Space>
      }
    >
      {(users.error ?? tokens.error) && <Alert type="error" showIcon message={(users.error ?? tokens.error)?.message} style={{ marginBottom: 8 }} />}
      {userId === null ? (
        <Empty description={t('token.pickUser')} />
      ) : (
        <Table<Token> data-testid="tokens-table" rowKey="id" size="small" loading={tokens.isFetching} columns={columns} dataSource={tokens.data ?? []} pagination={false} />
      )}
      {issuing && user && <IssueTokenModal user={user} onClose={() => setIssuing(false)} />}
      {revoking && userId !== null && <RevokeTokenModal token={revoking} userId={userId} onClose={() => setRevoking(null)} />}
    </Card>
  );
}
