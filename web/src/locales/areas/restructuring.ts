/** Strings of the restructuring pages, zh-CN first; `en` must have exactly the same keys (the compiler and a test check). */
export const zh = {
  'nav.group.restructuring': '展期与减免',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'nav.group.restructuring': 'Restructuring',
};
