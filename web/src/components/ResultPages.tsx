import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/context.js';

export function Forbidden() {
  const { t } = useI18n();
  return <Result status="403" title="403" subTitle={t('result.forbidden')} extra={<Link to="/"><Button type="primary">{t('result.home')}</Button></Link>} />;
}

export function NotFound() {
  const { t } = useI18n();
  return <Result status="404" title="404" subTitle={t('result.notFound')} extra={<Link to="/"><Button type="primary">{t('result.home')}</Button></Link>} />;
}
