import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n/context.js';
import { LienTasksTab } from './LienTasksTab.js';
import { CollateralAlertsTab, GpsAlertsTab } from './SignalsTabs.js';
import { WarningsTab } from './WarningsTab.js';

const TABS = ['warnings', 'collateral', 'gps', 'tasks'] as const;
type TabKey = (typeof TABS)[number];

/** The alert inbox: early warnings to handle, the collateral and GPS alerts behind them, and lien releases owed. */
export default function AlertInboxPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab: TabKey = TABS.find((k) => k === asked) ?? 'warnings';
  return (
    <Card size="small" title={t('nav.risk.alerts')}>
      <Tabs
        data-testid="inbox-tabs"
        activeKey={tab}
        onChange={(k) => setParams({ tab: k })}
        items={[
          { key: 'warnings', label: t('risk.inbox.warnings'), children: <WarningsTab /> },
          { key: 'collateral', label: t('risk.inbox.collateral'), children: <CollateralAlertsTab /> },
          { key: 'gps', label: t('risk.inbox.gps'), children: <GpsAlertsTab /> },
          { key: 'tasks', label: t('risk.inbox.tasks'), children: <LienTasksTab /> },
        ]}
      />
    </Card>
  );
}
