import type { TabsProps } from 'antd';
import { lazy, Suspense } from 'react';
import { Loading } from '../auth/Guard.js';
import type { Permission } from '../auth/context.js';
import { useI18n } from '../i18n/context.js';
import type { MessageKey } from '../i18n/translate.js';

type Tab = NonNullable<TabsProps['items']>[number];

const LoanCollateralTab = lazy(() => import('./vehicle/LoanCollateralTab.js'));
const LoanTrackTab = lazy(() => import('./track/LoanTrackTab.js'));

// A label is a component so it reads the language from context (riskLoanTabs is not a component).
function Label({ k }: { k: MessageKey }) {
  return <>{useI18n().t(k)}</>;
}

/** Tabs the risk pages add to the loan 360 (shown after its own tabs), and actions beside its buttons. */
export function riskLoanTabs(loanId: number, can: (p: Permission) => boolean): Tab[] {
  if (!can('loan.read')) return [];
  return [
    {
      key: 'risk-collateral',
      label: <Label k="risk.tab.collateral" />,
      children: (
        <Suspense fallback={<Loading />}>
          <LoanCollateralTab loanId={loanId} canRecord={can('collateral.record')} />
        </Suspense>
      ),
    },
    {
      key: 'risk-track',
      label: <Label k="risk.tab.track" />,
      children: (
        <Suspense fallback={<Loading />}>
          <LoanTrackTab loanId={loanId} />
        </Suspense>
      ),
    },
  ];
}
