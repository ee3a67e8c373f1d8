import { describe, expect, it } from 'vitest';
import type { BusinessDate } from '../business-date.js';
import { checkContact, type ContactVerdict, nextAllowedContact } from './check.js';
import type { ContactAttempt, ContactContext, Outcome, PastAttempt } from './contact.js';
import { type Instant, instantFromIso } from './instant.js';
import { CN_DEFAULT_V1, CN_DEFAULT_V2 } from './packs/index.js';

/** Scenarios for the China default pack; every instant is written in Beijing time (+08:00). */

const bj = (local: string) => instantFromIso(`${local}+08:00`);
const day = (s: string) => s as BusinessDate;
const BORROWER = { party: 'borrower', partyId: 'b-1', number: '13800000001' } as const;

function attempt(over: Partial<ContactAttempt> = {}): ContactAttempt {
  return { at: bj('2026-03-02T10:00:00'), channel: 'call', ...BORROWER, collector: { id: 'c-07', trainingValidUntil: day('2026-12-31') }, disclosesDebt: false, purpose: 'collection', ...over };
}
const past = (local: string, outcome: Outcome, over: Partial<PastAttempt> = {}): PastAttempt => ({ at: bj(local), channel: 'call', ...BORROWER, outcome, ...over });
const ctx = (over: Partial<ContactContext> = {}): ContactContext => ({ history: [], holds: [], ...over });
const check = (a: ContactAttempt, c: ContactContext = ctx()) => checkContact(CN_DEFAULT_V2, a, c);

function refusedBy(verdict: ContactVerdict): Record<string, Instant | null> {
  return verdict.allowed ? {} : Object.fromEntries(verdict.refusals.map((r) => [r.rule, r.nextAllowedAt]));
}

describe('quiet hours 22:00–08:00, borrower-local', () => {
  it('refuses a call at 22:30 Beijing and allows it from 08:00 the next morning', () => {
    const v = check(attempt({ at: bj('2026-03-02T22:30:00') }));
    expect(v.allowed).toBe(false);
    if (v.allowed) return;
    expect(v.refusals).toHaveLength(1);
    expect(v.refusals[0]).toMatchObject({
      rule: 'quiet-hours',
      nextAllowedAt: bj('2026-03-03T08:00:00'),
      reason: { 'zh-CN': '当地时间 2026-03-02 22:30 (Asia/Shanghai) 处于禁止催收时段 22:00–08:00，最早 2026-03-03 08:00 可联系' },
    });
    expect(v.nextAllowedAt).toBe(bj('2026-03-03T08:00:00'));
  });

  it('has sharp edges: 07:59:59 and 22:00 are quiet, 08:00 and 21:59:59 are not', () => {
    expect(refusedBy(check(attempt({ at: bj('2026-03-03T07:59:59') })))['quiet-hours']).toBe(bj('2026-03-03T08:00:00'));
    expect(check(attempt({ at: bj('2026-03-03T08:00:00') })).allowed).toBe(true);
    expect(check(attempt({ at: bj('2026-03-02T21:59:59') })).allowed).toBe(true);
    expect(refusedBy(check(attempt({ at: bj('2026-03-02T22:00:00') })))['quiet-hours']).toBe(bj('2026-03-03T08:00:00'));
  });

  it('covers SMS, IM and visits but not letters', () => {
    const at = bj('2026-03-02T23:00:00');
    for (const channel of ['sms', 'im', 'visit'] as const) expect(check(attempt({ at, channel })).allowed).toBe(false);
    expect(check(attempt({ at, channel: 'letter' })).allowed).toBe(true);
  });

  it('uses Beijing time for a borrower in Urumqi unless the case gives another zone', () => {
    const at = instantFromIso('2026-03-02T00:30:00Z'); // 08:30 in Beijing, 06:30 on Urumqi's clock (UTC+6)
    expect(check(attempt({ at })).allowed).toBe(true);
    const local = check(attempt({ at }), ctx({ timeZone: 'Asia/Urumqi' }));
    expect(refusedBy(local)).toEqual({ 'quiet-hours': instantFromIso('2026-03-02T02:00:00Z') });
  });

  it('allows a borrower who agreed to later calls, within the agreed window only', () => {
    const consents = [{ partyId: 'b-1', start: '22:00', end: '23:00' }];
    expect(check(attempt({ at: bj('2026-03-02T22:30:00') }), ctx({ consents })).allowed).toBe(true);
    expect(refusedBy(check(attempt({ at: bj('2026-03-02T23:30:00') }), ctx({ consents })))['quiet-hours']).toBe(bj('2026-03-03T08:00:00'));
    // someone else's consent does not count
    expect(check(attempt({ at: bj('2026-03-02T22:30:00'), partyId: 'g-1', party: 'guarantor' }), ctx({ consents })).allowed).toBe(false);
    // before the window opens, the window is the next chance
    const early = [{ partyId: 'b-1', start: '06:30', end: '08:00' }];
    expect(refusedBy(check(attempt({ at: bj('2026-03-03T05:00:00') }), ctx({ consents: early })))['quiet-hours']).toBe(bj('2026-03-03T06:30:00'));
  });
});

