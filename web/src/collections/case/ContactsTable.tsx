import { Empty, Table, Tag, Tooltip } from 'antd';
import type { Schemas } from '../../api/client.js';
import { formatInstant } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { channelLabel, outcomeLabel, partyLabel } from '../labels.js';
import { CollectorNames } from '../OwnerName.js';

type Contact = Schemas['Contact'];

/** The contact log, newest first, refused attempts included (with the rule and when contact is allowed again). */
export function ContactsTable({ contacts }: { contacts: Contact[] }) {
  const { t } = useI18n();
  return (
    <Table<Contact>
      size="small"
      rowKey="id"
      dataSource={[...contacts].reverse()}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      data-testid="contacts-table"
      locale={{ emptyText: <Empty description={t('coll.case.noContacts')} /> }}
      columns={[
        { title: '#', dataIndex: 'id', width: 70 },
        { title: t('coll.contact.at'), dataIndex: 'at', width: 170, render: formatInstant },
        { title: t('coll.contact.channel'), dataIndex: 'channel', width: 90, render: (c: string) => channelLabel(t, c) },
        { title: t('coll.contact.party'), dataIndex: 'party', width: 110, render: (p: string) => partyLabel(t, p) },
        {
          title: t('coll.contact.status'),
          dataIndex: 'status',
          width: 130,
          render: (s: Contact['status'], r) => (
            <Tag color={s === 'made' ? 'green' : 'red'} data-testid={`contact-status-${r.id}`}>
              {t(`coll.contactStatus.${s}`)}
            </Tag>
          ),
        },
        { title: t('coll.contact.outcome'), dataIndex: 'outcome', width: 120, render: (o: string | null, r) => (r.correctsId ? `${outcomeLabel(t, o)} · ${t('coll.contact.corrects', { id: r.correctsId })}` : outcomeLabel(t, o)) },
        {
          title: t('coll.contact.rule'),
          dataIndex: 'ruleCode',
          width: 200,
          render: (rule: string | null, r) => (rule ? <Tooltip title={r.nextAllowedAt ? t('coll.contact.refusedNext', { time: formatInstant(r.nextAllowedAt) }) : t('coll.contact.refusedNever')}>{rule}</Tooltip> : '—'),
        },
        { title: t('coll.contact.notes'), dataIndex: 'notes', ellipsis: true, render: (n: string | null) => n ?? '—' },
        { title: t('coll.contact.collectors'), dataIndex: 'collectorIds', width: 140, render: (ids: number[]) => <CollectorNames ids={ids} /> },
        { title: t('coll.contact.recordedBy'), dataIndex: 'recordedBy', width: 110 },
      ]}
    />
  );
}
