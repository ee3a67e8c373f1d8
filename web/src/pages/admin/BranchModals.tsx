import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Select, TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import { api, type BodyOf, type Schemas, unwrap } from '../../api/client.js';
import { showProblemOnForm } from '../../api/form-errors.js';
import { branchTree, useBranches } from '../../api/queries.js';
import { useI18n } from '../../i18n/context.js';
import { branchName } from '../../i18n/localized.js';

type Branch = Schemas['Branch'];
type Create = BodyOf<'/api/v1/branches', 'post'>;

/** A hook shared by both forms: save, refresh the tree, report; the server's field errors land under their fields. */
function useBranchSave<V>(form: ReturnType<typeof Form.useForm<V>>[0], call: (v: V) => Promise<Branch>, onDone: (b: Branch) => void) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: call,
    onSuccess: async (b) => {
      message.success(t('user.saved'));
      await queryClient.invalidateQueries({ queryKey: ['branches'] });
      onDone(b);
    },
    onError: (error) => setProblem(showProblemOnForm(form, error)),
  });
  return { save, problem, submit: (v: V) => { setProblem(null); save.mutate(v); } };
}

/** A new branch or team under a parent: head office holds branches, a branch holds branches and teams. */
export function BranchCreateModal({ parent, onClose }: { parent: Branch | null; onClose: (created?: Branch) => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Create>();
  const branches = useBranches();
  // Teams are leaves: nothing is created under one.
  const tree = useMemo(() => branchTree((branches.data ?? []).filter((b) => b.kind !== 'team'), (b) => branchName(b, lang)), [branches.data, lang]);
  const { save, problem, submit } = useBranchSave(form, (body: Create) => unwrap(api.POST('/api/v1/branches', { body })), onClose);
  const initialParent = parent && parent.kind !== 'team' ? parent : undefined;
  return (
    <Modal open title={t('branch.create')} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={() => onClose()} okButtonProps={{ loading: save.isPending, 'data-testid': 'branch-save' }} destroyOnHidden>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} data-testid="branch-problem" />}
      <Form<Create> form={form} layout="vertical" initialValues={{ parentId: initialParent?.id, kind: initialParent?.kind === 'head_office' ? 'branch' : 'team' }} onFinish={submit}>
        <Form.Item name="parentId" label={t('branch.parent')} rules={[{ required: true, message: t('form.required') }]}>
          <TreeSelect treeData={tree} treeDefaultExpandAll data-testid="branch-parent" />
        </Form.Item>
        <Form.Item name="kind" label={t('branch.kind')} rules={[{ required: true, message: t('form.required') }]}>
          <Select options={(['branch', 'team'] as const).map((k) => ({ value: k, label: t(`branchKind.${k}`) }))} data-testid="branch-kind" />
        </Form.Item>
        <Form.Item name="code" label={t('branch.code')} extra={t('branch.codeHint')} rules={[{ required: true, message: t('form.required') }]}>
          <Input autoComplete="off" data-testid="branch-code" />
        </Form.Item>
        <Form.Item name="nameZh" label={t('branch.nameZh')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input data-testid="branch-name-zh" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('branch.nameEn')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input data-testid="branch-name-en" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface RenameValues {
  nameZh: string;
  nameEn: string;
  reason: string;
}

/** Renames a branch; the code and place in the tree stay (they are in every path below it), the reason goes to the audit log. */
export function BranchRenameModal({ branch, onClose }: { branch: Branch; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<RenameValues>();
  const { save, problem, submit } = useBranchSave(form, (body: RenameValues) => unwrap(api.PATCH('/api/v1/branches/{id}', { params: { path: { id: branch.id } }, body })), onClose);
  return (
    <Modal open title={t('branch.renameTitle', { code: branch.code })} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose} okButtonProps={{ loading: save.isPending, 'data-testid': 'branch-rename-save' }} destroyOnHidden>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Form<RenameValues> form={form} layout="vertical" initialValues={{ nameZh: branch.nameZh, nameEn: branch.nameEn }} onFinish={submit}>
        <Form.Item name="nameZh" label={t('branch.nameZh')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input data-testid="branch-rename-zh" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('branch.nameEn')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input data-testid="branch-rename-en" />
        </Form.Item>
        <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('form.reasonMin') }]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="branch-rename-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
