import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Alert, Form, Input, Modal } from 'antd';
import { api, unwrap } from '../api/client.js';
import { useI18n } from '../i18n/context.js';

/** Releasing and completing a held task, from the queue or the case; both refresh every collections query. */
export function useTaskActions(onDone?: (taskId: number) => void) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['collections'] });
  const release = useMutation({
    mutationFn: (id: number) => unwrap(api.POST('/api/v1/tasks/{id}/release', { params: { path: { id } } })),
    onSuccess: async (_task, id) => {
      message.success(t('coll.queue.released'));
      onDone?.(id);
      await refresh();
    },
    onError: (e) => message.error(e.message),
  });
  const complete = useMutation({
    mutationFn: ({ id, note }: { id: number; note: string | undefined }) => unwrap(api.POST('/api/v1/tasks/{id}/complete', { params: { path: { id } }, body: note ? { note } : {} })),
    onSuccess: async (_task, { id }) => {
      message.success(t('coll.queue.completed'));
      onDone?.(id);
      await refresh();
    },
  });
  return { release, complete };
}

/** Asks for an optional note, then completes the task. */
export function CompleteTaskModal({ taskId, complete, onClose }: { taskId: number; complete: ReturnType<typeof useTaskActions>['complete']; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ note?: string }>();
  return (
    <Modal
      open
      title={t('coll.queue.completeTitle')}
      okText={t('coll.queue.complete')}
      okButtonProps={{ loading: complete.isPending, 'data-testid': 'complete-submit' }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {complete.error && <Alert type="error" showIcon message={complete.error.message} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => complete.mutate({ id: taskId, note: v.note?.trim() || undefined }, { onSuccess: onClose })}>
        <Form.Item name="note" label={t('coll.queue.note')}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="complete-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
