import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { branchTree, useBranches } from '../../api/queries.js';
import { useSession } from '../../auth/context.js';
import { useI18n } from '../../i18n/context.js';
import { branchName } from '../../i18n/localized.js';

/** The branch a page looks at (none: the user's whole scope); hidden for users who may not list branches. */
export function BranchPicker({ value, onChange }: { value: number | undefined; onChange: (id: number | undefined) => void }) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const branches = useBranches();
  const tree = useMemo(() => branchTree(branches.data ?? [], (b) => branchName(b, lang)), [branches.data, lang]);
  if (!can('org.read')) return null;
  return (
    <TreeSelect
      data-testid="cm-branch"
      style={{ minWidth: 240 }}
      allowClear
      placeholder={t('collections.manage.allBranches')}
      treeData={tree}
      treeDefaultExpandAll
      value={value}
      onChange={(v: number | undefined) => onChange(v ?? undefined)}
    />
  );
}

/** A page's branch from its address (?branchId=), so the dashboard can link straight to it. */
export function branchFromSearch(params: URLSearchParams): number | undefined {
  const n = Number(params.get('branchId'));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
