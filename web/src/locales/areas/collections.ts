/** Strings of the collections pages, zh-CN first; `en` must have exactly the same keys (the compiler and a test check). */
export const zh = {
  'nav.group.collections': '催收',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'nav.group.collections': 'Collections',
};
