/** Strings of one area's pages, zh-CN first; `en` must have exactly the same keys (the compiler and a test check). */
export const zh = {
  'risk.models.title': '评分模型',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'risk.models.title': 'Score models',
};
