import { Alert, Button, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { formatInstant } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { alertMessage, SEVERITIES, type Severity, SeverityTag } from '../severity.js';
import { usePagedList } from './paged.js';

type CollateralAlert = Schemas['CollateralAlert'];
type GpsAlert = Schemas['TelematicsAlert'];
const COLLATERAL_KINDS: readonly CollateralAlert['kind'][] = ['ltv_breach', 'insurance_expiring', 'uninsured'];

/**
 * Collateral alerts (LTV crossings, insurance) and GPS alerts are signals: close of business reads
 * them into the early-warning features, and the warnings they raise are what officers handle.
 */
export function CollateralAlertsTab() {
  const { t, lang } = useI18n();
  const [kind, setKind] = useState<CollateralAlert['kind'] | undefined>();
  const list = usePagedList(['risk', 'collateral-alerts', 'inbox', { kind }], (cursor) => unwrap(api.GET('/api/v1/collateral/alerts', { params: { query: { limit: 50, ...(kind ? { kind } : {}), ...(cursor ? { cursor } : {}) } } })));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Select<CollateralAlert['kind'] | 'all'>
        style={{ width: 180 }}
        value={kind ?? 'all'}
        onChange={(v) => setKind(v === 'all' ? undefined : v)}
        options={[{ value: 'all', label: t('common.all') }, ...COLLATERAL_KINDS.map((k) => ({ value: k, label: t(`risk.collateralKind.${k}`) }))]}
      />
      {list.error && <Alert type="error" showIcon message={list.error.message} />}
      <Table<CollateralAlert>
        data-testid="collateral-alerts-table"
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.items}
        pagination={false}
        locale={{ emptyText: t('risk.alerts.none') }}
        columns={[
          { title: t('risk.alerts.raisedOn'), dataIndex: 'raisedOn', width: 110 },
          { title: t('risk.alerts.kind'), dataIndex: 'kind', width: 130, render: (k: CollateralAlert['kind']) => t(`risk.collateralKind.${k}`) },
          { title: t('loan.branch'), dataIndex: 'branchCode', width: 90 },
          { title: t('risk.alerts.loan'), dataIndex: 'loanId', width: 90, render: (id: number | null) => (id === null ? '—' : <Link to={`/loans/${id}`}>{id}</Link>) },
          { title: t('risk.alerts.severity'), dataIndex: 'severity', width: 90, render: (s: Severity) => <SeverityTag severity={s} /> },
          { title: t('risk.alerts.message'), key: 'message', render: (_: unknown, a) => alertMessage(a, lang) },
        ]}
      />
      {list.hasNextPage && (
        <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('risk.more')}
        </Button>
      )}
    </Space>
  );
}

export function GpsAlertsTab() {
  const { t, lang } = useI18n();
  const [severity, setSeverity] = useState<Severity | undefined>();
  const list = usePagedList(['risk', 'gps-alerts', 'inbox', { severity }], (cursor) => unwrap(api.GET('/api/v1/telematics/alerts', { params: { query: { limit: 50, ...(severity ? { severity } : {}), ...(cursor ? { cursor } : {}) } } })));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Select<Severity | 'all'>
        style={{ width: 140 }}
        value={severity ?? 'all'}
        onChange={(v) => setSeverity(v === 'all' ? undefined : v)}
        options={[{ value: 'all', label: t('risk.alerts.anySeverity') }, ...SEVERITIES.map((s) => ({ value: s, label: t(`risk.severity.${s}`) }))]}
      />
      {list.error && <Alert type="error" showIcon message={list.error.message} />}
      <Table<GpsAlert>
        data-testid="gps-alerts-table"
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.items}
        pagination={false}
        locale={{ emptyText: t('risk.alerts.none') }}
        columns={[
          { title: t('risk.alerts.at'), dataIndex: 'at', width: 170, render: formatInstant },
          { title: t('risk.alerts.rule'), dataIndex: 'ruleCode', width: 130 },
          { title: t('loan.branch'), dataIndex: 'branchCode', width: 90 },
          { title: t('risk.alerts.loan'), dataIndex: 'loanId', width: 90, render: (id: number) => <Link to={`/loans/${id}`}>{id}</Link> },
          { title: t('risk.alerts.severity'), dataIndex: 'severity', width: 90, render: (s: Severity) => <SeverityTag severity={s} /> },
          { title: t('risk.alerts.message'), key: 'message', render: (_: unknown, a) => alertMessage(a, lang) },
        ]}
      />
      {list.hasNextPage && (
        <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('risk.more')}
        </Button>
      )}
    </Space>
  );
}
