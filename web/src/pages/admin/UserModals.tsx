import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Select, Switch, TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import { api, type BodyOf, type Schemas, unwrap } from '../../api/client.js';
import { showProblemOnForm } from '../../api/form-errors.js';
import { branchTree, useBranches } from '../../api/queries.js';
import { useI18n } from '../../i18n/context.js';
import { branchName } from '../../i18n/localized.js';
import { roleLabel } from '../../labels.js';
import { ROLES } from '../../../../src/domain/access.js';

type User = Schemas['User'];
type Create = BodyOf<'/api/v1/users', 'post'>;
type Update = BodyOf<'/api/v1/users/{id}', 'patch'>;

interface Values {
  username: string;
  displayName: string;
  branchId: number;
  roles: User['roles'];
  password: string;
  phone?: string;
  active: boolean;
  reason: string;
}

/** Creates a user, or changes one (roles, branch, name, phone, active) with a reason for the audit log. */
export function UserFormModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string | null>(null);
  const branches = useBranches();
  const tree = useMemo(() => branchTree(branches.data ?? [], (b) => branchName(b, lang)), [branches.data, lang]);
  const save = useMutation({
    mutationFn: async (v: Values) => {
      if (!user) {
        const body: Create = { username: v.username, displayName: v.displayName, branchId: v.branchId, roles: v.roles, password: v.password, ...(v.phone ? { phone: v.phone } : {}) };
        return unwrap(api.POST('/api/v1/users', { body }));
      }
      // The phone is shown masked, so it is sent only when a new one was typed.
      const body: Update = { displayName: v.displayName, branchId: v.branchId, roles: v.roles, active: v.active, reason: v.reason, ...(v.phone ? { phone: v.phone } : {}) };
      return unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body }));
    },
    onSuccess: async () => {
      message.success(t('user.saved'));
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onClose();
    },
    onError: (error) => setProblem(showProblemOnForm(form, error)),
  });
  return (
    <Modal open title={user ? t('user.editTitle', { username: user.username }) : t('user.create')} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose} okButtonProps={{ loading: save.isPending, 'data-testid': 'user-save' }} destroyOnHidden>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={user ? { displayName: user.displayName, branchId: user.branchId, roles: user.roles, active: user.active, phone: undefined } : { roles: [], active: true }}
        onFinish={(v) => {
          setProblem(null);
          save.mutate(v);
        }}
      >
        {!user && (
          <Form.Item name="username" label={t('user.username')} rules={[{ required: true, message: t('form.required') }]}>
            <Input autoComplete="off" data-testid="user-username" />
          </Form.Item>
        )}
        <Form.Item name="displayName" label={t('user.displayName')} rules={[{ required: true, message: t('form.required') }]}>
          <Input data-testid="user-display-name" />
        </Form.Item>
        <Form.Item name="branchId" label={t('loan.branch')} rules={[{ required: true, message: t('form.required') }]}>
          <TreeSelect treeData={tree} treeDefaultExpandAll data-testid="user-branch" />
        </Form.Item>
        <Form.Item name="roles" label={t('user.roles')} rules={[{ required: true, message: t('form.required') }]}>
          <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: roleLabel(t, r) }))} data-testid="user-roles" />
        </Form.Item>
        <Form.Item name="phone" label={t('user.phone')} extra={user ? t('user.phoneKeep') : undefined}>
          <Input />
        </Form.Item>
        {!user && (
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('form.required') }]}>
            <Input.Password autoComplete="new-password" data-testid="user-password" />
          </Form.Item>
        )}
        {user && (
          <>
            <Form.Item name="active" label={t('user.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('form.reasonMin') }]}>
              <Input.TextArea rows={2} maxLength={500} data-testid="user-reason" />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

/** A new password set by an admin ends the user's sessions; the reason goes to the audit log. */
export function PasswordResetModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; reason: string }>();
  const [problem, setProblem] = useState<string | null>(null);
  const reset = useMutation({
    mutationFn: (body: { password: string; reason: string }) => unwrap(api.POST('/api/v1/users/{id}/password', { params: { path: { id: user.id } }, body })),
    onSuccess: () => {
      message.success(t('user.passwordReset'));
      onClose();
    },
    onError: (error) => setProblem(showProblemOnForm(form, error)),
  });
  return (
    <Modal open title={t('user.resetTitle', { username: user.username })} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose} okButtonProps={{ loading: reset.isPending }} destroyOnHidden>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => { setProblem(null); reset.mutate(v); }}>
        <Form.Item name="password" label={t('user.newPassword')} rules={[{ required: true, message: t('form.required') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('form.reasonMin') }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
