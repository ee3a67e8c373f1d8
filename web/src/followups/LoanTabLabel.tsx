import { useI18n } from '../i18n/context.js';

/** The loan 360 tab's name: a component, since the tab list is built outside React's render. */
export function LoanTabLabel() {
  const { t } = useI18n();
  return <span data-testid="fu-loan-tab">{t('fu.loan.tab')}</span>;
}
