import { Typography } from 'antd';
import { Fragment, useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/context.js';
import { type JsonLines, lineForPath } from './json-lines.js';

export interface FieldError {
  field: string;
  message: string;
}

/** The document as the server read it, numbered, with each error under the line of the field it names. */
export function AnnotatedJson({ layout, errors }: { layout: JsonLines; errors: readonly FieldError[] }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  // the first error in view: a long document would otherwise hide it below the fold
  useEffect(() => {
    const first = box.current?.querySelector<HTMLElement>('[data-testid="strategy-error"]');
    if (box.current && first) box.current.scrollTop = Math.max(0, first.offsetTop - box.current.offsetTop - 60);
  }, [layout, errors]);
  const byLine = new Map<number, FieldError[]>();
  for (const e of errors) {
    const line = lineForPath(layout, e.field);
    byLine.set(line, [...(byLine.get(line) ?? []), e]);
  }
  return (
    <div ref={box} data-testid="strategy-annotated" style={{ fontFamily: 'monospace', fontSize: 12, maxHeight: 480, overflow: 'auto', border: '1px solid #f0f0f0', padding: 8 }}>
      <Typography.Text type="danger" strong>
        {t('collections.manage.strategy.errorsInline', { n: errors.length })}
      </Typography.Text>
      {layout.lines.map((text, i) => (
        <Fragment key={i}>
          <div style={{ whiteSpace: 'pre', background: byLine.has(i) ? '#fff1f0' : undefined }}>
            <span style={{ color: '#999', display: 'inline-block', width: 40, textAlign: 'right', marginRight: 8 }}>{i + 1}</span>
            {text}
          </div>
          {byLine.get(i)?.map((e) => (
            <div key={e.field} data-testid="strategy-error" data-path={e.field} style={{ whiteSpace: 'pre-wrap', color: '#cf1322', paddingLeft: 48 + text.search(/\S/) * 7 }}>
              ↑ {e.field}: {e.message}
            </div>
          ))}
        </Fragment>
      ))}
    </div>
  );
}
