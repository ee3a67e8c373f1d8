import { EyeOutlined } from '@ant-design/icons';
import { Button, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useSession } from '../auth/context.js';
import { formatDate } from '../format.js';
import { useI18n } from '../i18n/context.js';
import type { Loan360 } from './useLoan.js';

type Borrower = Loan360['borrower'];

const VERIFICATION_COLOR: Record<Borrower['facts'][number]['verification'], string> = { verified: 'green', unverified: 'default', differs: 'red', unverifiable: 'orange' };

/** Personal data arrives masked; roles allowed to see it (pii.reveal) ask for it, and that read is audited. */
export function BorrowerPanel({ borrower, onReveal, revealing }: { borrower: Borrower; onReveal: () => void; revealing: boolean }) {
  const { t } = useI18n();
  const { can } = useSession();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        {borrower.revealed ? (
          <Tag color="orange" data-testid="revealed">{t('borrower.revealed')}</Tag>
        ) : (
          can('pii.reveal') && (
            <Button size="small" icon={<EyeOutlined />} loading={revealing} onClick={onReveal} data-testid="reveal">
              {t('borrower.reveal')}
            </Button>
          )
        )}
        <Typography.Text type="secondary">{t('borrower.maskedNote')}</Typography.Text>
      </Space>
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('borrower.name')}>
          <span data-testid="borrower-name">{borrower.name}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('borrower.idNumber')}>
          <span data-testid="borrower-id-number">{borrower.idNumber ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('borrower.kind')}>{t(`borrowerKind.${borrower.kind}`)}</Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={borrower.facts}
        columns={[
          { title: t('borrower.fact'), dataIndex: 'fact', width: 120, render: (f: Borrower['facts'][number]['fact']) => t(`fact.${f}`) },
          { title: t('borrower.value'), dataIndex: 'value' },
          { title: t('borrower.verification'), dataIndex: 'verification', width: 110, render: (v: Borrower['facts'][number]['verification']) => <Tag color={VERIFICATION_COLOR[v]}>{t(`verification.${v}`)}</Tag> },
          { title: t('borrower.source'), dataIndex: 'source', width: 110, render: (s: Borrower['facts'][number]['source']) => t(`factSource.${s}`) },
          { title: t('borrower.effectiveFrom'), dataIndex: 'effectiveFrom', width: 110, render: formatDate },
        ]}
      />
      {borrower.contacts.length > 0 && (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          title={() => t('borrower.contacts')}
          dataSource={borrower.contacts}
          columns={[
            { title: t('borrower.contactRole'), dataIndex: 'role', width: 120, render: (r: Borrower['contacts'][number]['role']) => t(`contactRole.${r}`) },
            { title: t('borrower.name'), dataIndex: 'name' },
            { title: t('borrower.relation'), dataIndex: 'relation', render: (v: string | null) => v ?? '—' },
            { title: t('fact.mobile'), dataIndex: 'mobile', render: (v: string | null) => v ?? '—' },
            { title: t('borrower.idNumber'), dataIndex: 'idNumber', render: (v: string | null) => v ?? '—' },
          ]}
        />
      )}
    </Space>
  );
}