describe('at most 3 effective conversations per debtor per day (lender and agencies together)', () => {
  const three = [past('2026-03-02T09:00:00', 'right_party_conversation'), past('2026-03-02T10:00:00', 'right_party_conversation', { number: '13900000002' }), past('2026-03-02T11:00:00', 'right_party_conversation')];

  it('refuses the fourth and allows it again at 08:00 the next day', () => {
    const v = check(attempt({ at: bj('2026-03-02T15:00:00') }), ctx({ history: three }));
    expect(refusedBy(v)).toEqual({ 'daily-conversations': bj('2026-03-03T08:00:00') });
    if (!v.allowed) expect(v.refusals[0]!.reason['en-US']).toBe('3 conversations with this person today (limit 3, agencies included); next from 2026-03-03 08:00');
    expect(check(attempt({ at: bj('2026-03-03T08:00:00') }), ctx({ history: three })).allowed).toBe(true);
  });

  it('counts only conversations with this person on this contact day', () => {
    expect(check(attempt({ at: bj('2026-03-02T15:00:00') }), ctx({ history: three.slice(1) })).allowed).toBe(true);
    const unanswered = three.map((h) => ({ ...h, outcome: 'no_answer' as const }));
    expect(check(attempt({ at: bj('2026-03-02T15:00:00') }), ctx({ history: unanswered })).allowed).toBe(true);
    const guarantor = check(attempt({ at: bj('2026-03-02T15:00:00'), party: 'guarantor', partyId: 'g-1' }), ctx({ history: three }));
    expect(guarantor.allowed).toBe(true);
    // a conversation at 07:30 (with consent) still belongs to the contact day that began at 08:00 the day before
    const late = [past('2026-03-02T09:00:00', 'right_party_conversation'), past('2026-03-02T10:00:00', 'right_party_conversation'), past('2026-03-03T07:30:00', 'right_party_conversation')];
    const consents = [{ partyId: 'b-1', start: '07:00', end: '08:00' }];
    expect(refusedBy(check(attempt({ at: bj('2026-03-03T07:45:00') }), ctx({ history: late, consents })))['daily-conversations']).toBe(bj('2026-03-03T08:00:00'));
  });

  it('ignores history at or after the attempt', () => {
    const later = three.map((h) => ({ ...h, at: (h.at + 6 * 3_600_000) as Instant }));
    expect(check(attempt({ at: bj('2026-03-02T15:00:00') }), ctx({ history: later })).allowed).toBe(true);
  });
});

