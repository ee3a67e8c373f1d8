import { ConfigProvider } from 'antd';
import enUSAntd from 'antd/locale/en_US';
import zhCNAntd from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { type ReactNode, useCallback, useMemo, useState } from 'react';
import { I18nContext, type I18n } from './context.js';
import type { Lang } from './lang.js';
import { initialLang, storeLang } from './lang-store.js';
import { translate } from './translate.js';

const ANTD = { 'zh-CN': zhCNAntd, 'en-US': enUSAntd } as const;
const DAYJS = { 'zh-CN': 'zh-cn', 'en-US': 'en' } as const;

function apply(lang: Lang): void {
  document.documentElement.lang = lang;
  dayjs.locale(DAYJS[lang]);
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    apply(l);
    return l;
  });
  const setLang = useCallback((next: Lang) => {
    storeLang(next);
    apply(next);
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(() => ({ lang, setLang, t: (key, vars) => translate(lang, key, vars) }), [lang, setLang]);
  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider locale={ANTD[lang]} componentSize="small" theme={{ token: { borderRadius: 4 } }}>
        {children}
      </ConfigProvider>
    </I18nContext.Provider>
  );
}
