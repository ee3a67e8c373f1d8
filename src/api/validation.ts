import type { z } from 'zod';
import type { Lang } from './i18n.js';
import type { FieldError } from './problem.js';

type Issue = z.core.$ZodIssue;

const t = (lang: Lang, zh: string, en: string): string => (lang === 'zh-CN' ? zh : en);

/** One message per offending field, in the request's language. */
export function fieldErrors(issues: readonly Issue[], lang: Lang, prefix = ''): FieldError[] {
  return issues.map((issue) => ({ field: prefix + (issue.path.join('.') || '(body)'), message: describe(issue, lang) }));
}

function describe(issue: Issue, lang: Lang): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return t(lang, '必填', 'is required');
      return t(lang, `类型应为 ${issue.expected}`, `must be of type ${issue.expected}`);
    case 'too_small':
      return issue.origin === 'string'
        ? t(lang, `长度至少为 ${issue.minimum}`, `must be at least ${issue.minimum} characters`)
        : issue.origin === 'array'
          ? t(lang, `至少需要 ${issue.minimum} 项`, `needs at least ${issue.minimum} item(s)`)
          : t(lang, `不能小于 ${issue.minimum}`, `must be at least ${issue.minimum}`);
    case 'too_big':
      return issue.origin === 'string'
        ? t(lang, `长度至多为 ${issue.maximum}`, `must be at most ${issue.maximum} characters`)
        : t(lang, `不能大于 ${issue.maximum}`, `must be at most ${issue.maximum}`);
    case 'invalid_value':
      return t(lang, `取值应为 ${issue.values.join(' / ')}`, `must be one of ${issue.values.join(', ')}`);
    case 'invalid_format':
      return t(lang, `格式不正确（${issue.format}）`, `has the wrong format (${issue.format})`);
    case 'unrecognized_keys':
      return t(lang, `不认识的字段：${issue.keys.join(', ')}`, `unknown field(s): ${issue.keys.join(', ')}`);
    default:
      return issue.message;
  }
}
