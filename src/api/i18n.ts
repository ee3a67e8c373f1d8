export const LANGS = ['zh-CN', 'en-US'] as const;
export type Lang = (typeof LANGS)[number];

/** `?lang=` wins, then the first Accept-Language we speak; Chinese is the default. */
export function negotiateLang(langParam: string | undefined, acceptLanguage: string | undefined): Lang {
  const pick = (tag: string): Lang | null => {
    const t = tag.trim().toLowerCase();
    if (t.startsWith('zh')) return 'zh-CN';
    if (t.startsWith('en')) return 'en-US';
    return null;
  };
  if (langParam) {
    const chosen = pick(langParam);
    if (chosen) return chosen;
  }
  if (acceptLanguage) {
    const tags = acceptLanguage
      .split(',')
      .map((part) => {
        const [tag = '', ...params] = part.split(';');
        const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
        return { tag, q: q ? Number(q.slice(2)) : 1 };
      })
      .filter((t) => t.q > 0)
      .sort((a, b) => b.q - a.q);
    for (const { tag } of tags) {
      const chosen = pick(tag);
      if (chosen) return chosen;
    }
  }
  return 'zh-CN';
}

export type Localized = Record<Lang, string>;
