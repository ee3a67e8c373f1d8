import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type BusinessDate } from '../business-date.js';
import { checkContact, nextAllowedContact } from './check.js';
import { CHANNELS, type ContactAttempt, type ContactContext, HOLD_KINDS, OUTCOMES, type Party, PARTIES, PURPOSES } from './contact.js';
import { DAY_MS, type Instant, instantFromIso, MINUTE_MS } from './instant.js';
import { localDate } from './local-time.js';
import { type Rule, type RulePack, RulePackSchema } from './pack.js';
import { CN_DEFAULT_V2, US_REG_F_V1 } from './packs/index.js';

/**
 * Invariants of the guard over random packs, zones (DST, half-hour and midnight changes
 * included), histories, holds and consents. History always lies before the attempt: "no new
 * history" is what lets a refusal promise its next instant.
 */

const ZONES = ['Asia/Shanghai', 'Asia/Urumqi', 'America/New_York', 'America/Los_Angeles', 'Europe/London', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kathmandu'];
const PARTY_OF: Record<string, Party> = { p1: 'borrower', p2: 'guarantor', p3: 'emergency_contact', p4: 'third_party' };

const clock = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 59)).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const some = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 1 });
const count = fc.integer({ min: 1, max: 8 });
/** mostly `common`, sometimes anything: caps only bite when attempts pile up on one person and number */
const mostly = <T>(common: T, all: readonly T[]) => fc.oneof({ arbitrary: fc.constant(common), weight: 3 }, { arbitrary: fc.constantFrom(...all), weight: 1 });

const ruleArb: fc.Arbitrary<Rule>[] = [
  fc.record({ start: clock, end: clock, channels: some(CHANNELS), honourConsent: fc.boolean() }).map((params) => ({ code: 'quiet-hours', params })),
  fc.record({ max: count, channels: some(CHANNELS), parties: some(PARTIES) }).map((params) => ({ code: 'daily-conversations', params })),
  fc.record({ max: count, channels: some(CHANNELS) }).map((params) => ({ code: 'unanswered-per-number', params })),
  fc.record({ parties: some(PARTIES), failedAttemptsToDebtor: count, purposes: some(PURPOSES) }).map((params) => ({ code: 'third-party-gate', params })),
  fc.record({ max: count, days: count, channels: some(CHANNELS) }).map((params) => ({ code: 'call-frequency', params })),
  fc.record({ days: count, channels: some(CHANNELS) }).map((params) => ({ code: 'after-conversation', params })),
  fc.record({ kinds: some(HOLD_KINDS) }).map((params) => ({ code: 'holds', params })),
  fc.constantFrom(...ZONES).map((timeZone) => ({ code: 'collector-training', params: { timeZone } })),
].map((arb) => arb.map((r) => ({ ...r, name: { 'zh-CN': r.code, 'en-US': r.code } }) as Rule));

const randomPack: fc.Arbitrary<RulePack> = fc
  .record({ dayStartsAt: clock, rules: fc.tuple(...ruleArb).chain((rules) => fc.subarray(rules, { minLength: 1 })) })
  .map(({ dayStartsAt, rules }) => RulePackSchema.parse({ id: 'random', jurisdiction: 'XX', version: 1, effectiveFrom: '2000-01-01', effectiveTo: null, dayStartsAt, rules }));

const packArb = fc.oneof(fc.constant(CN_DEFAULT_V2), fc.constant(US_REG_F_V1), randomPack);

const FROM = instantFromIso('2024-01-01T00:00:00Z');
const TO = instantFromIso('2026-12-31T00:00:00Z');

