import { CheckOutlined } from '@ant-design/icons';
import { Card, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { allows, PERMISSIONS, type Permission, ROLES } from '../../../../src/domain/access.js';
import { useI18n } from '../../i18n/context.js';
import { permissionLabel, roleLabel } from '../../labels.js';

/**
 * Who may do what: the server's own role table (src/domain/access.ts, bundled into the app), so
 * this page cannot disagree with what the API enforces. Read-only: roles change in code review.
 */
export default function RolesPage() {
  const { t } = useI18n();
  const columns: TableProps<{ permission: Permission }>['columns'] = [
    {
      title: t('roles.permission'),
      dataIndex: 'permission',
      fixed: 'left',
      width: 260,
      render: (p: Permission) => (
        <>
          {permissionLabel(t, p)} <Typography.Text type="secondary" code>{p}</Typography.Text>
        </>
      ),
    },
    ...ROLES.map((role) => ({
      title: roleLabel(t, role),
      key: role,
      align: 'center' as const,
      render: (_: unknown, row: { permission: Permission }) => (allows([role], row.permission) ? <CheckOutlined style={{ color: '#52c41a' }} aria-label="yes" /> : ''),
    })),
  ];
  return (
    <Card size="small" title={t('nav.roles')}>
      <Typography.Paragraph type="secondary">{t('roles.note')}</Typography.Paragraph>
      <Table data-testid="roles-matrix" rowKey="permission" size="small" pagination={false} columns={columns} dataSource={PERMISSIONS.map((permission) => ({ permission }))} scroll={{ x: 900 }} />
    </Card>
  );
}
