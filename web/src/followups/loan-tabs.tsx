import type { TabsProps } from 'antd';
import type { Permission } from '../auth/context.js';

type Tab = NonNullable<TabsProps['items']>[number];

/** Tabs the followups pages add to the loan 360 (shown after its own tabs), and actions beside its buttons. */
export function followupsLoanTabs(_loanId: number, _can: (p: Permission) => boolean): Tab[] {
  return [];
}
