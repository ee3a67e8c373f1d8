import type { Channel, HoldKind, Party, Purpose, Text } from './contact.js';
import { text } from './contact.js';

/** zh-CN / en-US names of the codes that appear in reasons a collector reads. */

/** en-US in the plural: "calls are not limited…" */
export const CHANNEL_NAMES: Record<Channel, Text> = {
  call: text('电话', 'calls'),
  sms: text('短信', 'text messages'),
  email: text('邮件', 'emails'),
  im: text('即时通讯', 'instant messages'),
  visit: text('外访', 'field visits'),
  letter: text('信函', 'letters'),
};

export const PARTY_NAMES: Record<Party, Text> = {
  borrower: text('借款人', 'borrower'),
  guarantor: text('担保人', 'guarantor'),
  emergency_contact: text('紧急联系人', 'emergency contact'),
  third_party: text('第三方', 'third party'),
};

export const PURPOSE_NAMES: Record<Purpose, Text> = {
  reminder: text('还款提醒', 'a payment reminder'),
  collection: text('催收', 'collection'),
  negotiation: text('协商还款', 'negotiating repayment'),
  verification: text('信息核验', 'verification'),
  locate: text('获取债务人联系方式', 'obtaining the debtor’s contact details'),
  pass_message: text('转告信息', 'passing on a message'),
};

export const HOLD_KIND_NAMES: Record<HoldKind, Text> = {
  dispute: text('争议', 'dispute'),
  complaint: text('投诉', 'complaint'),
  deceased: text('身故', 'deceased'),
  legal: text('法律程序', 'legal proceedings'),
  hardship_review: text('困难审核', 'hardship review'),
};
