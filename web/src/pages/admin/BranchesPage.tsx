import { ApartmentOutlined, BranchesOutlined, EditOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Space, Tag, Tree } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { branchTree, type BranchNode, useBranches } from '../../api/queries.js';
import { useSession } from '../../auth/context.js';
import { formatInstant } from '../../format.js';
import { loansLink } from '../../loans/filters.js';
import { useI18n } from '../../i18n/context.js';
import { branchName } from '../../i18n/localized.js';
import { BranchCreateModal, BranchRenameModal } from './BranchModals.js';

const ICON = { head_office: <ApartmentOutlined />, branch: <BranchesOutlined />, team: <TeamOutlined /> } as const;

/** The organisation in my scope as a tree: head office, branches, teams; org.manage adds and renames them. */
export default function BranchesPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const branches = useBranches();
  // Kept as an id so a rename shows at once: the details read the refreshed list.
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [dialog, setDialog] = useState<'create' | 'rename' | null>(null);
  const selected = branches.data?.find((b) => b.id === selectedId) ?? null;
  const manage = can('org.manage');
  const tree = useMemo(() => {
    const withIcons = (nodes: BranchNode[]): BranchNode[] => nodes.map((n) => ({ ...n, icon: ICON[n.branch.kind], children: withIcons(n.children) }));
    return withIcons(branchTree(branches.data ?? [], (b) => branchName(b, lang)));
  }, [branches.data, lang]);

  return (
    <Space align="start" style={{ width: '100%' }} size="middle" wrap>
      <Card
        size="small"
        title={t('nav.branches')}
        style={{ minWidth: 360 }}
        extra={
          manage && (
            <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setDialog('create')} data-testid="branch-create">
              {t('branch.create')}
            </Button>
          )
        }
      >
        {branches.error && <Alert type="error" showIcon message={branches.error.message} />}
        {tree.length > 0 && (
          <Tree
            data-testid="branch-tree"
            showIcon
            defaultExpandAll
            treeData={tree}
            selectedKeys={selectedId === null ? [] : [selectedId]}
            onSelect={(_, info) => setSelectedId((info.node as unknown as BranchNode).branch.id)}
          />
        )}
      </Card>
      <Card
        size="small"
        title={t('branch.details')}
        style={{ minWidth: 360 }}
        extra={
          manage &&
          selected && (
            <Button size="small" icon={<EditOutlined />} onClick={() => setDialog('rename')} data-testid="branch-rename">
              {t('branch.rename')}
            </Button>
          )
        }
      >
        {selected ? (
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('branch.code')}>{selected.code}</Descriptions.Item>
            <Descriptions.Item label={t('branch.nameZh')}>
              <span data-testid="branch-detail-zh">{selected.nameZh}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('branch.nameEn')}>
              <span data-testid="branch-detail-en">{selected.nameEn}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('branch.kind')}>
              <Tag>{t(`branchKind.${selected.kind}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('branch.path')}>{selected.path}</Descriptions.Item>
            <Descriptions.Item label={t('branch.createdAt')}>{formatInstant(selected.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('nav.loans')}>
              <Link to={loansLink({ branchId: selected.id })}>{t('branch.viewLoans')}</Link>
            </Descriptions.Item>
            {can('audit.read') && (
              <Descriptions.Item label={t('nav.audit')}>
                <Link to={`/admin/audit?entityType=branch&entityId=${selected.id}`}>{t('audit.trail')}</Link>
              </Descriptions.Item>
            )}
          </Descriptions>
        ) : (
          <Empty description={t('branch.pick')} />
        )}
      </Card>
      {dialog === 'create' && (
        <BranchCreateModal
          parent={selected}
          onClose={(created) => {
            setDialog(null);
            if (created) setSelectedId(created.id);
          }}
        />
      )}
      {dialog === 'rename' && selected && <BranchRenameModal branch={selected} onClose={() => setDialog(null)} />}
    </Space>
  );
}
