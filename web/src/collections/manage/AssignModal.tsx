import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client.js';
import { useI18n } from '../../i18n/context.js';
import { ownerKindLabel } from '../labels.js';
import { type CaseRow, MANAGE_KEY, type Owner, ownerKey } from './api.js';

interface Values {
  owner?: string;
  reason: string;
}

/**
 * 分案 by hand (a new owner) or 回收 (no owner: back to the allocation rules at the next close); a
 * reason either way, as the owner history keeps it. The server checks scope and training.
 */
export function AssignModal({ row, owners, recall, onClose }: { row: CaseRow; owners: readonly Owner[]; recall: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: Values) => {
      const target = recall ? null : owners.find((o) => ownerKey(o) === v.owner);
      return unwrap(
        api.POST('/api/v1/cases/{id}/assign', {
          params: { path: { id: row.id } },
          body: { ownerKind: target?.kind ?? null, ownerId: target?.id ?? null, reason: v.reason },
        }),
      );
    },
    onSuccess: async () => {
      message.success(t(recall ? 'collections.manage.recalled' : 'collections.manage.assigned', { id: row.id }));
      await queryClient.invalidateQueries({ queryKey: [MANAGE_KEY] });
      onClose();
    },
    onError: (error) => {
      const fields = error instanceof ApiError ? (error.problem.errors ?? []) : [];
      form.setFields(fields.filter((f) => f.field === 'ownerId' || f.field === 'reason').map((f) => ({ name: f.field === 'ownerId' ? 'owner' : 'reason', errors: [f.message] })));
      setProblem(error.message);
    },
  });
  const current = row.owner ? ownerKey(row.owner) : null;
  const options = owners
    .filter((o) => ownerKey(o) !== current)
    .map((o) => ({ value: ownerKey(o), label: `${ownerKindLabel(t, o.kind)} · ${o.name} (${o.branchCode}) · ${t('collections.manage.openCasesN', { n: o.openCases })}` }));
  return (
    <Modal
      open
      title={t(recall ? 'collections.manage.recallTitle' : 'collections.manage.assignTitle', { id: row.id, loan: row.loanExternalId })}
      okText={t(recall ? 'collections.manage.recall' : 'collections.manage.assign')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'cm-assign-ok' }}
      destroyOnHidden
    >
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} data-testid="cm-assign-problem" />}
      {recall && <Alert type="info" showIcon message={t('collections.manage.recallHint')} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        {!recall && (
          <Form.Item name="owner" label={t('collections.manage.newOwner')} rules={[{ required: true, message: t('collections.manage.ownerRequired') }]}>
            <Select data-testid="cm-assign-owner" showSearch optionFilterProp="label" options={options} />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('collections.manage.reason')} rules={[{ required: true, min: 2, message: t('collections.manage.reasonRequired') }]}>
          <Input data-testid="cm-assign-reason" maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
