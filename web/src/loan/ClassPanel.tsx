import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, type Ok, unwrap } from '../api/client.js';
import { useSession } from '../auth/context.js';
import { ClassTag } from '../components/StatusTags.js';
import { formatInstant } from '../format.js';
import { useI18n } from '../i18n/context.js';
import { roleLabel } from '../labels.js';
import { isRole } from '../../../src/domain/access.js';
import { ClassOverrideForm, WithdrawOverrideModal } from './ClassOverrideForm.js';

type Overrides = Ok<'/api/v1/loans/{id}/class-overrides'>;
type Row = Overrides['items'][number];

const FLAGS = ['restructured', 'loan_use_breach', 'significant_increase', 'credit_impaired', 'evasion'] as const;
type Flag = (typeof FLAGS)[number];

export const classOverridesKey = (loanId: number) => ['loan', loanId, 'class-overrides'] as const;

/**
 * The 五级分类 beside the rules that hold it up: the floor (days past due and flags such as 重组)
 * a manual class cannot go below, the manual classes in force, and who set or withdrew each.
 */
export function ClassPanel({ loanId }: { loanId: number }) {
  const { t } = useI18n();
  const { can } = useSession();
  const [withdrawing, setWithdrawing] = useState<Row | null>(null);
  const overrides = useQuery({
    queryKey: classOverridesKey(loanId),
    queryFn: () => unwrap(api.GET('/api/v1/loans/{id}/class-overrides', { params: { path: { id: loanId } } })),
  });
  if (overrides.error) return <Alert type="error" showIcon message={overrides.error.message} />;
  const standing = overrides.data?.standing ?? null;
  const classify = can('loan.classify');
  const flagLabel = (flag: string) => (FLAGS.includes(flag as Flag) ? t(`loanFlag.${flag as Flag}`) : flag);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {standing ? (
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} data-testid="class-standing">
          <Descriptions.Item label={t('class.current', { date: standing.asOf })}>
            <ClassTag riskClass={standing.riskClass} />
          </Descriptions.Item>
          <Descriptions.Item label={t('class.floor')}>
            <span data-testid="class-floor">
              <ClassTag riskClass={standing.floor} />
            </span>
            <Typography.Text type="secondary">
              {t('class.floorWhy', { dpd: standing.dpd })}
              {standing.flagFloors.map((f) => ` · ${flagLabel(f.flag)}`).join('')}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('class.override')}>{standing.override ? <ClassTag riskClass={standing.override} /> : t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('class.expected')}>
            <span data-testid="class-expected">
              <ClassTag riskClass={standing.expectedClass} />
            </span>
          </Descriptions.Item>
        </Descriptions>
      ) : (
        overrides.data && <Alert type="info" showIcon message={t('loan360.noStatus')} />
      )}
      {classify && standing && <ClassOverrideForm loanId={loanId} standing={standing} />}
      <Table<Row>
        size="small"
        rowKey="id"
        loading={overrides.isFetching && !overrides.data}
        pagination={false}
        title={() => t('class.history')}
        dataSource={overrides.data?.items ?? []}
        data-testid="class-overrides"
        columns={[
          { title: t('class.manual'), dataIndex: 'riskClass', width: 90, render: (c: string) => <ClassTag riskClass={c} /> },
          { title: t('class.effectiveFrom'), dataIndex: 'effectiveFrom', width: 110 },
          { title: t('class.setBy'), key: 'by', width: 200, render: (_: unknown, r) => `${r.setBy ?? '—'} (${isRole(r.role) ? roleLabel(t, r.role) : r.role}) · ${formatInstant(r.createdAt)}` },
          { title: t('common.reason'), dataIndex: 'reason' },
          {
            title: t('class.status'),
            key: 'status',
            width: 260,
            render: (_: unknown, r) =>
              r.withdrawal ? (
                <Typography.Text type="secondary">
                  {t('class.withdrawn', { date: r.withdrawal.withdrawnOn, by: r.withdrawal.by ?? '—', reason: r.withdrawal.reason ?? '' })}
                </Typography.Text>
              ) : (
                <Space>
                  <Tag color="orange">{t('class.active')}</Tag>
                  {classify && (
                    <Button size="small" onClick={() => setWithdrawing(r)} data-testid={`withdraw-${r.id}`}>
                      {t('class.withdraw')}
                    </Button>
                  )}
                </Space>
              ),
          },
        ]}
      />
      {withdrawing && <WithdrawOverrideModal loanId={loanId} override={withdrawing} onClose={() => setWithdrawing(null)} />}
    </Space>
  );
}
