/** Strings of the followups pages, zh-CN first; `en` must have exactly the same keys (the compiler and a test check). */
export const zh = {
  'nav.group.followups': '回访',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'nav.group.followups': 'Follow-ups',
};
