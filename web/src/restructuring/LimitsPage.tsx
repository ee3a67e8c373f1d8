import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Collapse, Space, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { api, type Ok, unwrap } from '../api/client.js';
import { useSession } from '../auth/context.js';
import { formatDate, formatFen, formatInstant } from '../format.js';
import { useI18n } from '../i18n/context.js';
import { roleLabel } from '../labels.js';
import { LIMITS_KEY, LimitEditModal, type LimitTarget } from './LimitEditModal.js';

type Limits = Ok<'/api/v1/restructuring-limits'>;
type AuthorityVersion = Limits['authority'][number];
type QuotaVersion = Limits['quotaVersions'][number];
type BranchQuota = Limits['branches'][number];
type Role = Parameters<typeof roleLabel>[1];
type ApproverRole = Extract<LimitTarget, { kind: 'authority' }>['role'];
type State = AuthorityVersion['state'];

const STATE_COLOR: Record<State, string> = { in_force: 'green', scheduled: 'blue', superseded: 'default' };
const APPROVER_ROLES: readonly ApproverRole[] = ['branch_manager', 'risk_officer', 'admin'];
// head office's own scope is the root of the tree
const HEAD_OFFICE_PATH = '/HO/';

/** Approval authority by role and monthly quotas by branch, each a list of dated versions; head office sets new ones. */
export default function LimitsPage() {
  const { t } = useI18n();
  const { me, can } = useSession();
  const [editing, setEditing] = useState<LimitTarget | null>(null);
  const limits = useQuery({ queryKey: LIMITS_KEY, queryFn: () => unwrap(api.GET('/api/v1/restructuring-limits')) });
  const editable = can('risk.configure') && me?.branchPath === HEAD_OFFICE_PATH;
  const data = limits.data;
  const stateTag = (s: State) => <Tag color={STATE_COLOR[s]}>{t(`rs.limits.state.${s}`)}</Tag>;
  const roleName = (r: string) => (APPROVER_ROLES as readonly string[]).includes(r) ? roleLabel(t, r as Role) : r;

  const inForce = APPROVER_ROLES.map((role) => data?.authority.find((v) => v.role === role && v.state === 'in_force')).filter((v): v is AuthorityVersion => v !== undefined);
  const authorityColumns: TableProps<AuthorityVersion>['columns'] = [
    { title: t('rs.limits.role'), dataIndex: 'role', render: roleName },
    { title: t('rs.limits.maxWaived'), dataIndex: 'maxWaivedFen', align: 'right', render: formatFen },
    { title: t('rs.limits.maxMonths'), dataIndex: 'maxExtraMonths', align: 'right' },
    { title: t('rs.limits.effectiveFrom'), dataIndex: 'effectiveFrom', render: formatDate },
    { title: t('rs.limits.state'), dataIndex: 'state', render: stateTag },
    { title: t('rs.limits.setBy'), dataIndex: 'setBy' },
    { title: t('rs.limits.reason'), dataIndex: 'reason' },
    { title: '', dataIndex: 'createdAt', render: formatInstant },
  ];
  const currentColumns: TableProps<AuthorityVersion>['columns'] = [
    ...authorityColumns.slice(0, 4),
    ...(editable
      ? [{
          title: t('common.actions'),
          key: 'edit',
          render: (_: unknown, v: AuthorityVersion) => (
            <Button size="small" type="link" data-testid={`rs-edit-authority-${v.role}`} onClick={() => setEditing({ kind: 'authority', role: v.role as ApproverRole, title: t('rs.limits.editAuthority', { role: roleName(v.role) }), maxWaivedFen: v.maxWaivedFen, maxExtraMonths: v.maxExtraMonths })}>
              {t('rs.limits.edit')}
            </Button>
          ),
        }]
      : []),
  ];
  const branchColumns: TableProps<BranchQuota>['columns'] = [
    { title: t('rs.inbox.branch'), dataIndex: 'branchCode' },
    { title: t('rs.limits.maxCount'), dataIndex: 'maxCount', align: 'right', render: (v: number | null) => v ?? t('rs.limits.none') },
    { title: t('rs.limits.maxWaived'), dataIndex: 'maxWaivedFen', align: 'right', render: formatFen },
    { title: '', key: 'from', render: (_: unknown, b) => (b.setOnBranchCode === null ? '—' : b.inherited ? t('rs.limits.inheritedFrom', { branch: b.setOnBranchCode }) : t('rs.limits.own')) },
    { title: t('rs.limits.used', { month: data?.month ?? '' }), key: 'used', align: 'right', render: (_: unknown, b) => `${b.usedCount} · ${formatFen(b.usedWaivedFen)}` },
    ...(editable
      ? [{
          title: t('common.actions'),
          key: 'edit',
          render: (_: unknown, b: BranchQuota) => (
            <Button size="small" type="link" data-testid={`rs-edit-quota-${b.branchCode}`} onClick={() => setEditing({ kind: 'quota', branchId: b.branchId, title: t('rs.limits.editQuota', { branch: b.branchCode }), maxWaivedFen: b.maxWaivedFen ?? 0, maxCount: b.maxCount ?? 0 })}>
              {t('rs.limits.edit')}
            </Button>
          ),
        }]
      : []),
  ];
  const quotaColumns: TableProps<QuotaVersion>['columns'] = [
    { title: t('rs.inbox.branch'), dataIndex: 'branchCode' },
    { title: t('rs.limits.maxCount'), dataIndex: 'maxCount', align: 'right' },
    { title: t('rs.limits.maxWaived'), dataIndex: 'maxWaivedFen', align: 'right', render: formatFen },
    { title: t('rs.limits.effectiveFrom'), dataIndex: 'effectiveFrom', render: formatDate },
    { title: t('rs.limits.state'), dataIndex: 'state', render: stateTag },
    { title: t('rs.limits.setBy'), dataIndex: 'setBy' },
    { title: t('rs.limits.reason'), dataIndex: 'reason' },
    { title: '', dataIndex: 'createdAt', render: formatInstant },
  ];
  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }}>
      {limits.error && <Alert type="error" showIcon message={limits.error.message} />}
      {!editable && <Alert type="info" showIcon message={t('rs.limits.readOnly')} />}
      <Card size="small" title={t('rs.limits.authority')}>
        <Table<AuthorityVersion> data-testid="rs-authority" rowKey="id" size="small" loading={limits.isLoading} columns={currentColumns} dataSource={inForce} pagination={false} />
        <Collapse ghost items={[{ key: 'h', label: t('rs.limits.history'), children: <Table<AuthorityVersion> rowKey="id" size="small" columns={authorityColumns} dataSource={data?.authority ?? []} pagination={false} /> }]} />
      </Card>
      <Card size="small" title={t('rs.limits.quotas')}>
        <Table<BranchQuota> data-testid="rs-quotas" rowKey="branchId" size="small" loading={limits.isLoading} columns={branchColumns} dataSource={data?.branches ?? []} pagination={{ pageSize: 50, hideOnSinglePage: true }} />
        <Collapse ghost items={[{ key: 'h', label: t('rs.limits.history'), children: <Table<QuotaVersion> rowKey="id" size="small" columns={quotaColumns} dataSource={data?.quotaVersions ?? []} pagination={false} /> }]} />
      </Card>
      {editing && data && <LimitEditModal target={editing} businessDate={data.asOf} onClose={() => setEditing(null)} />}
    </Space>
  );
}
