import type { Schemas } from '../api/client.js';
import type { Lang } from './lang.js';

/** A name the API sends in both languages (`{ 'zh-CN': …, 'en-US': … }`), in the user's. */
export function localized(name: Schemas['Localized'] | null | undefined, lang: Lang): string {
  if (!name) return '—';
  return name[lang] || name['zh-CN'];
}

export function branchName(branch: Pick<Schemas['Branch'], 'nameZh' | 'nameEn'>, lang: Lang): string {
  return lang === 'zh-CN' ? branch.nameZh : branch.nameEn || branch.nameZh;
}
