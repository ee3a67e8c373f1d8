import { Typography } from 'antd';
import { useI18n } from '../../i18n/context.js';
import { caretLine } from './caret.js';

export interface Problem {
  field: string;
  at?: number | undefined;
  message: string;
}

/** The expression with a caret under each place the check found wrong, as a compiler shows it. */
export function ExpressionCheck({ expression, problems }: { expression: string; problems: readonly Problem[] }) {
  const { t } = useI18n();
  const placed = problems.filter((p) => p.at !== undefined);
  return (
    <div data-testid="expression-problems">
      {placed.length > 0 && (
        <pre style={{ margin: '4px 0', fontSize: 12, lineHeight: 1.4, whiteSpace: 'pre', overflowX: 'auto' }}>
          {expression}
          {'\n'}
          <span style={{ color: '#cf1322' }}>{caretLine(expression.length, placed.map((p) => p.at!))}</span>
        </pre>
      )}
      {problems.map((p, i) => (
        <div key={i}>
          <Typography.Text type="danger">{p.field === 'expression' ? p.message : `${t('risk.indicator.field', { field: p.field })}: ${p.message}`}</Typography.Text>
        </div>
      ))}
    </div>
  );
}
