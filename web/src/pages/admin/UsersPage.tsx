import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Space, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import type { Schemas } from '../../api/client.js';
import { useAllUsers } from '../../api/queries.js';
import { useSession } from '../../auth/context.js';
import { formatInstant } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { roleLabel } from '../../labels.js';
import { PasswordResetModal, UserFormModal } from './UserModals.js';

type User = Schemas['User'];

/** Users in my branches: who holds which roles where; admins create, change and reset them. */
export default function UsersPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const users = useAllUsers();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const manage = can('org.manage');
  const tokens = can('token.manage');

  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    const all = users.data ?? [];
    return q ? all.filter((u) => `${u.username} ${u.displayName} ${u.branchCode}`.toLowerCase().includes(q)) : all;
  }, [users.data, search]);

  const columns: TableProps<User>['columns'] = [
    { title: t('user.username'), dataIndex: 'username', width: 160, sorter: (a, b) => a.username.localeCompare(b.username) },
    { title: t('user.displayName'), dataIndex: 'displayName', width: 200 },
    { title: t('loan.branch'), dataIndex: 'branchCode', width: 100, sorter: (a, b) => a.branchCode.localeCompare(b.branchCode) },
    { title: t('user.roles'), dataIndex: 'roles', render: (roles: User['roles']) => roles.map((r) => <Tag key={r}>{roleLabel(t, r)}</Tag>) },
    { title: t('user.phone'), dataIndex: 'phone', width: 130, render: (v: string | null) => v ?? '—' },
    { title: t('user.active'), dataIndex: 'active', width: 80, render: (a: boolean) => (a ? <Tag color="green">{t('user.enabled')}</Tag> : <Tag>{t('user.disabled')}</Tag>) },
    { title: t('user.updatedAt'), dataIndex: 'updatedAt', width: 170, render: formatInstant },
    ...(manage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: tokens ? 250 : 170,
            render: (_: unknown, u: User) => (
              <Space size={4}>
                <Button size="small" onClick={() => setEditing(u)} data-testid={`edit-${u.username}`}>
                  {t('user.edit')}
                </Button>
                <Button size="small" onClick={() => setResetting(u)}>
                  {t('user.resetPassword')}
                </Button>
                {tokens && <Link to={`/admin/tokens?user=${u.id}`}>{t('nav.tokens')}</Link>}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      size="small"
      title={t('nav.users')}
      extra={
        <Space>
          <Input.Search allowClear placeholder={t('user.search')} onChange={(e) => setSearch(e.target.value)} style={{ width: 220 }} />
          {manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="user-create">
              {t('user.create')}
            </Button>
          )}
        </Space>
      }
    >
      {users.error && <Alert type="error" showIcon message={users.error.message} style={{ marginBottom: 8 }} />}
      <Table<User> data-testid="users-table" rowKey="id" size="small" loading={users.isFetching} columns={columns} dataSource={shown} pagination={{ pageSize: 50, showSizeChanger: false }} />
      {editing && <UserFormModal user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {resetting && <PasswordResetModal user={resetting} onClose={() => setResetting(null)} />}
    </Card>
  );
}
