import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Radio, Result, Space, Spin, Switch, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError, type Schemas, unwrap } from '../api/client.js';
import { useI18n } from '../i18n/context.js';
import { amendStatusLabel, answerText, choiceLabel, CHOICES, itemLabel, qaWhyLabel, verdictLabel, VERDICT_COLOR } from './labels.js';
import { type Answer, type Item, type QaItemView, type Verdict, VERDICTS } from './types.js';

interface ScoreDraft {
  correct: boolean;
  note: string;
  heard: string;
  verdict: Verdict | '';
}

const CORRECT: ScoreDraft = { correct: true, note: '', heard: '', verdict: '' };

/**
 * QA scores every answer of a sampled follow-up. An answer marked wrong with the right answer
 * filled in becomes an amendment (source QA), which like any other may wait for a supervisor.
 */
export default function QaScorePage() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const id = Number(useParams().id);
  const [drafts, setDrafts] = useState<Partial<Record<Item, ScoreDraft>>>({});
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  // the generated type of `amendment` (nullable, rendered as allOf) is unusable: what the page reads of it
  const [scored, setScored] = useState<{ followUpId: number; errorCount: number; amendment: { id: number; status: string } | null } | null>(null);
  const qa = useQuery({
    queryKey: ['followups', 'qa', 'item', id],
    queryFn: async () => (await unwrap(api.GET('/api/v1/qa/{id}', { params: { path: { id } } }))) as unknown as QaItemView,
    enabled: Number.isSafeInteger(id) && id > 0,
  });
  const score = useMutation({
    mutationFn: (body: Schemas['QaScore']) => unwrap(api.POST('/api/v1/qa/{id}/score', { params: { path: { id } }, body })),
    onSuccess: async (result) => {
      setScored(result as unknown as { followUpId: number; errorCount: number; amendment: { id: number; status: string } | null });
      await queryClient.invalidateQueries({ queryKey: ['followups'] });
    },
    onError: (error) => setProblem(error instanceof ApiError ? [error.problem.title, ...(error.problem.errors ?? []).map((e) => `${e.field}: ${e.message}`)].join(' · ') : error.message),
  });

  if (scored) {
    return (
      <Card size="small">
        <Result
          status={scored.errorCount > 0 ? 'warning' : 'success'}
          title={<span data-testid="fu-qa-done">{t('fu.qa.done', { n: scored.errorCount })}</span>}
          subTitle={scored.amendment ? t('fu.qa.amendment', { id: scored.amendment.id, status: amendStatusLabel(t, scored.amendment.status) }) : undefined}
          extra={<Link to={`/followups/${scored.followUpId}/history`}>{t('fu.done.history')}</Link>}
        />
      </Card>
    );
  }
  if (qa.error) return <Alert type="error" showIcon message={qa.error.message} />;
  if (!qa.data) return <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />;
  const item = qa.data;
  const open = item.status === 'open';
  const draftOf = (i: Item) => drafts[i] ?? CORRECT;
  const set = (i: Item, patch: Partial<ScoreDraft>) => setDrafts((all) => ({ ...all, [i]: { ...draftOf(i), ...patch } }));
  const given = new Map((item.scores ?? []).map((s) => [s.item, s]));

  const submit = () => {
    setProblem(null);
    const scores = item.answers.map((a) => {
      const d = draftOf(a.item);
      if (d.correct) return { item: a.item, correct: true };
      const shouldBe = d.heard.trim() !== '' || d.verdict !== '' ? { shouldBe: { heard: d.heard.trim() === '' ? a.heard : d.heard.trim(), ...(d.verdict === '' ? {} : { verdict: d.verdict }) } } : {};
      return { item: a.item, correct: false, ...(d.note.trim() ? { note: d.note.trim() } : {}), ...shouldBe };
    });
    score.mutate({ scores, ...(reason.trim() ? { reason: reason.trim() } : {}) });
  };

  const columns: TableProps<Answer>['columns'] = [
    { title: t('fu.form.itemCol'), dataIndex: 'item', width: 130, render: (i: Item) => itemLabel(t, i) },
    { title: t('fu.form.fileValue'), dataIndex: 'fileValue', width: 180, render: (v: string | null, a) => answerText(t, a.item, v) },
    {
      title: t('fu.qa.recorded'),
      key: 'recorded',
      width: 220,
      render: (_: unknown, a) => (
        <Space size={4} wrap>
          <span>{answerText(t, a.item, a.heard)}</span>
          <Tag color={VERDICT_COLOR[a.verdict]}>{verdictLabel(t, a.verdict)}</Tag>
        </Space>
      ),
    },
    {
      title: t('fu.qa.correct'),
      key: 'correct',
      width: 80,
      render: (_: unknown, a) => (open ? <Switch size="small" checked={draftOf(a.item).correct} onChange={(correct) => set(a.item, { correct })} data-testid={`fu-qa-correct-${a.item}`} /> : <Tag color={given.get(a.item)?.correct === false ? 'red' : 'green'}>{given.get(a.item)?.correct === false ? '✗' : '✓'}</Tag>),
    },
    {
      title: t('fu.qa.shouldBe'),
      key: 'shouldBe',
      render: (_: unknown, a) => {
        if (!open) {
          const s = given.get(a.item);
          return s && !s.correct ? `${s.shouldBe ? answerText(t, a.item, s.shouldBe.heard) : '—'}${s.note ? ` · ${s.note}` : ''}` : null;
        }
        const d = draftOf(a.item);
        if (d.correct) return null;
        const choices = CHOICES[a.item];
        return (
          <Space direction="vertical" size={2} style={{ width: '100%' }}>
            {choices ? (
              <Radio.Group size="small" optionType="button" value={d.heard} onChange={(e) => set(a.item, { heard: String(e.target.value) })}>
                {choices.map((c) => (
                  <Radio.Button key={c} value={c}>
                    {choiceLabel(t, c)}
                  </Radio.Button>
                ))}
              </Radio.Group>
            ) : (
              <Input size="small" value={d.heard} onChange={(e) => set(a.item, { heard: e.target.value })} data-testid={`fu-qa-should-${a.item}`} />
            )}
            <Radio.Group size="small" value={d.verdict} onChange={(e) => set(a.item, { verdict: e.target.value as ScoreDraft['verdict'] })}>
              <Radio value="">{t('fu.verdict.auto')}</Radio>
              {VERDICTS.map((v) => (
                <Radio key={v} value={v}>
                  {verdictLabel(t, v)}
                </Radio>
              ))}
            </Radio.Group>
            <Input size="small" value={d.note} placeholder={t('fu.qa.note')} onChange={(e) => set(a.item, { note: e.target.value })} data-testid={`fu-qa-note-${a.item}`} />
          </Space>
        );
      },
    },
  ];

  return (
    <Card
      size="small"
      title={t('fu.qa.scoreTitle', { id: item.id })}
      extra={
        <Space>
          <Tag>{qaWhyLabel(t, item.why)}</Tag>
          <Typography.Text type="secondary">{t('fu.history.byOn', { who: item.agent, date: item.completedOn })}</Typography.Text>
          <Link to={`/followups/${item.followUpId}/history`}>{t('fu.done.history')}</Link>
        </Space>
      }
    >
      <Table<Answer> data-testid="fu-qa-items" rowKey="item" size="small" pagination={false} columns={columns} dataSource={item.answers} />
      {open && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
          <Input.TextArea rows={2} maxLength={500} value={reason} placeholder={t('fu.qa.reason')} onChange={(e) => setReason(e.target.value)} data-testid="fu-qa-reason" />
          {problem && <Alert type="error" showIcon message={problem} />}
          <Button type="primary" loading={score.isPending} onClick={submit} data-testid="fu-qa-submit">
            {t('fu.qa.submit')}
          </Button>
        </Space>
      )}
    </Card>
  );
}
