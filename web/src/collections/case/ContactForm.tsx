import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { api, type BodyOf, type Schemas, unwrap } from '../../api/client.js';
import { showProblemOnForm } from '../../api/form-errors.js';
import { useI18n } from '../../i18n/context.js';
import { CONTACT_CHANNELS, type ContactChannel, type ContactOutcome, type ContactParty, channelLabel, OUTCOMES, outcomeLabel, PARTIES, partyLabel } from '../labels.js';
import { caseKey, type NextContactQuery, useCollectors, useParties } from '../queries.js';
import { NextContact } from './NextContact.js';
import { RefusalAlert, refusalOf } from './RefusalAlert.js';

type ContactLog = BodyOf<'/api/v1/cases/{id}/contacts', 'post'>;
type Refused = Schemas['ContactRefused'];

interface Values {
  channel: ContactChannel;
  party: ContactParty;
  contactId?: number;
  thirdParty?: string;
  outcome?: ContactOutcome;
  notes?: string;
  recordingRef?: string;
  second?: number;
}

const MESSAGES: readonly ContactChannel[] = ['sms', 'email', 'im', 'letter'];
const THIRD: readonly ContactParty[] = ['emergency_contact', 'third_party'];

/** Outcomes that can happen on this channel with this party (the server checks the same for third parties). */
function outcomesFor(channel: ContactChannel, party: ContactParty): ContactOutcome[] {
  return OUTCOMES.filter((o) => {
    if (o === 'delivered' || o === 'undelivered') return MESSAGES.includes(channel);
    if (MESSAGES.includes(channel)) return false;
    if (o === 'third_party_refused') return THIRD.includes(party);
    return true;
  });
}

/**
 * Logs a contact. The next allowed contact for the chosen channel and party shows above the button,
 * so the collector sees it before dialling; the server's guard judges the attempt again when it is
 * logged, and a refusal comes back with the rule's name and the next allowed time (and is logged).
 */
