import { Alert, List, Spin } from 'antd';
import { formatInstant } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { type NextContactQuery, useNextContact } from '../queries.js';

/**
 * "Next allowed contact", asked of the server's compliance guard for the channel and party the
 * collector has chosen, before they dial: the same rules judge the attempt when it is logged.
 */
export function NextContact({ caseId, query, ready }: { caseId: number; query: NextContactQuery; ready: boolean }) {
  const { t, lang } = useI18n();
  const next = useNextContact(caseId, query, ready);
  if (!ready) return null;
  if (next.error) return <Alert type="error" showIcon message={next.error.message} />;
  if (!next.data) return <Spin size="small" />;
  const n = next.data;
  const refusals = (
    <List
      size="small"
      dataSource={n.refusals}
      renderItem={(r) => (
        <List.Item data-testid="next-contact-rule">
          <strong>{r.ruleName[lang]}</strong>：{r.reason[lang]}
          {r.nextAllowedAt && ` (${formatInstant(r.nextAllowedAt)})`}
        </List.Item>
      )}
    />
  );
  return (
    <Alert
      data-testid="next-contact"
      data-allowed={n.allowedNow ? 'yes' : 'no'}
      type={n.allowedNow ? 'success' : 'error'}
      showIcon
      message={n.allowedNow ? t('coll.next.allowedNow') : n.nextAllowedAt ? t('coll.next.notNow', { time: formatInstant(n.nextAllowedAt) }) : t('coll.next.never')}
      description={n.allowedNow ? t('coll.next.pack', { pack: n.pack }) : refusals}
    />
  );
}
