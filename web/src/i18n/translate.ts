import { baseEn } from '../locales/base.en-US.js';
import { baseZh } from '../locales/base.zh-CN.js';
import type { MessageKey } from '../locales/zh-CN.js';
import type { Lang } from './lang.js';

export type { MessageKey };
export type Vars = Record<string, string | number>;

// The sign-in page ships only the base strings; each area's (locales/areas/) join them when the
// first page after sign-in loads (loadAreaStrings), which keeps the first download small.
const CATALOGS: Record<Lang, Record<string, string>> = { 'zh-CN': { ...baseZh }, 'en-US': { ...baseEn } };
let areas: Promise<void> | null = null;

/** Loads every area's strings once; the pages' lazy loaders wait for it (i18n/lazy-page.ts). */
export function loadAreaStrings(): Promise<void> {
  areas ??= Promise.all([
    import('../locales/areas/collections.js'),
    import('../locales/areas/collections-manage.js'),
    import('../locales/areas/followups.js'),
    import('../locales/areas/risk.js'),
    import('../locales/areas/risk-models.js'),
    import('../locales/areas/restructuring.js'),
  ]).then((modules) => {
    for (const m of modules) {
      Object.assign(CATALOGS['zh-CN'], m.zh);
      Object.assign(CATALOGS['en-US'], m.en);
    }
  });
  return areas;
}

/** Whether a string of this key is loaded (codes from the server are shown as they are otherwise). */
export function hasMessage(key: string): key is MessageKey {
  return key in CATALOGS['zh-CN'];
}

/** `{name}` placeholders are filled from `vars`; a missing one stays visible rather than vanishing. */
export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  const text = CATALOGS[lang][key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
