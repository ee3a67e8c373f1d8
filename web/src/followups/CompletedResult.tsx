import { Button, Card, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { Schemas } from '../api/client.js';
import { useI18n } from '../i18n/context.js';
import { DerivedSummary } from './DerivedSummary.js';
import type { Derived } from './types.js';

/** What a completed follow-up made of its answers: facts, checks, flags and tasks. */
export function CompletedResult({ done }: { done: Schemas['FollowUpCompleted'] }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const subTitle = done.unreachable ? t('fu.done.unreachable') : done.hasDiscrepancy ? t('fu.done.discrepancy') : t('fu.done.noDiscrepancy');
  return (
    <Card size="small">
      <Result
        status={done.hasDiscrepancy || done.unreachable ? 'warning' : 'success'}
        title={<span data-testid="fu-done-title">{t('fu.done.title')}</span>}
        subTitle={<span data-testid="fu-done-summary">{subTitle}</span>}
        extra={[
          <Button key="history" type="primary" onClick={() => navigate(`/followups/${done.followUpId}/history`)} data-testid="fu-open-history">
            {t('fu.done.history')}
          </Button>,
          <Button key="back" onClick={() => navigate('/followups')}>
            {t('fu.done.back')}
          </Button>,
        ]}
      >
        <DerivedSummary derived={done.derived as unknown as Derived} testId="fu-derived" />
      </Result>
    </Card>
  );
}