export function ContactForm({ caseId, myUserId, taskId, onLogged }: { caseId: number; myUserId: number; taskId: number | undefined; onLogged: (contact: Schemas['Contact']) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [refusal, setRefusal] = useState<Refused | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const parties = useParties(caseId);
  const channel = Form.useWatch('channel', form) ?? 'call';
  const party = Form.useWatch('party', form) ?? 'borrower';
  const contactId = Form.useWatch('contactId', form);
  const thirdParty = Form.useWatch('thirdParty', form);
  const visit = channel === 'visit';
  const collectors = useCollectors(visit);
  const needsContact = party === 'guarantor' || party === 'emergency_contact';
  const query: NextContactQuery = { channel, party, ...(needsContact && contactId ? { contactId } : {}), ...(party === 'third_party' && thirdParty?.trim() ? { thirdParty: thirdParty.trim() } : {}) };
  const ready = (!needsContact || contactId !== undefined) && (party !== 'third_party' || Boolean(thirdParty?.trim()));

  const log = useMutation({
    mutationFn: (body: ContactLog) => unwrap(api.POST('/api/v1/cases/{id}/contacts', { params: { path: { id: caseId } }, body })),
    onSuccess: async (contact) => {
      message.success(t('coll.contact.logged'));
      form.resetFields(['outcome', 'notes', 'recordingRef']);
      onLogged(contact);
      await queryClient.invalidateQueries({ queryKey: caseKey(caseId) });
    },
    onError: async (error) => {
      const refused = refusalOf(error);
      setRefusal(refused);
      setProblem(refused ? null : showProblemOnForm(form, error));
      // a refused attempt is logged too: the history shows it
      if (refused) await queryClient.invalidateQueries({ queryKey: caseKey(caseId) });
    },
  });

  const submit = (v: Values) => {
    setRefusal(null);
    setProblem(null);
    log.mutate({
      channel: v.channel,
      party: v.party,
      outcome: v.outcome!,
      ...(needsContact && v.contactId !== undefined ? { contactId: v.contactId } : {}),
      ...(v.party === 'third_party' && v.thirdParty ? { thirdParty: v.thirdParty.trim() } : {}),
      ...(v.notes?.trim() ? { notes: v.notes.trim() } : {}),
      ...(v.recordingRef?.trim() ? { recordingRef: v.recordingRef.trim() } : {}),
      ...(v.channel === 'visit' && v.second !== undefined ? { collectorIds: [myUserId, v.second] } : {}),
      ...(taskId !== undefined ? { taskId } : {}),
    });
  };

  const contactOptions = (parties.data?.contacts ?? []).filter((c) => c.role === party).map((c) => ({ value: c.id, label: `${c.name}${c.relation ? `（${c.relation}）` : ''} ${c.mobile ?? ''}` }));
  const outcomeOptions = outcomesFor(channel, party).map((o) => ({ value: o, label: outcomeLabel(t, o) }));

  return (
    <Card size="small" title={t('coll.contact.title')} data-testid="contact-card">
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ channel: 'call', party: 'borrower' }}
        onFinish={submit}
        onValuesChange={(changed: Partial<Values>) => {
          if ('channel' in changed || 'party' in changed) {
            form.setFieldValue('outcome', undefined);
            setRefusal(null);
          }
        }}
        data-testid="contact-form"
      >
        <Space wrap style={{ width: '100%' }} align="start">
          <Form.Item name="channel" label={t('coll.contact.channel')} rules={[{ required: true, message: t('form.required') }]}>
            <Select style={{ width: 140 }} options={CONTACT_CHANNELS.map((c) => ({ value: c, label: channelLabel(t, c) }))} data-testid="contact-channel" />
          </Form.Item>
          <Form.Item name="party" label={t('coll.contact.party')} rules={[{ required: true, message: t('form.required') }]}>
            <Select
              style={{ width: 160 }}
              options={PARTIES.map((p) => ({ value: p, label: p === 'borrower' && parties.data ? `${partyLabel(t, p)} ${parties.data.borrower.name}` : partyLabel(t, p) }))}
              data-testid="contact-party"
            />
          </Form.Item>
          {needsContact && (
            <Form.Item name="contactId" label={t('coll.contact.who')} rules={[{ required: true, message: t('form.required') }]}>
              <Select style={{ width: 240 }} options={contactOptions} data-testid="contact-who" />
            </Form.Item>
          )}
          {party === 'third_party' && (
            <Form.Item name="thirdParty" label={t('coll.contact.thirdParty')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
              <Input maxLength={100} style={{ width: 200 }} />
            </Form.Item>
          )}
          {visit && (
            <Form.Item name="second" label={t('coll.contact.second')} tooltip={t('coll.contact.secondHelp')} rules={[{ required: true, message: t('coll.contact.secondHelp') }]}>
              <Select
                style={{ width: 200 }}
                loading={collectors.isLoading}
                options={(collectors.data ?? []).filter((c) => c.id !== myUserId).map((c) => ({ value: c.id, label: `${c.name} (${c.branchCode})` }))}
                data-testid="contact-second"
              />
            </Form.Item>
          )}
        </Space>
        <Form.Item name="outcome" label={t('coll.contact.outcome')} rules={[{ required: true, message: t('form.required') }]}>
          <Select options={outcomeOptions} data-testid="contact-outcome" />
        </Form.Item>
        <Form.Item name="notes" label={t('coll.contact.notes')}>
          <Input.TextArea rows={2} maxLength={4000} data-testid="contact-notes" />
        </Form.Item>
        <Form.Item name="recordingRef" label={t('coll.contact.recordingRef')}>
          <Input maxLength={200} data-testid="contact-recording" />
        </Form.Item>
        <Space direction="vertical" style={{ width: '100%' }}>
          <NextContact caseId={caseId} query={query} ready={ready} />
          {refusal && <RefusalAlert refusal={refusal} />}
          {problem && <Alert type="error" showIcon message={problem} />}
          <Button type="primary" htmlType="submit" loading={log.isPending} data-testid="contact-submit">
            {t('coll.contact.submit')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