const caseArb = fc
  .record({
    pack: packArb,
    timeZone: fc.constantFrom(...ZONES),
    at: fc.integer({ min: FROM, max: TO }).map((ms) => ms as Instant),
    channel: mostly('call' as const, CHANNELS),
    partyId: mostly('p1', ['p2', 'p3', 'p4']),
    number: fc.option(mostly('n1', ['n2', 'n3']), { nil: undefined, freq: 12 }),
    trainingDays: fc.option(fc.integer({ min: -2, max: 20 }), { nil: null, freq: 12 }),
    disclosesDebt: mostly(false, [true]),
    purpose: fc.constantFrom(...PURPOSES),
    history: fc.array(
      fc.record({
        agoMs: fc.oneof(fc.integer({ min: 1, max: DAY_MS }), fc.integer({ min: 1, max: 9 * DAY_MS })),
        channel: mostly('call' as const, CHANNELS),
        partyId: mostly('p1', ['p2', 'p3', 'p4']),
        number: mostly('n1', ['n2', 'n3']),
        outcome: fc.oneof(fc.constantFrom('right_party_conversation' as const, 'no_answer' as const), fc.constantFrom(...OUTCOMES)),
      }),
      { maxLength: 30 },
    ),
    /** a run of calls to the borrower's main number within the last hours */
    burst: fc.array(
      fc.record({ agoMs: fc.integer({ min: 1, max: 12 * 60 * MINUTE_MS }), outcome: fc.constantFrom('right_party_conversation' as const, 'no_answer' as const, 'busy' as const, 'voicemail' as const) }),
      { maxLength: 8 },
    ),
    holds: fc.array(
      fc.record({
        kind: fc.constantFrom(...HOLD_KINDS),
        startMs: fc.integer({ min: -5 * DAY_MS, max: 5 * DAY_MS }),
        lengthMs: fc.option(fc.integer({ min: MINUTE_MS, max: 5 * DAY_MS }), { nil: null, freq: 6 }),
      }),
      { maxLength: 3 },
    ),
    consents: fc.array(fc.record({ partyId: fc.constantFrom('p1', 'p2', 'p3'), start: clock, end: clock }), { maxLength: 2 }),
    debtorUnreachable: fc.boolean(),
  })
  .map((c) => {
    const attempt: ContactAttempt = {
      at: c.at,
      channel: c.channel,
      party: PARTY_OF[c.partyId]!,
      partyId: c.partyId,
      number: c.number,
      collector: { id: 'c', trainingValidUntil: c.trainingDays === null ? null : (addDays(localDate(c.at, 'Asia/Shanghai'), c.trainingDays) as BusinessDate) },
      disclosesDebt: c.disclosesDebt,
      purpose: c.purpose,
    };
    const context: ContactContext = {
      timeZone: c.timeZone,
      history: [...c.history, ...c.burst.map((b) => ({ ...b, channel: 'call' as const, partyId: 'p1', number: 'n1' }))].map((h) => ({
        at: (c.at - h.agoMs) as Instant,
        channel: h.channel,
        party: PARTY_OF[h.partyId]!,
        partyId: h.partyId,
        number: h.number,
        outcome: h.outcome,
      })),
      holds: c.holds.map((h) => ({ kind: h.kind, reason: 'r', from: (c.at + h.startMs) as Instant, until: h.lengthMs === null ? null : ((c.at + h.startMs + h.lengthMs) as Instant) })),
      consents: c.consents,
      debtorUnreachable: c.debtorUnreachable,
    };
    return { pack: c.pack, attempt, context };
  });

const refusedRules = (pack: RulePack, attempt: ContactAttempt, context: ContactContext) => {
  const v = checkContact(pack, attempt, context);
  return new Set(v.allowed ? [] : v.refusals.map((r) => r.rule));
};

const RUNS = { numRuns: 300 };

describe('compliance guard invariants', () => {
  it('each refusal names the earliest instant its rule passes, strictly after the attempt', () => {
    fc.assert(
      fc.property(caseArb, ({ pack, attempt, context }) => {
        const v = checkContact(pack, attempt, context);
        if (v.allowed) return;
        for (const r of v.refusals) {
          expect(r.reason['zh-CN'].length * r.reason['en-US'].length).toBeGreaterThan(0);
          if (r.nextAllowedAt === null) continue;
          expect(r.nextAllowedAt).toBeGreaterThan(attempt.at);
          expect(refusedRules(pack, { ...attempt, at: r.nextAllowedAt }, context).has(r.rule)).toBe(false);
          expect(refusedRules(pack, { ...attempt, at: (r.nextAllowedAt - 1) as Instant }, context).has(r.rule)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('allowed means no rule refused; otherwise every rule is either explained or refused', () => {
    fc.assert(
      fc.property(caseArb, ({ pack, attempt, context }) => {
        const v = checkContact(pack, attempt, context);
        const refused = v.allowed ? [] : v.refusals.map((r) => r.rule);
        if (!v.allowed) expect(refused.length).toBeGreaterThan(0);
        expect([...v.explanation.map((e) => e.rule), ...refused].sort()).toEqual(pack.rules.map((r) => r.code).sort());
      }),
      RUNS,
    );
  });

  it('the verdict’s next instant is the first one every rule passes, never before any refusal’s', () => {
    fc.assert(
      fc.property(caseArb, ({ pack, attempt, context }) => {
        const v = checkContact(pack, attempt, context);
        expect(nextAllowedContact(pack, attempt, context, attempt.at)).toBe(v.allowed ? attempt.at : v.nextAllowedAt);
        if (v.allowed) return;
        const nexts = v.refusals.map((r) => r.nextAllowedAt);
        if (nexts.includes(null)) {
          expect(v.nextAllowedAt).toBeNull();
          return;
        }
        if (v.nextAllowedAt === null) return; // a later instant hit a rule that waiting never lifts
        expect(v.nextAllowedAt).toBeGreaterThanOrEqual(Math.max(...(nexts as number[])));
        expect(checkContact(pack, { ...attempt, at: v.nextAllowedAt }, context).allowed).toBe(true);
        expect(checkContact(pack, { ...attempt, at: (v.nextAllowedAt - 1) as Instant }, context).allowed).toBe(false);
      }),
      RUNS,
    );
  });
});
