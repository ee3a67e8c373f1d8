import { describe, expect, it } from 'vitest';
import type { BusinessDate } from '../business-date.js';
import { checkContact, type ContactVerdict, UnknownTimeZone } from './check.js';
import type { ContactAttempt, ContactContext, Outcome, PastAttempt } from './contact.js';
import { HOUR_MS, type Instant, instantFromIso } from './instant.js';
import { US_REG_F_V1 } from './packs/index.js';

/** Scenarios for Regulation F; instants carry New York offsets (EST −05:00, EDT −04:00 from 2024-03-10 and until 2024-11-03). */

const iso = instantFromIso;
const NY = 'America/New_York';
const CONSUMER = { party: 'borrower', partyId: 'c-1', number: '+12125550101' } as const;

function attempt(over: Partial<ContactAttempt> = {}): ContactAttempt {
  return { at: iso('2024-03-05T10:00:00-05:00'), channel: 'call', ...CONSUMER, collector: { id: 'u-1', trainingValidUntil: '2030-01-01' as BusinessDate }, disclosesDebt: false, purpose: 'collection', ...over };
}
const call = (at: string, outcome: Outcome = 'no_answer', over: Partial<PastAttempt> = {}): PastAttempt => ({ at: iso(at), channel: 'call', ...CONSUMER, outcome, ...over });
const ctx = (over: Partial<ContactContext> = {}): ContactContext => ({ timeZone: NY, history: [], holds: [], ...over });
const check = (a: ContactAttempt, c: ContactContext = ctx()) => checkContact(US_REG_F_V1, a, c);
const refusedBy = (v: ContactVerdict): Record<string, Instant | null> => (v.allowed ? {} : Object.fromEntries(v.refusals.map((r) => [r.rule, r.nextAllowedAt])));

describe('Regulation F needs the consumer’s zone', () => {
  it('has no default zone, because the US has several', () => {
    expect(() => check(attempt(), { history: [], holds: [] })).toThrow(UnknownTimeZone);
  });
});

describe('inconvenient times: before 8:00 a.m. and after 9:00 p.m. local', () => {
  it('22:30 on the eve of spring-forward → 08:00 EDT, 8½ hours later', () => {
    const at = iso('2024-03-09T22:30:00-05:00');
    const v = check(attempt({ at }));
    expect(refusedBy(v)).toEqual({ 'quiet-hours': iso('2024-03-10T08:00:00-04:00') });
    expect(iso('2024-03-10T08:00:00-04:00') - at).toBe(8.5 * HOUR_MS);
  });

  it('22:30 on the eve of fall-back → 08:00 EST, 10½ hours later', () => {
    const at = iso('2024-11-02T22:30:00-04:00');
    expect(refusedBy(check(attempt({ at })))).toEqual({ 'quiet-hours': iso('2024-11-03T08:00:00-05:00') });
    expect(iso('2024-11-03T08:00:00-05:00') - at).toBe(10.5 * HOUR_MS);
  });

  it('covers email and texts, not letters; 20:59 is fine, 21:00 is not', () => {
    expect(check(attempt({ at: iso('2024-03-05T20:59:00-05:00') })).allowed).toBe(true);
    expect(check(attempt({ at: iso('2024-03-05T21:00:00-05:00') })).allowed).toBe(false);
    expect(check(attempt({ at: iso('2024-03-05T21:30:00-05:00'), channel: 'email' })).allowed).toBe(false);
    expect(check(attempt({ at: iso('2024-03-05T21:30:00-05:00'), channel: 'sms' })).allowed).toBe(false);
    expect(check(attempt({ at: iso('2024-03-05T21:30:00-05:00'), channel: 'letter' })).allowed).toBe(true);
  });

  it('is local to the consumer: 23:30 in New York is 20:30 in Los Angeles', () => {
    const at = iso('2024-03-06T04:30:00Z');
    expect(check(attempt({ at })).allowed).toBe(false);
    expect(check(attempt({ at }), ctx({ timeZone: 'America/Los_Angeles' })).allowed).toBe(true);
  });

  it('yields to the consumer’s consent to later calls', () => {
    const consents = [{ partyId: 'c-1', start: '21:00', end: '22:00' }];
    expect(check(attempt({ at: iso('2024-03-05T21:30:00-05:00') }), ctx({ consents })).allowed).toBe(true);
    // a window past midnight opens again the next evening
    const lateNight = [{ partyId: 'c-1', start: '22:00', end: '01:00' }];
    expect(check(attempt({ at: iso('2024-03-06T00:30:00-05:00') }), ctx({ consents: lateNight })).allowed).toBe(true);
    expect(refusedBy(check(attempt({ at: iso('2024-03-06T01:30:00-05:00') }), ctx({ consents: lateNight })))).toEqual({ 'quiet-hours': iso('2024-03-06T08:00:00-05:00') });
    expect(refusedBy(check(attempt({ at: iso('2024-03-06T21:30:00-05:00') }), ctx({ consents: lateNight })))).toEqual({ 'quiet-hours': iso('2024-03-06T22:00:00-05:00') });
  });

  it('skips a consented window that the spring-forward gap swallows', () => {
    const consents = [{ partyId: 'c-1', start: '02:15', end: '02:45' }];
    expect(refusedBy(check(attempt({ at: iso('2024-03-10T01:30:00-05:00') }), ctx({ consents })))).toEqual({ 'quiet-hours': iso('2024-03-10T08:00:00-04:00') });
  });
});

