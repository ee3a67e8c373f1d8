import { Card, List } from 'antd';
import { formatFen } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import type { CaseDetail, CaseTask } from '../case-types.js';
import { talkingPoints } from '../talking-points.js';

/** What to say on this case (see talking-points.ts for how they are chosen). */
export function TalkingPointsCard({ c, task }: { c: CaseDetail; task: CaseTask | null }) {
  const { t } = useI18n();
  const facts = task?.explanation.facts;
  const points = talkingPoints({
    segment: task?.segment ?? c.strategy?.segment ?? null,
    action: task?.action ?? null,
    dpd: c.dpd,
    overdue: formatFen(c.overdueFen),
    tags: facts?.tags ?? [],
    promise: facts?.promise ?? null,
  });
  return (
    <Card size="small" title={t('coll.case.talkingPoints')}>
      <List size="small" dataSource={points} data-testid="talking-points" renderItem={(p) => <List.Item>{t(p.key, p.vars)}</List.Item>} />
    </Card>
  );
}
