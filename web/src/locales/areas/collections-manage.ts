/** Strings of one area's pages, zh-CN first; `en` must have exactly the same keys (the compiler and a test check). */
export const zh = {
  'collections.manage.title': '催收管理',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'collections.manage.title': 'Collections management',
};
