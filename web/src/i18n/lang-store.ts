/** The chosen language: kept in localStorage, read by the API client for every call. */
import { isLang, type Lang } from './lang.js';

const STORAGE_KEY = 'daihou.lang';

let current: Lang = 'zh-CN';

/** Read once at start: the stored choice, else Chinese (the app's default, whatever the browser says). */
export function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    current = isLang(stored) ? stored : 'zh-CN';
  } catch {
    current = 'zh-CN';
  }
  return current;
}

export function currentLang(): Lang {
  return current;
}

export function storeLang(lang: Lang): void {
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
}
