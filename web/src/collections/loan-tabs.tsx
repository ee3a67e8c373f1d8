import type { TabsProps } from 'antd';
import { lazy, Suspense } from 'react';
import { Loading } from '../auth/Guard.js';
import type { Permission } from '../auth/context.js';
import { useI18n } from '../i18n/context.js';

type Tab = NonNullable<TabsProps['items']>[number];

const LoanCollectionsTab = lazy(() => import('./LoanCollectionsTab.js'));

// A label is a component so it reads the language from context (collectionsLoanTabs is not a component).
function Label() {
  return <>{useI18n().t('coll.loanTab.title')}</>;
}

/** Tabs the collections pages add to the loan 360 (shown after its own tabs): the loan's cases, owner history, contacts and promises. */
export function collectionsLoanTabs(loanId: number, can: (p: Permission) => boolean): Tab[] {
  if (!can('collection.read')) return [];
  return [
    {
      key: 'collections',
      label: <Label />,
      children: (
        <Suspense fallback={<Loading />}>
          <LoanCollectionsTab loanId={loanId} />
        </Suspense>
      ),
    },
  ];
}
