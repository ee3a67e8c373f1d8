import type { Kysely } from 'kysely';
import type { Lang } from '../../api/i18n.js';
import type { DB } from '../../db/schema.js';

/**
 * Messages to borrowers (SMS and e-mail confirmations, reminders) leave through one interface.
 * The default implementation records each rendered message in `outbox`, in the caller's
 * transaction, so a message exists exactly when the change it confirms does; a delivery worker
 * (a later issue) sends what is pending. Templates are rendered here, server-side, in zh-CN or
 * en-US, so what was sent can be read back word for word.
 */
export type TemplateKey = 'followup_changes_recorded' | 'followup_record_corrected' | 'followup_reminder';

export interface OutboundMessage {
  channel: 'sms' | 'email';
  to: string;
  template: TemplateKey;
  lang: Lang;
  params: Record<string, string>;
  loanId?: number | null;
  followUpId?: number | null;
}

export interface OutboundChannel {
  send(db: Kysely<DB>, messages: readonly OutboundMessage[]): Promise<void>;
}

interface Template {
  subject: string;
  body: string;
}

export const TEMPLATES: Record<TemplateKey, Record<Lang, Template>> = {
  followup_changes_recorded: {
    'zh-CN': {
      subject: '回访信息变更确认',
      body: '尊敬的{name}：您在{date}的回访中告知的{items}已更新。如与您所述不符，请致电客服申请更正。',
    },
    'en-US': {
      subject: 'Follow-up: changes recorded',
      body: 'Dear {name}, the {items} you gave us in the follow-up of {date} have been updated. If this is not what you said, call us to have it corrected.',
    },
  },
  followup_record_corrected: {
    'zh-CN': {
      subject: '回访记录已更正',
      body: '尊敬的{name}：您{date}回访记录中的{items}已更正。',
    },
    'en-US': {
      subject: 'Follow-up record corrected',
      body: 'Dear {name}, the {items} in the record of your follow-up of {date} have been corrected.',
    },
  },
  followup_reminder: {
    'zh-CN': { subject: '回访提醒', body: '尊敬的{name}：我行将于{date}前与您联系，核实您的联系方式与工作信息，敬请留意。' },
    'en-US': { subject: 'Follow-up reminder', body: 'Dear {name}, we will contact you by {date} to confirm your contact and employment details.' },
  },
};

/** Names of the fact items a message lists, in each language. */
export const ITEM_LABELS: Record<string, Record<Lang, string>> = {
  mobile: { 'zh-CN': '手机号码', 'en-US': 'mobile number' },
  phone: { 'zh-CN': '固定电话', 'en-US': 'landline' },
  home_address: { 'zh-CN': '住址', 'en-US': 'home address' },
  employer: { 'zh-CN': '工作单位', 'en-US': 'employer' },
  position: { 'zh-CN': '职务', 'en-US': 'position' },
  monthly_income: { 'zh-CN': '月收入', 'en-US': 'monthly income' },
};

export function listItems(items: readonly string[], lang: Lang): string {
  const labels = items.map((i) => ITEM_LABELS[i]?.[lang] ?? i);
  return lang === 'zh-CN' ? labels.join('、') : labels.join(', ');
}

export class MissingTemplateParam extends Error {}

/** Fills `{name}` placeholders; a placeholder without a value is a bug, not a blank in a message. */
export function render(template: TemplateKey, lang: Lang, params: Record<string, string>): Template {
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (_, key: string) => {
      const value = params[key];
      if (value === undefined) throw new MissingTemplateParam(`template ${template} needs {${key}}`);
      return value;
    });
  const t = TEMPLATES[template][lang];
  return { subject: fill(t.subject), body: fill(t.body) };
}

export const outboxChannel: OutboundChannel = {
  async send(db, messages) {
    if (messages.length === 0) return;
    await db
      .insertInto('outbox')
      .values(
        messages.map((m) => {
          const text = render(m.template, m.lang, m.params);
          return {
            channel: m.channel,
            recipient: m.to,
            template: m.template,
            lang: m.lang,
            // an SMS has no subject line
            subject: m.channel === 'email' ? text.subject : null,
            body: text.body,
            loan_id: m.loanId ?? null,
            followup_id: m.followUpId ?? null,
          };
        }),
      )
      .execute();
  },
};
