/** Strings of the risk pages, zh-CN first; `en` must have exactly the same keys (the compiler and a test check). */
export const zh = {
  'nav.group.risk': '押品与风险',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'nav.group.risk': 'Collateral and risk',
};
