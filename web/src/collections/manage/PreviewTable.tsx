import { Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { formatCount, formatFen } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { actionLabel } from '../labels.js';
import type { Preview } from './api.js';

type Row = Preview['rows'][number];
type Sample = Row['samples'][number];

/** A preview by group, segment and step, each row opening to its sample loans and why the draft put them there. */
export function PreviewTable({ preview }: { preview: Preview }) {
  const { t, lang } = useI18n();
  const words = (x: { zh: string; en: string }) => (lang === 'zh-CN' ? x.zh : x.en);
  return (
    <>
      <Typography.Paragraph data-testid="strategy-preview-summary">
        {t('collections.manage.strategy.previewSummary', { asOf: preview.asOf, branch: preview.branchCode, n: formatCount(preview.evaluated) })}
      </Typography.Paragraph>
      <Table<Row>
        data-testid="strategy-preview"
        size="small"
        rowKey={(r) => `${r.group}|${r.segment ?? ''}|${r.step ?? ''}`}
        pagination={false}
        dataSource={preview.rows}
        columns={[
          { title: t('collections.manage.group'), dataIndex: 'group', width: 100, render: (g: string) => <Tag color={g === 'challenger' ? 'purple' : 'blue'}>{t(`collections.manage.group.${g}` as 'collections.manage.group.champion')}</Tag> },
          { title: t('collections.manage.segment'), dataIndex: 'segment', render: (s: string | null) => s ?? <Typography.Text type="secondary">{t('collections.manage.strategy.noSegment')}</Typography.Text> },
          { title: t('collections.manage.strategy.step'), dataIndex: 'step', render: (s: string | null) => s ?? '—' },
          { title: t('collections.manage.strategy.action'), dataIndex: 'action', render: (a: string | null) => (a ? actionLabel(t, a) : '—') },
          { title: t('collections.manage.strategy.loans'), dataIndex: 'loans', align: 'right', render: formatCount },
          { title: t('collections.manage.overdue'), dataIndex: 'overdueFen', align: 'right', render: formatFen },
        ]}
        expandable={{
          expandedRowRender: (r) => (
            <Table<Sample>
              data-testid="strategy-preview-samples"
              size="small"
              rowKey="loanId"
              pagination={false}
              dataSource={r.samples}
              columns={[
                { title: t('collections.manage.loan'), dataIndex: 'loanId', width: 90, render: (id: number) => <Link to={`/loans/${id}`}>#{id}</Link> },
                { title: t('collections.manage.bucket'), dataIndex: 'bucket', width: 70 },
                { title: t('collections.manage.dpd'), dataIndex: 'dpd', width: 60, align: 'right' },
                { title: t('collections.manage.overdue'), dataIndex: 'overdueFen', width: 120, align: 'right', render: formatFen },
                {
                  title: t('collections.manage.strategy.why'),
                  key: 'why',
                  render: (_: unknown, s) => (
                    <div>
                      <div>{words(s.why)}</div>
                      {s.matched.length > 0 && <Typography.Text type="secondary">{t('collections.manage.strategy.matched')}: {s.matched.map(words).join('; ')}</Typography.Text>}
                      {s.skipped.length > 0 && (
                        <div>
                          <Typography.Text type="secondary">
                            {t('collections.manage.strategy.skipped')}: {s.skipped.map((x) => `${x.segment} (${words(x)})`).join('; ')}
                          </Typography.Text>
                        </div>
                      )}
                    </div>
                  ),
                },
              ]}
            />
          ),
        }}
      />
    </>
  );
}
