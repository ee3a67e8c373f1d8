import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Input, Row, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client.js';
import { useSession } from '../../auth/context.js';
import { formatInstant } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { MANAGE_KEY, type Preview, type StrategyVersion, useStrategies } from './api.js';
import { AnnotatedJson, type FieldError } from './AnnotatedJson.js';
import { BranchPicker } from './BranchPicker.js';
import { type JsonLines, layoutJson } from './json-lines.js';
import { PreviewTable } from './PreviewTable.js';

type Doc = Record<string, unknown>;

/** The next free version number of a strategy code: versions once saved are never changed. */
function nextVersion(all: readonly StrategyVersion[], code: string): number {
  return Math.max(0, ...all.filter((v) => v.code === code).map((v) => v.version)) + 1;
}

function draftFrom(all: readonly StrategyVersion[], v: StrategyVersion): string {
  return JSON.stringify({ ...v.document, version: nextVersion(all, v.code) }, null, 2);
}

function firstDraft(all: readonly StrategyVersion[]): string {
  const base = all.filter((v) => v.status === 'published').at(-1) ?? all.at(-1);
  return base ? draftFrom(all, base) : '';
}

/**
 * 催收策略编辑: every version (drafts and published), a draft edited as its JSON document, the
 * server's validation errors shown under the line of the field each names, a preview of what the
 * draft would do with today's loans, and publishing (strategy.publish).
 */
