import { Alert, Card, DatePicker, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { formatCount, formatFen } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { type Comparison, useComparison } from './api.js';
import { BranchPicker, branchFromSearch } from './BranchPicker.js';

type Group = Comparison['groups'][number];
type Rate = Group['cure'];
type Difference = Comparison['difference']['cure'];

const pct = (x: number | null) => (x === null ? '—' : `${(Math.round(x * 1000) / 10).toFixed(1)}%`);
const rate = (r: Rate) => `${pct(r.rate)} (${formatCount(r.hits)}/${formatCount(r.of)})`;

interface Line {
  key: string;
  metric: string;
  champion: string;
  challenger: string;
  difference?: Difference;
}

/**
 * 冠军/挑战者对比: the two groups over a window, each rate with its counts, and for the rates the
 * challenger's difference with its z and 95 % interval, or a plain "too few cases" when the
 * groups are too small to judge.
 */
export default function ChampionChallengerPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const branchId = branchFromSearch(params);
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const report = useComparison({ branchId, ...(range ? { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') } : {}) });
  const r = report.data;
  const g = (name: 'champion' | 'challenger') => r?.groups.find((x) => x.group === name);
  const both = <T,>(f: (x: Group) => T, show: (v: T) => string) => ({ champion: g('champion') ? show(f(g('champion')!)) : '—', challenger: g('challenger') ? show(f(g('challenger')!)) : '—' });
  const lines: Line[] = r
    ? [
        { key: 'cases', metric: t('collections.manage.cc.cases'), ...both((x) => x.cases, formatCount) },
        { key: 'roll', metric: t('collections.manage.cc.rollForward'), ...both((x) => x.rollForward, rate), difference: r.difference.rollForward },
        { key: 'cure', metric: t('collections.manage.cc.cure'), ...both((x) => x.cure, rate), difference: r.difference.cure },
        { key: 'collected', metric: t('collections.manage.cc.collected'), ...both((x) => x.collectedFen, formatFen) },
        { key: 'perCase', metric: t('collections.manage.cc.collectedPerCase'), ...both((x) => x.collectedPerCaseFen, formatFen) },
        { key: 'contacts', metric: t('collections.manage.cc.contacts'), ...both((x) => x.contacts, formatCount) },
        { key: 'perCure', metric: t('collections.manage.cc.contactsPerCure'), ...both((x) => x.contactsPerCure, (v) => (v === null ? '—' : v.toFixed(1))) },
      ]
    : [];
  const judge = (d: Difference | undefined) => {
    if (d === undefined) return '';
    if (d === null) return <Typography.Text type="secondary">{t('collections.manage.cc.emptyGroup')}</Typography.Text>;
    const head = `${d.diff >= 0 ? '+' : ''}${pct(d.diff)} [${pct(d.low)}, ${pct(d.high)}]`;
    if (!d.reliable || d.z === null) return <span>{head} <Tag>{t('collections.manage.cc.tooFew')}</Tag></span>;
    const significant = Math.abs(d.z) >= 1.96;
    return (
      <span>
        {head} z = {d.z.toFixed(2)} <Tag color={significant ? 'green' : 'default'}>{t(significant ? 'collections.manage.cc.significant' : 'collections.manage.cc.notSignificant')}</Tag>
      </span>
    );
  };
  return (
    <Card
      size="small"
      title={t('collections.manage.championChallenger')}
      extra={
        <Space>
          <DatePicker.RangePicker value={range} onChange={(v) => setRange(v && v[0] && v[1] ? [v[0], v[1]] : null)} disabledDate={(d) => d.isAfter(dayjs())} />
          <BranchPicker value={branchId} onChange={(id) => setParams(id === undefined ? {} : { branchId: String(id) })} />
        </Space>
      }
    >
      {report.error && <Alert type="error" showIcon message={report.error.message} />}
      {r && (
        <Typography.Paragraph type="secondary">
          {t('collections.manage.cc.window', { from: r.from, to: r.to })} {r.strategies.map((s) => `${s.code ?? '—'}@${s.version ?? '—'} (${t(`collections.manage.group.${s.group}` as 'collections.manage.group.champion')}, ${s.cases})`).join('；')}
        </Typography.Paragraph>
      )}
      <Table<Line>
        data-testid="cc-report"
        size="small"
        rowKey="key"
        loading={report.isLoading}
        pagination={false}
        dataSource={lines}
        columns={[
          { title: t('collections.manage.cc.metric'), dataIndex: 'metric' },
          { title: t('collections.manage.group.champion'), dataIndex: 'champion', align: 'right' },
          { title: t('collections.manage.group.challenger'), dataIndex: 'challenger', align: 'right' },
          { title: t('collections.manage.cc.difference'), key: 'difference', render: (_: unknown, l) => judge(l.difference) },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('collections.manage.cc.howToRead')}
      </Typography.Paragraph>
    </Card>
  );
}
