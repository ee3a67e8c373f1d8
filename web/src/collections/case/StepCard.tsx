import { Button, Card, Descriptions, Empty, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { formatInstant } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { bilingual, type CaseTask } from '../case-types.js';
import { actionLabel, segmentLabel, TASK_STATUS_COLOR, taskStatusLabel } from '../labels.js';
import { CompleteTaskModal, useTaskActions } from '../task-actions.js';

/** The step the strategy asks for now, and why: each condition it tested, in the user's language. */
export function StepCard({ task, myUserId }: { task: CaseTask | null; myUserId: number | null }) {
  const { t, lang } = useI18n();
  const [completing, setCompleting] = useState(false);
  const { release, complete } = useTaskActions();
  if (task === null) {
    return (
      <Card size="small" title={t('coll.case.step')}>
        <Empty description={t('coll.case.noStep')} />
      </Card>
    );
  }
  const mine = task.status === 'held' && task.heldBy === myUserId;
  const matched = (task.explanation.matched ?? []).filter((r) => r.passed);
  return (
    <Card
      size="small"
      title={t('coll.case.step')}
      data-testid="case-step"
      extra={
        mine && (
          <Space>
            <Tag color="orange">{t('coll.case.heldByYou')}</Tag>
            <Button size="small" type="primary" onClick={() => setCompleting(true)} data-testid="case-complete-task">
              {t('coll.queue.complete')}
            </Button>
            <Button size="small" loading={release.isPending} onClick={() => release.mutate(task.id)}>
              {t('coll.queue.release')}
            </Button>
          </Space>
        )
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('coll.task.action')}>
          <Tag color="geekblue" data-testid="case-step-action">
            {task.kind === 'escalation' ? t('coll.task.kind.escalation') : actionLabel(t, task.action)}
          </Tag>
          <Tag color={TASK_STATUS_COLOR[task.status]}>{taskStatusLabel(t, task.status)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('coll.task.step')}>{task.step ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('coll.task.segment')}>{segmentLabel(t, task.segment)}</Descriptions.Item>
        <Descriptions.Item label={t('coll.task.priority')}>{task.priority}</Descriptions.Item>
        <Descriptions.Item label={t('coll.task.created')}>{task.createdOn}</Descriptions.Item>
        <Descriptions.Item label={t('coll.task.dueBy')}>{formatInstant(task.dueBy)}</Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph style={{ marginTop: 8, marginBottom: 4 }} data-testid="case-step-why">
        {bilingual(task.explanation.why, lang)}
      </Typography.Paragraph>
      {matched.length > 0 && (
        <List
          size="small"
          header={<Typography.Text type="secondary">{t('coll.case.matched')}</Typography.Text>}
          dataSource={matched}
          renderItem={(r) => <List.Item>{bilingual(r, lang)}</List.Item>}
        />
      )}
      {completing && <CompleteTaskModal taskId={task.id} complete={complete} onClose={() => setCompleting(false)} />}
    </Card>
  );
}
