import { Alert, Button, Empty, Space, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { formatInstant } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { bilingual, type Task, type TaskExplanation } from '../case-types.js';
import { actionLabel, TASK_STATUS_COLOR, taskStatusLabel } from '../labels.js';
import { useMyTasks } from '../queries.js';

/** The tasks the user holds, then the open ones of cases they own: open a case from here, or give a held task back. */
export function MyTasks({ onRelease, releasing }: { onRelease: (id: number) => void; releasing: boolean }) {
  const { t, lang } = useI18n();
  const tasks = useMyTasks();
  if (tasks.error) return <Alert type="error" showIcon message={tasks.error.message} />;
  return (
    <Table<Task>
      size="small"
      rowKey="id"
      loading={tasks.isLoading}
      dataSource={tasks.data ?? []}
      pagination={false}
      data-testid="my-tasks"
      locale={{ emptyText: <Empty description={t('coll.queue.mineEmpty')} /> }}
      columns={[
        { title: t('coll.task.loan'), dataIndex: 'loanExternalId', render: (v: string, r) => <Link to={`/collections/cases/${r.caseId}?task=${r.id}`}>{v}</Link> },
        { title: t('coll.task.action'), dataIndex: 'action', width: 110, render: (a: string, r) => (r.kind === 'escalation' ? t('coll.task.kind.escalation') : actionLabel(t, a)) },
        { title: t('coll.task.step'), dataIndex: 'step', width: 110, render: (s: string | null) => s ?? '—' },
        { title: t('coll.task.priority'), dataIndex: 'priority', width: 80 },
        { title: t('coll.task.dueBy'), dataIndex: 'dueBy', width: 170, render: formatInstant },
        { title: t('coll.task.status'), dataIndex: 'status', width: 100, render: (s: Task['status']) => <Tag color={TASK_STATUS_COLOR[s]}>{taskStatusLabel(t, s)}</Tag> },
        { title: t('coll.task.why'), dataIndex: 'explanation', ellipsis: true, render: (e: Task['explanation']) => bilingual((e as TaskExplanation).why, lang) },
        {
          title: '',
          key: 'actions',
          width: 180,
          render: (_: unknown, r) => (
            <Space>
              <Link to={`/collections/cases/${r.caseId}?task=${r.id}`}>{t('coll.queue.openCase')}</Link>
              {r.status === 'held' && (
                <Button size="small" loading={releasing} onClick={() => onRelease(r.id)}>
                  {t('coll.queue.release')}
                </Button>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}