export default function StrategyEditorPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const strategies = useStrategies();
  // null until edited: a first visit shows a draft from the newest published version
  const [edited, setText] = useState<string | null>(null);
  const [syntax, setSyntax] = useState<string | null>(null);
  const [annotated, setAnnotated] = useState<{ layout: JsonLines; errors: FieldError[] } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [branchId, setBranchId] = useState<number | undefined>(undefined);
  const [preview, setPreview] = useState<Preview | null>(null);
  const all = strategies.data ?? [];
  const text = edited ?? firstDraft(all);

  const startFrom = (v: StrategyVersion) => {
    setText(draftFrom(all, v));
    setAnnotated(null);
    setProblem(null);
    setSyntax(null);
    setPreview(null);
  };

  const parsed = (): Doc | null => {
    try {
      const doc = JSON.parse(text) as unknown;
      if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(t('collections.manage.strategy.notObject'));
      setSyntax(null);
      return doc as Doc;
    } catch (e) {
      setSyntax(e instanceof Error ? e.message : String(e));
      return null;
    }
  };
  const showErrors = (doc: Doc, error: unknown) => {
    const fields = error instanceof ApiError ? (error.problem.errors ?? []) : [];
    setAnnotated(fields.length > 0 ? { layout: layoutJson(doc), errors: fields.map((f) => ({ field: f.field.replace(/^document\./, ''), message: f.message })) } : null);
    setProblem(error instanceof Error ? error.message : String(error));
  };
  const succeeded = () => {
    setAnnotated(null);
    setProblem(null);
  };

  const save = useMutation({
    mutationFn: (doc: Doc) => unwrap(api.POST('/api/v1/collection-strategies', { body: doc })),
    onSuccess: async (v) => {
      succeeded();
      message.success(t('collections.manage.strategy.saved', { code: v.code, version: v.version }));
      await queryClient.invalidateQueries({ queryKey: [MANAGE_KEY, 'strategies'] });
    },
  });
  const runPreview = useMutation({
    mutationFn: (doc: Doc) => unwrap(api.POST('/api/v1/collection-strategies/preview', { body: { document: doc, ...(branchId === undefined ? {} : { branchId }) } })),
    onSuccess: (p) => {
      succeeded();
      setPreview(p);
    },
  });
  const publish = useMutation({
    mutationFn: (id: number) => unwrap(api.POST('/api/v1/collection-strategies/{id}/publish', { params: { path: { id } } })),
    onSuccess: async (v) => {
      setProblem(null);
      message.success(t('collections.manage.strategy.published', { code: v.code, version: v.version }));
      await queryClient.invalidateQueries({ queryKey: [MANAGE_KEY, 'strategies'] });
    },
    onError: (e) => setProblem(e.message),
  });
  const act = (m: typeof save | typeof runPreview) => {
    const doc = parsed();
    if (doc === null) return;
    if (m === runPreview) setPreview(null);
    m.mutate(doc, { onError: (e) => showErrors(doc, e) });
  };

  const columns: TableProps<StrategyVersion>['columns'] = [
    { title: t('collections.manage.strategy.code'), dataIndex: 'code' },
    { title: t('collections.manage.strategy.version'), dataIndex: 'version', width: 70 },
    { title: t('collections.manage.strategy.status'), dataIndex: 'status', width: 90, render: (s: string) => <Tag color={s === 'published' ? 'green' : 'default'}>{t(`collections.manage.strategy.status.${s}` as 'collections.manage.strategy.status.draft')}</Tag> },
    { title: t('collections.manage.strategy.effective'), key: 'effective', render: (_: unknown, v) => `${v.effectiveFrom} – ${v.effectiveTo ?? '…'}` },
    { title: t('collections.manage.strategy.challenger'), key: 'challenger', render: (_: unknown, v) => { const c = v.document.challenger as { code: string; percent: number } | undefined; return c ? `${c.code} ${c.percent}%` : '—'; } },
    { title: t('collections.manage.strategy.author'), key: 'author', render: (_: unknown, v) => `${v.createdBy} ${formatInstant(v.createdAt)}` },
    {
      title: t('collections.manage.actions'),
      key: 'actions',
      width: 200,
      render: (_: unknown, v) => (
        <Space size={4}>
          {can('strategy.edit') && (
            <Button size="small" data-testid={`strategy-edit-${v.id}`} onClick={() => startFrom(v)}>
              {t('collections.manage.strategy.newDraft')}
            </Button>
          )}
          {v.status === 'draft' && can('strategy.publish') && (
            <Button size="small" type="primary" data-testid={`strategy-publish-${v.id}`} loading={publish.isPending && publish.variables === v.id} onClick={() => publish.mutate(v.id)}>
              {t('collections.manage.strategy.publish')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }}>
      <Card size="small" title={t('collections.manage.strategies')}>
        {strategies.error && <Alert type="error" showIcon message={strategies.error.message} />}
        <Table<StrategyVersion> data-testid="strategy-versions" size="small" rowKey="id" loading={strategies.isLoading} columns={columns} dataSource={all} pagination={{ pageSize: 10, hideOnSinglePage: true }} />
      </Card>
      <Row gutter={8}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('collections.manage.strategy.editor')}>
            <Typography.Paragraph type="secondary">{t('collections.manage.strategy.editorHint')}</Typography.Paragraph>
            <Input.TextArea data-testid="strategy-json" value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 18, maxRows: 32 }} spellCheck={false} style={{ fontFamily: 'monospace', fontSize: 12 }} />
            {syntax && <Alert type="error" showIcon message={t('collections.manage.strategy.syntax', { error: syntax })} style={{ marginTop: 8 }} data-testid="strategy-syntax" />}
            <Space style={{ marginTop: 8 }} wrap>
              <Button type="primary" data-testid="strategy-save" loading={save.isPending} disabled={!can('strategy.edit')} onClick={() => act(save)}>
                {t('collections.manage.strategy.save')}
              </Button>
              <BranchPicker value={branchId} onChange={setBranchId} />
              <Button data-testid="strategy-preview-run" loading={runPreview.isPending} disabled={!can('strategy.edit')} onClick={() => act(runPreview)}>
                {t('collections.manage.strategy.preview')}
              </Button>
            </Space>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('collections.manage.strategy.result')}>
            {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 8 }} data-testid="strategy-problem" />}
            {annotated && <AnnotatedJson layout={annotated.layout} errors={annotated.errors} />}
            {preview && <PreviewTable preview={preview} />}
            {!problem && !annotated && !preview && <Typography.Text type="secondary">{t('collections.manage.strategy.nothingYet')}</Typography.Text>}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
