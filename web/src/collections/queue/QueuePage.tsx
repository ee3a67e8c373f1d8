import { ThunderboltOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, type Ok, unwrap } from '../../api/client.js';
import { useI18n } from '../../i18n/context.js';
import { myTasksKey } from '../queries.js';
import { CompleteTaskModal, useTaskActions } from '../task-actions.js';
import { MyTasks } from './MyTasks.js';
import { TaskSummary } from './TaskSummary.js';

type Next = Ok<'/api/v1/queue/next'>;

/**
 * My queue: "take next" asks the server for the most urgent task this collector may work now (it
 * holds it for them, passing over those the compliance guard would refuse), then the collector
 * opens its case, or gives it back. Below, every task they hold or own.
 */
export default function QueuePage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [next, setNext] = useState<Next | null>(null);
  const [completing, setCompleting] = useState<number | null>(null);
  const take = useMutation({
    mutationFn: () => unwrap(api.GET('/api/v1/queue/next')),
    onSuccess: async (result) => {
      setNext(result);
      await queryClient.invalidateQueries({ queryKey: myTasksKey });
    },
  });
  const { release, complete } = useTaskActions((id) => setNext((n) => (n?.task?.id === id ? null : n)));
  const task = next?.task ?? null;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        size="small"
        title={<Typography.Title level={4} style={{ margin: 0 }}>{t('coll.queue.title')}</Typography.Title>}
        extra={
          <Button type="primary" icon={<ThunderboltOutlined />} loading={take.isPending} onClick={() => take.mutate()} data-testid="queue-next">
            {t('coll.queue.next')}
          </Button>
        }
      >
        {take.error && <Alert type="error" showIcon message={take.error.message} style={{ marginBottom: 12 }} />}
        {next !== null && next.passedOver > 0 && <Alert type="info" showIcon message={t('coll.queue.passedOver', { n: next.passedOver })} style={{ marginBottom: 12 }} data-testid="queue-passed-over" />}
        {next === null ? null : task === null ? (
          <Empty description={t('coll.queue.empty')} data-testid="queue-empty" />
        ) : (
          <Space direction="vertical" style={{ width: '100%' }} data-testid="queue-current">
            <Typography.Text strong>{t('coll.queue.current')}</Typography.Text>
            <TaskSummary task={task} />
            <Space>
              <Button type="primary" onClick={() => navigate(`/collections/cases/${task.caseId}?task=${task.id}`)} data-testid="queue-open-case">
                {t('coll.queue.openCase')}
              </Button>
              <Button onClick={() => setCompleting(task.id)} data-testid="queue-complete">
                {t('coll.queue.complete')}
              </Button>
              <Button loading={release.isPending} onClick={() => release.mutate(task.id)} data-testid="queue-release">
                {t('coll.queue.release')}
              </Button>
            </Space>
          </Space>
        )}
      </Card>
      <Card size="small" title={t('coll.queue.mine')}>
        <MyTasks onRelease={(id) => release.mutate(id)} releasing={release.isPending} />
      </Card>
      {completing !== null && <CompleteTaskModal taskId={completing} complete={complete} onClose={() => setCompleting(null)} />}
    </Space>
  );
}
