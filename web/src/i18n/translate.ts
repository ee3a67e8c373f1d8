import { enUS } from '../locales/en-US.js';
import { type MessageKey, zhCN } from '../locales/zh-CN.js';
import type { Lang } from './lang.js';

export type { MessageKey };
export type Vars = Record<string, string | number>;

const CATALOGS: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

/** `{name}` placeholders are filled from `vars`; a missing one stays visible rather than vanishing. */
export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  const text = CATALOGS[lang][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
