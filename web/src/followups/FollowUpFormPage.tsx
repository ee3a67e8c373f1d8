import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Input, Space, Spin, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError, type Schemas, unwrap } from '../api/client.js';
import { useSession } from '../auth/context.js';
import { useI18n } from '../i18n/context.js';
import { answersOf, ChecklistTable, type Draft } from './ChecklistTable.js';
import { CompletedResult } from './CompletedResult.js';
import { channelLabel, fieldReasonLabel, taskTitle } from './labels.js';
import { SlaTag } from './SlaTag.js';
import type { Item } from './types.js';

/** The follow-up form: the checklist of the task's channel, the file's values beside the answers. */
export default function FollowUpFormPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const id = Number(useParams().id);
  const [reveal, setReveal] = useState(false);
  const [drafts, setDrafts] = useState<Partial<Record<Item, Draft>>>({});
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Item, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<Schemas['FollowUpCompleted'] | null>(null);

  const form = useQuery({
    queryKey: ['followups', 'form', id, reveal],
    queryFn: () => unwrap(api.GET('/api/v1/followups/{id}/form', { params: { path: { id }, query: { reveal: reveal ? 'true' : 'false' } } })),
    enabled: Number.isSafeInteger(id) && id > 0,
  });

  const complete = useMutation({
    mutationFn: (body: Schemas['FollowUpComplete']) => unwrap(api.POST('/api/v1/followups/{id}/complete', { params: { path: { id } }, body })),
    onSuccess: async (result) => {
      setDone(result);
      await queryClient.invalidateQueries({ queryKey: ['followups'] });
    },
    onError: (error) => {
      // the server checks the checklist (src/domain/followups/checklist.ts): its errors name the item
      const byItem: Partial<Record<Item, string>> = {};
      if (error instanceof ApiError) for (const e of error.problem.errors ?? []) if (e.field.startsWith('answers.')) byItem[e.field.slice('answers.'.length) as Item] = e.message;
      setErrors(byItem);
      setProblem(error.message);
    },
  });

  if (done) return <CompletedResult done={done} />;
  if (form.error) return <Alert type="error" showIcon message={form.error.message} />;
  if (!form.data) return <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />;
  const { task, items } = form.data;
  const today = form.data.asOf;

  const submit = () => {
    setProblem(null);
    setErrors({});
    complete.mutate({ answers: answersOf(items, drafts), ...(note.trim() ? { note: note.trim() } : {}) });
  };

  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }}>
      <Card
        size="small"
        title={<span data-testid="fu-form-title">{t('fu.form.title', { id: task.id })}</span>}
        extra={
          can('pii.reveal') &&
          (form.data.revealed ? (
            <Tag color="orange">{t('fu.form.revealed')}</Tag>
          ) : (
            <Button size="small" icon={<EyeOutlined />} onClick={() => setReveal(true)} data-testid="fu-reveal">
              {t('fu.form.reveal')}
            </Button>
          ))
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('fu.col.loan')}>
            <Link to={`/loans/${task.loanId}`}>{task.loanExternalId}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('fu.col.borrower')}>{task.borrowerName}</Descriptions.Item>
          <Descriptions.Item label={t('fu.col.kind')}>{taskTitle(t, task)}</Descriptions.Item>
          <Descriptions.Item label={t('fu.col.channel')}>
            <span data-testid="fu-channel">{channelLabel(t, task.channel)}</span>
            {task.fieldReasons.length > 0 && ` (${t('fu.form.fieldReasons')}: ${task.fieldReasons.map((r) => fieldReasonLabel(t, r)).join('、')})`}
          </Descriptions.Item>
          <Descriptions.Item label={t('fu.col.doneBy')}>
            {task.doneBy} <SlaTag doneBy={task.doneBy} today={today} />
          </Descriptions.Item>
          <Descriptions.Item label={t('fu.form.fileValue')}>{t('fu.form.asOf', { date: form.data.asOf })}</Descriptions.Item>
        </Descriptions>
      </Card>
      {task.status !== 'open' ? (
        <Alert type="info" showIcon message={t('fu.form.closed')} />
      ) : (
        <Card size="small">
          {drafts.reached?.heard === 'no' && <Alert type="info" showIcon message={t('fu.form.unreachedHint')} style={{ marginBottom: 8 }} />}
          <ChecklistTable items={items} drafts={drafts} errors={errors} onChange={(item, draft) => setDrafts((d) => ({ ...d, [item]: draft }))} />
          <Input.TextArea rows={2} maxLength={2000} value={note} placeholder={t('fu.form.note')} onChange={(e) => setNote(e.target.value)} style={{ marginTop: 8 }} data-testid="fu-note" />
          {problem && <Alert type="error" showIcon message={problem} style={{ marginTop: 8 }} data-testid="fu-problem" />}
          <Button type="primary" style={{ marginTop: 8 }} loading={complete.isPending} onClick={submit} data-testid="fu-submit">
            {t('fu.form.submit')}
          </Button>
        </Card>
      )}
    </Space>
  );
}
