import { Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/context.js';
import { AMEND_COLOR, amendStatusLabel, answerText, itemLabel, verdictLabel, VERDICT_COLOR } from './labels.js';
import type { Answer, History } from './types.js';

interface Column {
  key: string;
  title: ReactNode;
  answers: Answer[];
  /** items this version changed: highlighted */
  changed: ReadonlySet<string>;
}

/**
 * Every version of a follow-up's answers side by side, one row per item: the original, then each
 * amendment (in effect, waiting or rejected), so a reader sees what was recorded, what each
 * correction said instead, and which version is the record now.
 */
export function VersionsTable({ history }: { history: History }) {
  const { t } = useI18n();
  const current = history.currentVersion;
  const heading = (label: string, status: ReactNode, isCurrent: boolean) => (
    <Space size={4} wrap>
      <span>{label}</span>
      {status}
      {isCurrent && <Tag color="blue">{t('fu.history.current')}</Tag>}
    </Space>
  );
  const columns: Column[] = [
    { key: 'v0', title: heading(`${t('fu.history.original')} (${t('fu.history.version', { n: 0 })})`, null, current === 0), answers: history.original.answers, changed: new Set() },
    ...history.amendments.map((a) => ({
      key: `a${a.id}`,
      title: heading(a.version === null ? `#${a.id}` : t('fu.history.version', { n: a.version }), <Tag color={AMEND_COLOR[a.status]}>{amendStatusLabel(t, a.status)}</Tag>, a.version !== null && a.version === current),
      answers: a.answers,
      changed: new Set(a.changes.map((c) => c.item)),
    })),
  ];
  const cell = (answer: Answer | undefined, changed: boolean) =>
    answer === undefined ? null : (
      <Space size={4} wrap style={changed ? { background: '#fffbe6', padding: '0 4px' } : undefined}>
        <Typography.Text strong={changed}>{answerText(t, answer.item, answer.heard)}</Typography.Text>
        <Tag color={VERDICT_COLOR[answer.verdict]}>{verdictLabel(t, answer.verdict)}</Tag>
      </Space>
    );
  const rows = history.original.answers.map((a) => ({ item: a.item, fileValue: a.fileValue }));
  const tableColumns: TableProps<(typeof rows)[number]>['columns'] = [
    { title: t('fu.form.itemCol'), dataIndex: 'item', width: 140, fixed: 'left', render: (item: string) => itemLabel(t, item) },
    { title: t('fu.form.fileValue'), dataIndex: 'fileValue', width: 180, render: (v: string | null, r) => answerText(t, r.item, v) },
    ...columns.map((c) => ({
      title: c.title,
      key: c.key,
      render: (_: unknown, r: (typeof rows)[number]) => cell(c.answers.find((a) => a.item === r.item), c.changed.has(r.item)),
    })),
  ];
  return <Table data-testid="fu-versions" rowKey="item" size="small" pagination={false} columns={tableColumns} dataSource={rows} scroll={{ x: 320 + columns.length * 220 }} />;
}