describe('at most 6 unanswered attempts per number per day', () => {
  const outcomes: Outcome[] = ['no_answer', 'busy', 'voicemail', 'no_answer', 'no_answer', 'busy'];
  const six = outcomes.map((o, i) => past(`2026-03-02T${String(9 + i).padStart(2, '0')}:00:00`, o));

  it('refuses the seventh dial of that number until 08:00 the next day', () => {
    const v = check(attempt({ at: bj('2026-03-02T16:00:00') }), ctx({ history: six }));
    expect(refusedBy(v)).toEqual({ 'unanswered-per-number': bj('2026-03-03T08:00:00') });
  });

  it('counts per number, only unanswered calls, and only from version 2 of the pack', () => {
    const at = bj('2026-03-02T16:00:00');
    expect(check(attempt({ at, number: '13900000002' }), ctx({ history: six })).allowed).toBe(true);
    const fiveAndAConversation = [...six.slice(0, 5), past('2026-03-02T15:00:00', 'right_party_conversation')];
    expect(check(attempt({ at }), ctx({ history: fiveAndAConversation })).allowed).toBe(true);
    expect(check(attempt({ at }), ctx({ history: six.map((h) => ({ ...h, channel: 'sms' as const })) })).allowed).toBe(true);
    const v1 = checkContact(CN_DEFAULT_V1, attempt({ at: bj('2026-01-20T16:00:00') }), ctx({ history: six.map((h) => ({ ...h, at: (h.at - 41 * 86_400_000) as Instant })) }));
    expect(v1.allowed).toBe(true);
  });

  it('needs the number to check the cap', () => {
    expect(refusedBy(check(attempt({ number: undefined })))).toEqual({ 'unanswered-per-number': null });
  });
});

describe('third parties', () => {
  const contact = { party: 'emergency_contact', partyId: 'e-1', number: '13700000003', purpose: 'locate' } as const;
  const failed = [past('2026-03-01T10:00:00', 'no_answer'), past('2026-03-01T15:00:00', 'invalid_number'), past('2026-03-02T09:00:00', 'no_answer', { number: '13900000002' })];
  const at = bj('2026-03-02T10:00:00');

  it('may be contacted only after 3 consecutive failed attempts to the debtor', () => {
    expect(check(attempt({ at, ...contact }), ctx({ history: failed })).allowed).toBe(true);
    const two = check(attempt({ at, ...contact }), ctx({ history: failed.slice(1) }));
    expect(refusedBy(two)).toEqual({ 'third-party-gate': null });
    if (!two.allowed) expect(two.refusals[0]!.reason['en-US']).toBe('the debtor is not unreachable (2 consecutive failed attempts, 3 needed)');
    // reaching the debtor resets the count; an SMS delivery neither resets nor counts
    const reached = [failed[0]!, failed[1]!, past('2026-03-01T18:00:00', 'right_party_conversation'), failed[2]!, past('2026-03-02T09:30:00', 'delivered', { channel: 'sms' })];
    expect(check(attempt({ at, ...contact }), ctx({ history: reached })).allowed).toBe(false);
    expect(check(attempt({ at, ...contact }), ctx({ debtorUnreachable: true })).allowed).toBe(true);
  });

  it('never when the script discloses the debt or the purpose is collecting', () => {
    const v = check(attempt({ at, ...contact, disclosesDebt: true, purpose: 'collection' }), ctx({ history: failed }));
    expect(refusedBy(v)).toEqual({ 'third-party-gate': null });
    if (!v.allowed) expect(v.refusals[0]!.reason['zh-CN']).toBe('不得向第三方透露债务信息，请改用不含欠款内容的话术；联系第三方仅限于获取债务人联系方式、转告信息');
    expect(v.allowed === false && v.nextAllowedAt).toBeNull();
  });

  it('never again once that third party refused, while others stay reachable', () => {
    const history = [...failed, past('2026-03-02T09:40:00', 'refused', { ...contact })];
    expect(refusedBy(check(attempt({ at, ...contact }), ctx({ history, debtorUnreachable: true })))).toEqual({ 'third-party-gate': null });
    expect(check(attempt({ at, ...contact, partyId: 'e-2', number: '13700000004' }), ctx({ history })).allowed).toBe(true);
    expect(nextAllowedContact(CN_DEFAULT_V2, attempt({ ...contact }), ctx({ history }), at)).toBeNull();
  });

  it('does not gate guarantors, who are party to the debt', () => {
    expect(check(attempt({ at, party: 'guarantor', partyId: 'g-1', disclosesDebt: true })).allowed).toBe(true);
  });
});

