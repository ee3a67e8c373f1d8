import { Alert, Drawer, Table, Tag } from 'antd';
import { useI18n } from '../../i18n/context.js';
import { ownerKindLabel } from '../labels.js';
import { type Owner, ownerKey, useCaseDetail } from './api.js';

interface OwnerRef {
  kind: string;
  id: number;
}
interface HistoryRow {
  on: string;
  from: OwnerRef | null;
  to: OwnerRef | null;
  why: string;
  detail: string;
  rule: string | null;
  by: string;
}

/** Every change of a case's owner, oldest first: allocation by rule, recall (with why), or by hand (with the reason given). */
export function OwnerHistoryDrawer({ caseId, owners, onClose }: { caseId: number; owners: readonly Owner[]; onClose: () => void }) {
  const { t } = useI18n();
  const detail = useCaseDetail(caseId);
  const names = new Map(owners.map((o) => [ownerKey(o), o.name]));
  const name = (o: OwnerRef | null) => (o === null ? '—' : `${ownerKindLabel(t, o.kind)} ${names.get(ownerKey(o)) ?? `#${o.id}`}`);
  const history = ((detail.data as { ownerHistory?: HistoryRow[] } | undefined)?.ownerHistory ?? []).map((h, i) => ({ ...h, key: i }));
  return (
    <Drawer open size="large" title={t('collections.manage.historyTitle', { id: caseId })} onClose={onClose} destroyOnHidden>
      {detail.error && <Alert type="error" showIcon message={detail.error.message} />}
      <Table
        data-testid="cm-owner-history"
        size="small"
        rowKey="key"
        loading={detail.isLoading}
        pagination={false}
        dataSource={history}
        columns={[
          { title: t('collections.manage.on'), dataIndex: 'on', width: 110 },
          { title: t('collections.manage.why'), dataIndex: 'why', width: 90, render: (w: string) => <Tag>{t(`collections.manage.why.${w}` as 'collections.manage.why.manual')}</Tag> },
          { title: t('collections.manage.from'), dataIndex: 'from', render: name },
          { title: t('collections.manage.to'), dataIndex: 'to', render: name },
          {
            title: t('collections.manage.detail'),
            dataIndex: 'detail',
            // a recall placed again at once is one row: its reason, and the rule that placed it
            render: (d: string, r: HistoryRow) => (r.why === 'recall' && r.rule !== null ? `${d} · ${t('collections.manage.placedBy', { rule: r.rule })}` : d),
          },
          { title: t('collections.manage.by'), dataIndex: 'by', width: 140 },
        ]}
      />
    </Drawer>
  );
}
