import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { api, type Ok, type Schemas, unwrap } from '../../api/client.js';
import { showProblemOnForm } from '../../api/form-errors.js';
import { useI18n } from '../../i18n/context.js';

export const tokensKey = (userId: number) => ['tokens', userId] as const;

type Issued = Ok<'/api/v1/users/{id}/tokens', 'post'>;

/**
 * Names a new token, then shows its secret: the server keeps only a hash, so this dialog is the
 * one place it can be copied. Closing it forgets the secret.
 */
export function IssueTokenModal({ user, onClose }: { user: Schemas['User']; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ name: string }>();
  const [problem, setProblem] = useState<string | null>(null);
  const issue = useMutation({
    mutationFn: (body: { name: string }) => unwrap(api.POST('/api/v1/users/{id}/tokens', { params: { path: { id: user.id } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey(user.id) }),
    onError: (error) => setProblem(showProblemOnForm(form, error)),
  });
  const issued: Issued | undefined = issue.data;
  if (issued) {
    return (
      <Modal open title={t('token.issuedTitle', { name: issued.name })} onCancel={onClose} footer={<Button type="primary" onClick={onClose} data-testid="token-secret-done">{t('token.secretDone')}</Button>}>
        <Alert type="warning" showIcon message={t('token.secretOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable={{ text: issued.token }} code data-testid="token-secret">
          {issued.token}
        </Typography.Paragraph>
      </Modal>
    );
  }
  return (
    <Modal open title={t('token.issueFor', { username: user.username })} okText={t('token.issue')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose} okButtonProps={{ loading: issue.isPending, 'data-testid': 'token-issue-save' }} destroyOnHidden>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">{t('token.actsAs')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => { setProblem(null); issue.mutate(v); }}>
        <Form.Item name="name" label={t('token.name')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input maxLength={100} placeholder={t('token.namePlaceholder')} data-testid="token-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A revoked token stops working at once; the reason goes to the audit log. */
export function RevokeTokenModal({ token, userId, onClose }: { token: Schemas['ApiToken']; userId: number; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const [problem, setProblem] = useState<string | null>(null);
  const revoke = useMutation({
    mutationFn: (body: { reason: string }) => unwrap(api.POST('/api/v1/tokens/{id}/revoke', { params: { path: { id: token.id } }, body })),
    onSuccess: async () => {
      message.success(t('token.revoked'));
      await queryClient.invalidateQueries({ queryKey: tokensKey(userId) });
      onClose();
    },
    onError: (error) => setProblem(showProblemOnForm(form, error)),
  });
  return (
    <Modal open title={t('token.revokeTitle', { name: token.name })} okText={t('token.revoke')} okButtonProps={{ danger: true, loading: revoke.isPending, 'data-testid': 'token-revoke-save' }} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => { setProblem(null); revoke.mutate(v); }}>
        <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('form.reasonMin') }]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="token-revoke-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