describe('停催 holds', () => {
  const hold = (kind: 'dispute' | 'complaint' | 'legal', from: string, until: string | null) => ({ kind, reason: `${kind} #1`, from: bj(from), until: until === null ? null : bj(until) });

  it('stop all contact until they expire, for every channel', () => {
    const holds = [hold('dispute', '2026-03-01T09:00:00', '2026-03-05T09:00:00')];
    for (const channel of ['call', 'sms', 'letter'] as const) {
      expect(refusedBy(check(attempt({ channel }), ctx({ holds })))).toEqual({ holds: bj('2026-03-05T09:00:00') });
    }
    expect(check(attempt({ at: bj('2026-03-05T09:00:00') }), ctx({ holds })).allowed).toBe(true);
    expect(check(attempt({ at: bj('2026-03-01T08:59:59') }), ctx({ holds })).allowed).toBe(true);
  });

  it('chain: contact resumes when the last overlapping hold ends, never while one is open-ended', () => {
    const chained = [hold('dispute', '2026-03-01T09:00:00', '2026-03-05T09:00:00'), hold('complaint', '2026-03-04T00:00:00', '2026-03-09T12:00:00')];
    expect(refusedBy(check(attempt(), ctx({ holds: chained })))).toEqual({ holds: bj('2026-03-09T12:00:00') });
    const v = check(attempt(), ctx({ holds: [hold('legal', '2026-02-01T00:00:00', null)] }));
    expect(refusedBy(v)).toEqual({ holds: null });
    if (!v.allowed) expect(v.refusals[0]!.reason['zh-CN']).toBe('法律程序停催（legal #1，无到期日）：解除前不得联系');
  });

  it('a hold ending at 23:00 gives way to quiet hours: the verdict says 08:00 the next day', () => {
    const v = check(attempt(), ctx({ holds: [hold('complaint', '2026-03-01T09:00:00', '2026-03-04T23:00:00')] }));
    expect(refusedBy(v)).toEqual({ holds: bj('2026-03-04T23:00:00') });
    expect(v.allowed === false && v.nextAllowedAt).toBe(bj('2026-03-05T08:00:00'));
  });
});

describe('collector training', () => {
  it('is valid through its last day in Beijing, wherever the borrower is', () => {
    const collector = { id: 'c-07', trainingValidUntil: day('2026-03-02') };
    expect(check(attempt({ collector, at: bj('2026-03-02T21:59:00') }), ctx({ timeZone: 'Asia/Urumqi' })).allowed).toBe(true);
    // 01:00 on the 3rd in Beijing is still 23:00 on the 2nd in Urumqi: the lender's date counts
    const expired = check(attempt({ collector, at: bj('2026-03-03T01:00:00'), channel: 'letter' }), ctx({ timeZone: 'Asia/Urumqi' }));
    expect(refusedBy(expired)).toEqual({ 'collector-training': null });
    if (!expired.allowed) expect(expired.refusals[0]!.reason['en-US']).toBe("collector c-07's training expired on 2026-03-02; retraining is needed before working cases");
  });

  it('no training on record means no case work', () => {
    expect(refusedBy(check(attempt({ collector: { id: 'c-08', trainingValidUntil: null } })))).toEqual({ 'collector-training': null });
  });
});

describe('the verdict as a whole', () => {
  it('explains every rule when it allows', () => {
    const v = check(attempt());
    expect(v).toMatchObject({ allowed: true, pack: { id: 'cn-default', version: 2 } });
    expect(v.explanation.map((e) => e.rule)).toEqual(CN_DEFAULT_V2.rules.map((r) => r.code));
  });

  it('lists every refusal and the first instant all rules pass', () => {
    const history = ['09', '10', '11'].map((h) => past(`2026-03-02T${h}:00:00`, 'right_party_conversation'));
    const v = check(attempt({ at: bj('2026-03-02T23:00:00') }), ctx({ history }));
    expect(refusedBy(v)).toEqual({ 'quiet-hours': bj('2026-03-03T08:00:00'), 'daily-conversations': bj('2026-03-03T08:00:00') });
    expect(v.allowed === false && v.nextAllowedAt).toBe(bj('2026-03-03T08:00:00'));
    expect(nextAllowedContact(CN_DEFAULT_V2, attempt(), ctx({ history }), bj('2026-03-02T23:00:00'))).toBe(bj('2026-03-03T08:00:00'));
    expect(nextAllowedContact(CN_DEFAULT_V2, attempt(), ctx({ history }), bj('2026-03-03T09:15:00'))).toBe(bj('2026-03-03T09:15:00'));
  });
});
