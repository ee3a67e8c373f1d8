import { Alert, Button, Empty, Space, Spin, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { Ok } from '../api/client.js';
import { useSession } from '../auth/context.js';
import { useI18n } from '../i18n/context.js';
import { localized } from '../i18n/localized.js';
import { ContactsTable } from './case/ContactsTable.js';
import { OwnerHistory } from './case/OwnerHistory.js';
import { PromisesTable } from './case/PromisesTable.js';
import { ownerKindLabel, segmentLabel } from './labels.js';
import { useCase, useLoanCases } from './queries.js';

type LoanCase = Ok<'/api/v1/loans/{id}/collection-cases'>['items'][number];

/** One case's owner history, contact log and promises, below the list of the loan's cases. */
function CaseHistory({ caseId }: { caseId: number }) {
  const { t } = useI18n();
  const c = useCase(caseId);
  if (c.error) return <Alert type="error" showIcon message={c.error.message} />;
  if (!c.data) return <Spin />;
  return (
    <Tabs
      size="small"
      items={[
        { key: 'contacts', label: `${t('coll.case.contacts')} (${c.data.contacts.length})`, children: <ContactsTable contacts={c.data.contacts} /> },
        { key: 'promises', label: `${t('coll.case.promises')} (${c.data.promises.length})`, children: <PromisesTable promises={c.data.promises} /> },
        { key: 'owners', label: t('coll.case.owners'), children: <OwnerHistory rows={c.data.ownerHistory} /> },
      ]}
    />
  );
}

/** The loan 360's collections tab: every case of the loan (the newest open), and the chosen case's history. */
export default function LoanCollectionsTab({ loanId }: { loanId: number }) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const cases = useLoanCases(loanId);
  const [chosen, setChosen] = useState<number | null>(null);
  if (cases.error) return <Alert type="error" showIcon message={cases.error.message} />;
  if (!cases.data) return <Spin />;
  if (cases.data.length === 0) return <Empty description={t('coll.loanTab.none')} data-testid="loan-collections-none" />;
  const selected = chosen ?? cases.data[0]!.id;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table<LoanCase>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={cases.data}
        data-testid="loan-collection-cases"
        rowSelection={{ type: 'radio', selectedRowKeys: [selected], onChange: (keys) => setChosen(Number(keys[0])) }}
        onRow={(r) => ({ onClick: () => setChosen(r.id) })}
        columns={[
          { title: '#', dataIndex: 'id', width: 70 },
          { title: t('coll.case.opened'), dataIndex: 'openedOn', width: 110 },
          { title: t('coll.task.status'), dataIndex: 'closedOn', width: 200, render: (d: string | null, r) => (d ? t('coll.case.closed', { date: d, reason: r.closeReason ?? '' }) : <Tag color="red">{t('coll.loanTab.open')}</Tag>) },
          { title: t('coll.case.segment'), dataIndex: 'segment', render: (s: string | null) => segmentLabel(t, s) },
          { title: t('coll.case.owner'), dataIndex: 'owner', render: (o: LoanCase['owner']) => (o ? `${ownerKindLabel(t, o.kind)} ${o.name ? localized(o.name, lang) : `#${o.id}`}` : t('coll.case.noOwner')) },
          {
            title: '',
            key: 'open',
            width: 120,
            render: (_: unknown, r) =>
              can('collection.read') && (
                <Button size="small" onClick={() => navigate(`/collections/cases/${r.id}`)} data-testid={`loan-case-open-${r.id}`}>
                  {t('coll.loanTab.workspace')}
                </Button>
              ),
          },
        ]}
      />
      <CaseHistory caseId={selected} />
    </Space>
  );
}
