import type { TabsProps } from 'antd';
import type { Permission } from '../auth/context.js';
import { LoanFollowUps } from './LoanFollowUps.js';
import { LoanTabLabel } from './LoanTabLabel.js';

type Tab = NonNullable<TabsProps['items']>[number];

/** Tabs the followups pages add to the loan 360 (shown after its own tabs), and actions beside its buttons. */
export function followupsLoanTabs(loanId: number, can: (p: Permission) => boolean): Tab[] {
  if (!can('followup.read')) return [];
  return [{ key: 'followups', label: <LoanTabLabel />, children: <LoanFollowUps loanId={loanId} /> }];
}
