import { Table, Tag } from 'antd';
import { formatInstant } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { bilingual, type CaseTask } from '../case-types.js';
import { actionLabel, TASK_STATUS_COLOR, taskStatusLabel } from '../labels.js';

/** Every step the strategy (or coverage) asked of this case, newest first, with its reason. */
export function CaseTasksTable({ tasks }: { tasks: CaseTask[] }) {
  const { t, lang } = useI18n();
  return (
    <Table<CaseTask>
      size="small"
      rowKey="id"
      dataSource={[...tasks].reverse()}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      data-testid="case-tasks"
      columns={[
        { title: '#', dataIndex: 'id', width: 70 },
        { title: t('coll.task.created'), dataIndex: 'createdOn', width: 110 },
        { title: t('coll.task.action'), dataIndex: 'action', width: 110, render: (a: string, r) => (r.kind === 'escalation' ? t('coll.task.kind.escalation') : actionLabel(t, a)) },
        { title: t('coll.task.step'), dataIndex: 'step', width: 100, render: (s: string | null) => s ?? '—' },
        { title: t('coll.task.dueBy'), dataIndex: 'dueBy', width: 170, render: formatInstant },
        { title: t('coll.task.status'), dataIndex: 'status', width: 100, render: (s: string) => <Tag color={TASK_STATUS_COLOR[s]}>{taskStatusLabel(t, s)}</Tag> },
        { title: t('coll.task.why'), dataIndex: 'explanation', ellipsis: true, render: (e: CaseTask['explanation']) => bilingual(e.why, lang) },
      ]}
    />
  );
}
