import { Table } from 'antd';
import { useI18n } from '../../i18n/context.js';
import type { CaseDetail } from '../case-types.js';
import { ownerWhyLabel } from '../labels.js';
import { OwnerName } from '../OwnerName.js';

type Row = CaseDetail['ownerHistory'][number];

/** Who has held the case, and how it moved: allocation rule, recall or a manager's hand. */
export function OwnerHistory({ rows }: { rows: Row[] }) {
  const { t } = useI18n();
  return (
    <Table<Row>
      size="small"
      rowKey={(_, i) => String(i)}
      dataSource={[...rows].reverse()}
      pagination={false}
      data-testid="owner-history"
      columns={[
        { title: t('coll.owner.on'), dataIndex: 'on', width: 110 },
        { title: t('coll.owner.from'), dataIndex: 'from', render: (o: Row['from']) => <OwnerName owner={o} /> },
        { title: t('coll.owner.to'), dataIndex: 'to', render: (o: Row['to']) => <OwnerName owner={o} /> },
        { title: t('coll.owner.why'), dataIndex: 'why', width: 110, render: (w: string) => ownerWhyLabel(t, w) },
        {
          title: t('coll.owner.detail'),
          dataIndex: 'detail',
          ellipsis: true,
          // a recall placed again at once is one row: its reason, and the rule that placed it
          render: (d: string | null, r: Row) => (r.why === 'recall' && r.rule !== null ? `${d ?? '—'} · ${t('coll.owner.placedBy', { rule: r.rule })}` : (d ?? '—')),
        },
        { title: t('coll.owner.by'), dataIndex: 'by', width: 110 },
      ]}
    />
  );
}
