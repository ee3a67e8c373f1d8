import { Descriptions, Tag, Typography } from 'antd';
import { formatInstant } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { bilingual, type Task, type TaskExplanation } from '../case-types.js';
import { actionLabel, segmentLabel, TASK_STATUS_COLOR, taskStatusLabel } from '../labels.js';

/** What a task asks, how urgent it is, its SLA and the strategy's reason for it. */
export function TaskSummary({ task }: { task: Task }) {
  const { t, lang } = useI18n();
  const explanation = task.explanation as TaskExplanation;
  return (
    <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} data-testid="task-summary">
      <Descriptions.Item label={t('coll.task.loan')}>
        <span data-testid="task-loan">{task.loanExternalId}</span> ({task.branchCode})
      </Descriptions.Item>
      <Descriptions.Item label={t('coll.task.action')}>
        <Tag color="geekblue" data-testid="task-action">{task.kind === 'escalation' ? t('coll.task.kind.escalation') : actionLabel(t, task.action)}</Tag>
      </Descriptions.Item>
      <Descriptions.Item label={t('coll.task.status')}>
        <Tag color={TASK_STATUS_COLOR[task.status]}>{taskStatusLabel(t, task.status)}</Tag>
        {task.heldUntil && <Typography.Text type="secondary">{t('coll.queue.heldUntil', { time: formatInstant(task.heldUntil) })}</Typography.Text>}
      </Descriptions.Item>
      <Descriptions.Item label={t('coll.task.segment')}>{segmentLabel(t, task.segment)}</Descriptions.Item>
      <Descriptions.Item label={t('coll.task.step')}>
        <span data-testid="task-step">{task.step ?? '—'}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('coll.task.priority')}>
        <span data-testid="task-priority">{task.priority}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('coll.task.dueBy')}>
        <span data-testid="task-due">{formatInstant(task.dueBy)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('coll.task.why')} span={2}>
        <span data-testid="task-why">{bilingual(explanation.why, lang)}</span>
      </Descriptions.Item>
    </Descriptions>
  );
}
