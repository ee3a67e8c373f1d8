import { Alert, List } from 'antd';
import { ApiError, type Schemas } from '../../api/client.js';
import { formatInstant } from '../../format.js';
import { useI18n } from '../../i18n/context.js';

type Refused = Schemas['ContactRefused'];

const REFUSED = 'urn:daihou:problem:contact-refused';

/** The compliance guard's refusal inside an API error, when that is what it is. */
export function refusalOf(error: unknown): Refused | null {
  return error instanceof ApiError && error.problem.type === REFUSED ? (error.problem as unknown as Refused) : null;
}

/** A refused attempt: the rule by name, when contact is next allowed (or that waiting will not help), every reason, and that it was logged. */
export function RefusalAlert({ refusal }: { refusal: Refused }) {
  const { t, lang } = useI18n();
  return (
    <Alert
      type="error"
      showIcon
      data-testid="contact-refused"
      message={t('coll.contact.refused', { rule: refusal.ruleName })}
      description={
        <>
          <div data-testid="contact-refused-next">{refusal.nextAllowedAt ? t('coll.contact.refusedNext', { time: formatInstant(refusal.nextAllowedAt) }) : t('coll.contact.refusedNever')}</div>
          <List size="small" dataSource={refusal.refusals} renderItem={(r) => <List.Item>{`${r.ruleName[lang]}：${r.reason[lang]}`}</List.Item>} />
          <div>{t('coll.contact.refusedLogged', { id: refusal.contactId })}</div>
        </>
      }
    />
  );
}
