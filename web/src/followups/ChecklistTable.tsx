import { Input, InputNumber, Radio, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { Schemas } from '../api/client.js';
import { useI18n } from '../i18n/context.js';
import { choiceLabel, itemLabel, verdictLabel } from './labels.js';
import { type Item, type Verdict, VERDICTS } from './types.js';

type FormItem = Schemas['FollowUpForm']['items'][number];

/** One answer as typed: empty heard = could not ask; no verdict = let the server judge from the file. */
export interface Draft {
  heard: string;
  verdict: Verdict | '';
  photos: string;
  lat: number | null;
  lng: number | null;
}

export const EMPTY_DRAFT: Draft = { heard: '', verdict: '', photos: '', lat: null, lng: null };

/**
 * The checklist of a channel, one row per item: the file's value beside the answer, the verdict,
 * and on field visits the photos and place the vehicle items need. Server errors show on their row.
 */
export function ChecklistTable({ items, drafts, errors, onChange }: { items: FormItem[]; drafts: Partial<Record<Item, Draft>>; errors: Partial<Record<Item, string>>; onChange: (item: Item, draft: Draft) => void }) {
  const { t } = useI18n();
  const draftOf = (item: Item) => drafts[item] ?? EMPTY_DRAFT;
  const set = (item: Item, patch: Partial<Draft>) => onChange(item, { ...draftOf(item), ...patch });
  const anyEvidence = items.some((i) => i.needsEvidence);

  const columns: TableProps<FormItem>['columns'] = [
    { title: t('fu.form.itemCol'), dataIndex: 'item', width: 150, render: (item: Item) => <Typography.Text strong>{itemLabel(t, item)}</Typography.Text> },
    {
      title: t('fu.form.fileValue'),
      dataIndex: 'fileValue',
      width: 220,
      render: (v: string | null, r) => (
        <Typography.Text type={v === null ? 'secondary' : undefined} data-testid={`fu-file-${r.item}`}>
          {v ?? '—'}
        </Typography.Text>
      ),
    },
    {
      title: t('fu.form.heard'),
      key: 'heard',
      render: (_: unknown, r) => {
        const d = draftOf(r.item);
        return (
          <Space direction="vertical" size={2} style={{ width: '100%' }}>
            {r.choices ? (
              <Radio.Group size="small" optionType="button" value={d.heard} onChange={(e) => set(r.item, { heard: String(e.target.value) })} data-testid={`fu-heard-${r.item}`}>
                {r.choices.map((c) => (
                  <Radio.Button key={c} value={c}>
                    {choiceLabel(t, c)}
                  </Radio.Button>
                ))}
              </Radio.Group>
            ) : (
              <Input size="small" value={d.heard} placeholder={t('fu.form.heardPlaceholder')} onChange={(e) => set(r.item, { heard: e.target.value })} data-testid={`fu-heard-${r.item}`} status={errors[r.item] ? 'error' : undefined} />
            )}
            {errors[r.item] && (
              <Typography.Text type="danger" data-testid={`fu-error-${r.item}`}>
                {errors[r.item]}
              </Typography.Text>
            )}
          </Space>
        );
      },
    },
    {
      title: t('fu.form.verdict'),
      key: 'verdict',
      width: 300,
      render: (_: unknown, r) => (
        <Radio.Group size="small" value={draftOf(r.item).verdict} onChange={(e) => set(r.item, { verdict: e.target.value as Draft['verdict'] })} data-testid={`fu-verdict-${r.item}`}>
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
  if (anyEvidence) {
    columns.push({
      title: t('fu.form.evidence'),
      key: 'evidence',
      width: 260,
      render: (_: unknown, r) => {
        if (!r.needsEvidence) return null;
        const d = draftOf(r.item);
        return (
          <Space direction="vertical" size={2}>
            <Input.TextArea size="small" rows={2} value={d.photos} placeholder={t('fu.form.photos')} onChange={(e) => set(r.item, { photos: e.target.value })} data-testid={`fu-photos-${r.item}`} />
            <Space size={4}>
              <InputNumber size="small" min={-90} max={90} step={0.000001} value={d.lat} placeholder={t('fu.form.lat')} onChange={(v) => set(r.item, { lat: v })} />
              <InputNumber size="small" min={-180} max={180} step={0.000001} value={d.lng} placeholder={t('fu.form.lng')} onChange={(v) => set(r.item, { lng: v })} />
            </Space>
          </Space>
        );
      },
    });
  }
  return <Table<FormItem> data-testid="fu-checklist" rowKey="item" size="small" pagination={false} columns={columns} dataSource={items} />;
}

/**
 * The answers to send: the items answered or given a verdict. An item left untouched is not sent,
 * so the server names it as unanswered: "could not ask" is a verdict the agent chooses, never what
 * an empty form means. When the borrower was not reached the server asks for nothing else.
 */
export function answersOf(items: FormItem[], drafts: Partial<Record<Item, Draft>>): Schemas['FollowUpComplete']['answers'] {
  return items
    .filter((i) => {
      const d = drafts[i.item];
      return d !== undefined && (d.heard.trim() !== '' || d.verdict !== '');
    })
    .map((i) => {
      const d = drafts[i.item] ?? EMPTY_DRAFT;
      const photos = d.photos
        .split('\n')
        .map((p) => p.trim())
        .filter((p) => p !== '');
      return {
        item: i.item,
        heard: d.heard.trim() === '' ? null : d.heard.trim(),
        ...(d.verdict === '' ? {} : { verdict: d.verdict }),
        ...(photos.length > 0 && d.lat !== null && d.lng !== null ? { evidence: { photos, lat: d.lat, lng: d.lng } } : {}),
      };
    });
}
