import { Segmented } from 'antd';
import { useI18n } from '../i18n/context.js';
import type { Lang } from '../i18n/lang.js';

/** 中文 / English: the choice is stored and sent with every API call. */
export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Segmented<Lang>
      data-testid="lang-switch"
      size="small"
      value={lang}
      onChange={setLang}
      options={[
        { value: 'zh-CN', label: t('lang.zh') },
        { value: 'en-US', label: t('lang.en') },
      ]}
    />
  );
}
