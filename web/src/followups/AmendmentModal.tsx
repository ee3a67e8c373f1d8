import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { api, ApiError, type Schemas, unwrap } from '../api/client.js';
import { useSession } from '../auth/context.js';
import { useI18n } from '../i18n/context.js';
import { answerText, choiceLabel, CHOICES, itemLabel, sourceLabel, verdictLabel, VERDICT_COLOR } from './labels.js';
import { type Answer, type AmendmentSource, type History, type Item, type Verdict, VERDICTS } from './types.js';

interface Change {
  heard: string;
  verdict: Verdict | '';
}

/** The answers of the version in effect: what an amendment corrects. */
export function answersInEffect(history: History): Answer[] {
  const current = history.amendments.find((a) => a.version !== null && a.version === history.currentVersion);
  return current?.answers ?? history.original.answers;
}

/**
 * 回访说错: a correction of a completed follow-up. Only the items typed here change; the server
 * decides whether it takes effect at once or waits for a supervisor (when it changes anything
 * derived), and says which.
 */
export function AmendmentModal({ history, onClose }: { history: History; onClose: () => void }) {
  const { t } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const sources: AmendmentSource[] = [...(can('followup.work') ? (['agent'] as const) : []), ...(can('followup.qa') ? (['qa'] as const) : []), 'complaint'];
  const [source, setSource] = useState<AmendmentSource>(sources[0] ?? 'complaint');
  const [reason, setReason] = useState('');
  const [changes, setChanges] = useState<Partial<Record<Item, Change>>>({});
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const answers = answersInEffect(history);

  const file = useMutation({
    mutationFn: (body: Schemas['FollowUpAmendmentPost']) => unwrap(api.POST('/api/v1/followups/{id}/amendments', { params: { path: { id: history.followUpId } }, body })),
    onSuccess: async (filed) => {
      message.success(filed.status === 'pending' ? t('fu.amend.filedPending') : t('fu.amend.filedApplied', { n: filed.version ?? 0 }));
      await queryClient.invalidateQueries({ queryKey: ['followups'] });
      onClose();
    },
    onError: (error) => {
      const byField: Partial<Record<string, string>> = {};
      if (error instanceof ApiError) for (const e of error.problem.errors ?? []) byField[e.field.replace(/^changes\./, '')] = e.message;
      setErrors(byField);
      setProblem(error.message);
    },
  });

  const submit = () => {
    setProblem(null);
    setErrors({});
    const body = answers.flatMap((a) => {
      const c = changes[a.item];
      if (!c || (c.heard.trim() === '' && c.verdict === '')) return [];
      // a verdict alone corrects the verdict of what was heard
      return [{ item: a.item, heard: c.heard.trim() === '' ? a.heard : c.heard.trim(), ...(c.verdict === '' ? {} : { verdict: c.verdict }) }];
    });
    if (body.length === 0) {
      setProblem(t('fu.amend.nothing'));
      return;
    }
    if (reason.trim() === '') {
      setErrors({ reason: t('form.required') });
      return;
    }
    file.mutate({ source, reason: reason.trim(), changes: body });
  };

  const set = (item: Item, patch: Partial<Change>) => setChanges((all) => ({ ...all, [item]: { heard: '', verdict: '', ...all[item], ...patch } }));
  const columns: TableProps<Answer>['columns'] = [
    { title: t('fu.form.itemCol'), dataIndex: 'item', width: 130, render: (item: Item) => itemLabel(t, item) },
    {
      title: t('fu.amend.current'),
      key: 'current',
      width: 220,
      render: (_: unknown, a) => (
        <Space size={4} wrap>
          <span>{answerText(t, a.item, a.heard)}</span>
          <Tag color={VERDICT_COLOR[a.verdict]}>{verdictLabel(t, a.verdict)}</Tag>
        </Space>
      ),
    },
    {
      title: t('fu.amend.newHeard'),
      key: 'heard',
      render: (_: unknown, a) => {
        const choices = CHOICES[a.item];
        const value = changes[a.item]?.heard ?? '';
        return (
          <Space direction="vertical" size={2}>
            {choices ? (
              <Radio.Group size="small" optionType="button" value={value} onChange={(e) => set(a.item, { heard: String(e.target.value) })} data-testid={`fu-amend-heard-${a.item}`}>
                {choices.map((c) => (
                  <Radio.Button key={c} value={c}>
                    {choiceLabel(t, c)}
                  </Radio.Button>
                ))}
              </Radio.Group>
            ) : (
              <Input size="small" value={value} onChange={(e) => set(a.item, { heard: e.target.value })} data-testid={`fu-amend-heard-${a.item}`} />
            )}
            {errors[a.item] && <Typography.Text type="danger">{errors[a.item]}</Typography.Text>}
          </Space>
        );
      },
    },
    {
      title: t('fu.amend.newVerdict'),
      key: 'verdict',
      width: 280,
      render: (_: unknown, a) => (
        <Radio.Group size="small" value={changes[a.item]?.verdict ?? ''} onChange={(e) => set(a.item, { verdict: e.target.value as Change['verdict'] })} data-testid={`fu-amend-verdict-${a.item}`}>
          <Radio value="">{t('fu.verdict.auto')}</Radio>
          {VERDICTS.map((v) => (
            <Radio key={v} value={v}>
              {verdictLabel(t, v)}
            </Radio>
          ))}
        </Radio.Group>
      ),
    },
  ];

  return (
    <Modal
      open
      width={1100}
      title={t('fu.amend.title')}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      okButtonProps={{ loading: file.isPending, 'data-testid': 'fu-amend-submit' }}
      destroyOnHidden
    >
      <Space direction="vertical" size="small" style={{ width: '100%' }}>
        <Alert type="info" showIcon message={t('fu.amend.hint')} />
        {problem && <Alert type="error" showIcon message={problem} data-testid="fu-amend-problem" />}
        <Space>
          <Typography.Text>{t('fu.amend.source')}:</Typography.Text>
          <Radio.Group value={source} onChange={(e) => setSource(e.target.value as AmendmentSource)} data-testid="fu-amend-source">
            {sources.map((s) => (
              <Radio key={s} value={s}>
                {sourceLabel(t, s)}
              </Radio>
            ))}
          </Radio.Group>
        </Space>
        <Table<Answer> rowKey="item" size="small" pagination={false} columns={columns} dataSource={answers} scroll={{ y: 420 }} />
        <Input.TextArea rows={2} maxLength={500} value={reason} placeholder={t('fu.history.reason')} onChange={(e) => setReason(e.target.value)} status={errors.reason ? 'error' : undefined} data-testid="fu-amend-reason" />
        {errors.reason && <Typography.Text type="danger">{errors.reason}</Typography.Text>}
      </Space>
    </Modal>
  );
}
