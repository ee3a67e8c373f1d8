import { ApartmentOutlined, BranchesOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Card, Descriptions, Empty, Space, Tag, Tree } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import type { Schemas } from '../../api/client.js';
import { branchTree, type BranchNode, useBranches } from '../../api/queries.js';
import { formatInstant } from '../../format.js';
import { loansLink } from '../../loans/filters.js';
import { useI18n } from '../../i18n/context.js';
import { branchName } from '../../i18n/localized.js';

type Branch = Schemas['Branch'];

const ICON = { head_office: <ApartmentOutlined />, branch: <BranchesOutlined />, team: <TeamOutlined /> } as const;

/** The organisation in my scope as a tree: head office, branches, teams. */
export default function BranchesPage() {
  const { t, lang } = useI18n();
  const branches = useBranches();
  const [selected, setSelected] = useState<Branch | null>(null);
  const tree = useMemo(() => {
    const withIcons = (nodes: BranchNode[]): BranchNode[] => nodes.map((n) => ({ ...n, icon: ICON[n.branch.kind], children: withIcons(n.children) }));
    return withIcons(branchTree(branches.data ?? [], (b) => branchName(b, lang)));
  }, [branches.data, lang]);

  return (
    <Space align="start" style={{ width: '100%' }} size="middle" wrap>
      <Card size="small" title={t('nav.branches')} style={{ minWidth: 360 }}>
        {branches.error && <Alert type="error" showIcon message={branches.error.message} />}
        {tree.length > 0 && (
          <Tree
            data-testid="branch-tree"
            showIcon
            defaultExpandAll
            treeData={tree}
            onSelect={(_, info) => setSelected((info.node as unknown as BranchNode).branch)}
          />
        )}
      </Card>
      <Card size="small" title={t('branch.details')} style={{ minWidth: 360 }}>
        {selected ? (
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('branch.code')}>{selected.code}</Descriptions.Item>
            <Descriptions.Item label={t('branch.nameZh')}>{selected.nameZh}</Descriptions.Item>
            <Descriptions.Item label={t('branch.nameEn')}>{selected.nameEn}</Descriptions.Item>
            <Descriptions.Item label={t('branch.kind')}>
              <Tag>{t(`branchKind.${selected.kind}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('branch.path')}>{selected.path}</Descriptions.Item>
            <Descriptions.Item label={t('branch.createdAt')}>{formatInstant(selected.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('nav.loans')}>
              <Link to={loansLink({ branchId: selected.id })}>{t('branch.viewLoans')}</Link>
            </Descriptions.Item>
          </Descriptions>
        ) : (
          <Empty description={t('branch.pick')} />
        )}
      </Card>
    </Space>
  );
}
