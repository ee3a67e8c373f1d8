import { Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/context.js';
import { flagLabel, itemLabel, kindLabel, verificationLabel } from './labels.js';
import type { Derived } from './types.js';

/**
 * What a follow-up's answers derive, as a reader wants it: new facts, facts checked, flags with
 * their evidence, tasks. `only` hides the verified facts where they would drown the rest.
 */
export function DerivedSummary({ derived, testId, compact = false }: { derived: Derived; testId?: string; compact?: boolean }) {
  const { t } = useI18n();
  const line = (label: string, children: ReactNode) => (
    <div>
      <Typography.Text type="secondary">{label}: </Typography.Text>
      {children}
    </div>
  );
  const empty = derived.facts.length + derived.flags.length + derived.tasks.length + (compact ? 0 : derived.verified.length) === 0;
  return (
    <Space direction="vertical" size={2} data-testid={testId}>
      {derived.facts.length > 0 &&
        line(
          t('fu.done.facts'),
          derived.facts.map((f) => (
            <Tag key={`${f.kind}-${f.value}`} color="blue">
              {itemLabel(t, f.kind)} → {f.value}
            </Tag>
          )),
        )}
      {derived.flags.length > 0 &&
        line(
          t('fu.done.flags'),
          derived.flags.map((f) => (
            <Tag key={`${f.flag}-${f.item}`} color="red">
              {flagLabel(t, f.flag)} ({f.evidence})
            </Tag>
          )),
        )}
      {derived.tasks.length > 0 &&
        line(
          t('fu.done.tasks'),
          derived.tasks.map((x) => (
            <Tag key={`${x.task}-${x.item}`} color="purple">
              {kindLabel(t, x.task)} · {itemLabel(t, x.item)}
            </Tag>
          )),
        )}
      {!compact &&
        derived.verified.length > 0 &&
        line(
          t('fu.done.verified'),
          derived.verified.map((v) => (
            <Tag key={`${v.kind}-${v.verification}`}>
              {itemLabel(t, v.kind)}: {verificationLabel(t, v.verification)}
            </Tag>
          )),
        )}
      {empty && <Typography.Text type="secondary">{t('common.none')}</Typography.Text>}
    </Space>
  );
}