describe('7 calls in 7 consecutive days', () => {
  // one unanswered call a day, Monday 4 March to Sunday 10 March 2024, 10:00 local (the clocks change on the Sunday)
  const week = ['04', '05', '06', '07', '08', '09'].map((d) => call(`2024-03-${d}T10:00:00-05:00`)).concat(call('2024-03-10T10:00:00-04:00'));

  it('refuses the 8th call until the oldest of the 7 leaves the window: Monday 00:00, so 08:00 with quiet hours', () => {
    const v = check(attempt({ at: iso('2024-03-10T15:00:00-04:00') }), ctx({ history: week }));
    expect(refusedBy(v)).toEqual({ 'call-frequency': iso('2024-03-11T00:00:00-04:00') });
    if (v.allowed) return;
    expect(v.refusals[0]!.reason['en-US']).toBe('7 calls within 7 consecutive days (limit 7); next call from 2024-03-11 00:00');
    expect(v.nextAllowedAt).toBe(iso('2024-03-11T08:00:00-04:00'));
  });

  it('slides day by day: with two calls on the 5th the window must pass the 5th', () => {
    const history = [call('2024-03-04T10:00:00-05:00'), call('2024-03-05T09:00:00-05:00'), ...week.slice(1)];
    expect(refusedBy(check(attempt({ at: iso('2024-03-10T15:00:00-04:00') }), ctx({ history })))).toEqual({ 'call-frequency': iso('2024-03-12T00:00:00-04:00') });
    expect(refusedBy(check(attempt({ at: iso('2024-03-11T12:00:00-04:00') }), ctx({ history })))).toEqual({ 'call-frequency': iso('2024-03-12T00:00:00-04:00') });
  });

  it('seven calls on one day block the next six days', () => {
    const history = Array.from({ length: 7 }, (_, i) => call(`2024-03-04T1${i}:00:00-05:00`));
    expect(refusedBy(check(attempt({ at: iso('2024-03-08T12:00:00-05:00') }), ctx({ history })))).toEqual({ 'call-frequency': iso('2024-03-11T00:00:00-04:00') });
  });

  it('does not count calls that never connected, calls to someone else, or texts', () => {
    const at = iso('2024-03-10T15:00:00-04:00');
    expect(check(attempt({ at }), ctx({ history: [...week.slice(0, 6), { ...week[6]!, outcome: 'busy' }] })).allowed).toBe(true);
    expect(check(attempt({ at }), ctx({ history: [...week.slice(0, 6), { ...week[6]!, partyId: 'c-2' }] })).allowed).toBe(true);
    expect(check(attempt({ at, channel: 'sms' }), ctx({ history: week })).allowed).toBe(true);
  });
});

describe('no call within 7 days after a conversation (its day is day 1)', () => {
  const talked = [call('2024-03-04T10:00:00-05:00', 'right_party_conversation')];

  it('a conversation on Monday bars calls until the next Monday', () => {
    const v = check(attempt({ at: iso('2024-03-10T12:00:00-04:00') }), ctx({ history: talked }));
    expect(refusedBy(v)).toEqual({ 'after-conversation': iso('2024-03-11T00:00:00-04:00') });
    if (v.allowed) return;
    expect(v.refusals[0]!.reason['en-US']).toBe('a conversation on 2024-03-04 (day 1) bars calls for 7 days; next call from 2024-03-11 00:00');
    expect(v.nextAllowedAt).toBe(iso('2024-03-11T08:00:00-04:00'));
    expect(check(attempt({ at: iso('2024-03-11T09:00:00-04:00') }), ctx({ history: talked })).allowed).toBe(true);
  });

  it('limits calls only', () => {
    expect(check(attempt({ at: iso('2024-03-05T12:00:00-05:00'), channel: 'sms' }), ctx({ history: talked })).allowed).toBe(true);
    const texted = [{ ...talked[0]!, channel: 'sms' as const }];
    expect(check(attempt({ at: iso('2024-03-05T12:00:00-05:00') }), ctx({ history: texted })).allowed).toBe(true);
  });
});

describe('holds', () => {
  it('stop collection of a disputed debt', () => {
    const holds = [{ kind: 'dispute' as const, reason: 'written dispute', from: iso('2024-03-01T00:00:00Z'), until: null }];
    expect(refusedBy(check(attempt(), ctx({ holds })))).toEqual({ holds: null });
  });
});
