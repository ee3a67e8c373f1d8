import type { ContactAttempt, ContactContext, Text } from './contact.js';
import { type Instant, maxInstant } from './instant.js';
import { assertTimeZone, clockMs } from './local-time.js';
import type { Rule, RuleCode, RulePack } from './pack.js';
import { evaluateRule } from './rules/index.js';
import type { RuleEnv, Verdict } from './rules/verdict.js';

/**
 * The compliance guard: every rule of the pack in force judges the attempt; any refusal blocks
 * it. A refusal says which rule, why (zh/en), and when that rule would let it through; the
 * verdict's `nextAllowedAt` is the earliest instant every rule lets it through, which is what a
 * collector is shown before dialling.
 */

export interface Refusal {
  rule: RuleCode;
  ruleName: Text;
  reason: Text;
  /** null: waiting alone never makes this rule pass */
  nextAllowedAt: Instant | null;
}

export interface RuleNote {
  rule: RuleCode;
  ruleName: Text;
  note: Text;
}

export interface PackRef {
  id: string;
  jurisdiction: string;
  version: number;
}

export type ContactVerdict =
  | { allowed: true; pack: PackRef; explanation: RuleNote[] }
  | {
      allowed: false;
      pack: PackRef;
      refusals: Refusal[];
      /** earliest instant ≥ every refusal's at which the whole pack passes; null: not by waiting */
      nextAllowedAt: Instant | null;
      /** the rules that passed */
      explanation: RuleNote[];
    };

export class UnknownTimeZone extends Error {
  constructor(readonly packId: string) {
    super(`pack ${packId} has no default time zone and the contacted person's zone was not given`);
    this.name = 'UnknownTimeZone';
  }
}

export function contactTimeZone(pack: RulePack, context: ContactContext): string {
  const zone = context.timeZone ?? pack.defaultTimeZone;
  if (zone === undefined) throw new UnknownTimeZone(pack.id);
  assertTimeZone(zone);
  return zone;
}

function judge(pack: RulePack, attempt: ContactAttempt, context: ContactContext): { rule: Rule; verdict: Verdict }[] {
  const env: RuleEnv = {
    attempt,
    history: context.history.filter((h) => h.at < attempt.at).sort((a, b) => a.at - b.at),
    context,
    timeZone: contactTimeZone(pack, context),
    dayStartMs: clockMs(pack.dayStartsAt),
  };
  return pack.rules.map((rule) => ({ rule, verdict: evaluateRule(rule.code, rule.params, env) }));
}

function refusalsOf(judged: ReturnType<typeof judge>): Refusal[] {
  return judged.flatMap(({ rule, verdict }) => (verdict.pass ? [] : [{ rule: rule.code, ruleName: rule.name, reason: verdict.reason, nextAllowedAt: verdict.nextAllowedAt }]));
}

/** Every rule blocks a stretch of time that ends at its next instant, so jumping to the latest one never skips a free instant. */
const MAX_JUMPS = 64;

/** The earliest instant ≥ `from` at which this kind of attempt passes every rule; null when waiting never suffices. */
export function nextAllowedContact(pack: RulePack, attempt: Omit<ContactAttempt, 'at'>, context: ContactContext, from: Instant): Instant | null {
  let at = from;
  for (let jump = 0; jump < MAX_JUMPS; jump++) {
    const refusals = refusalsOf(judge(pack, { ...attempt, at }, context));
    if (refusals.length === 0) return at;
    const nexts = refusals.map((r) => r.nextAllowedAt);
    if (nexts.includes(null)) return null;
    const next = maxInstant(nexts as Instant[]);
    if (next <= at) throw new Error(`compliance rule ${refusals.find((r) => r.nextAllowedAt === next)?.rule} gave a next instant not after the attempt`);
    at = next;
  }
  throw new Error(`no allowed instant found after ${MAX_JUMPS} jumps from ${from}`);
}

export function checkContact(pack: RulePack, attempt: ContactAttempt, context: ContactContext): ContactVerdict {
  const judged = judge(pack, attempt, context);
  const ref: PackRef = { id: pack.id, jurisdiction: pack.jurisdiction, version: pack.version };
  const explanation = judged.flatMap(({ rule, verdict }) => (verdict.pass ? [{ rule: rule.code, ruleName: rule.name, note: verdict.note }] : []));
  const refusals = refusalsOf(judged);
  if (refusals.length === 0) return { allowed: true, pack: ref, explanation };
  const nexts = refusals.map((r) => r.nextAllowedAt);
  const nextAllowedAt = nexts.includes(null) ? null : nextAllowedContact(pack, attempt, context, maxInstant(nexts as Instant[]));
  return { allowed: false, pack: ref, refusals, nextAllowedAt, explanation };
}
