import type { TabsProps } from 'antd';
import { lazy, Suspense } from 'react';
import type { Permission } from '../auth/context.js';
import { Loading } from '../auth/Guard.js';
import { useI18n } from '../i18n/context.js';
import type { MessageKey } from '../i18n/translate.js';

type Tab = NonNullable<TabsProps['items']>[number];

// the panels load when their tab is first opened: the loan 360 itself stays light
const RequestPanel = lazy(async () => ({ default: (await import('./RequestPanel.js')).RequestPanel }));
const HistoryPanel = lazy(async () => ({ default: (await import('./HistoryPanel.js')).HistoryPanel }));

function Label({ k }: { k: MessageKey }) {
  const { t } = useI18n();
  return <span>{t(k)}</span>;
}

/** Tabs the restructuring pages add to the loan 360 (shown after its own tabs), and actions beside its buttons. */
export function restructuringLoanTabs(loanId: number, can: (p: Permission) => boolean): Tab[] {
  const tabs: Tab[] = [];
  if (can('restructure.request')) {
    tabs.push({ key: 'restructuring-request', label: <Label k="rs.tab.request" />, children: <Suspense fallback={<Loading />}><RequestPanel loanId={loanId} /></Suspense> });
  }
  tabs.push({ key: 'restructuring-history', label: <Label k="rs.tab.history" />, children: <Suspense fallback={<Loading />}><HistoryPanel loanId={loanId} /></Suspense> });
  return tabs;
}
