import { z } from 'zod';
import { type BusinessDate, isBusinessDate } from '../business-date.js';
import { CHANNELS, HOLD_KINDS, PARTIES, PURPOSES } from './contact.js';
import { isClock } from './local-time.js';

/**
 * A rule pack is a jurisdiction's contact rules as data: head office (or counsel) edits numbers
 * and publishes a new version with an effective date; the code knows only what each rule code
 * means. Each rule names its source so a refusal can be traced to the text it enforces.
 */

const Day = z
  .string()
  .refine(isBusinessDate, 'a calendar date YYYY-MM-DD')
  .transform((s) => s as BusinessDate);
const Clock = z.string().refine(isClock, 'a time of day HH:MM');
const Zone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone such as Asia/Shanghai');
const Count = z.number().int().min(1).max(1000);
const Channels = z.array(z.enum(CHANNELS)).min(1);
const Parties = z.array(z.enum(PARTIES)).min(1);
const Name = z.object({ 'zh-CN': z.string().min(1), 'en-US': z.string().min(1) }).strict();

const rule = <C extends string, P extends z.ZodRawShape>(code: C, params: P) =>
  z.object({ code: z.literal(code), name: Name, source: z.string().optional(), params: z.object(params).strict() }).strict();

export const RuleSchema = z.discriminatedUnion('code', [
  /** no contact by these channels while the local clock is in [start, end), unless consented */
  rule('quiet-hours', { start: Clock, end: Clock, channels: Channels, honourConsent: z.boolean() }),
  /** at most `max` right-party conversations with one person per contact day */
  rule('daily-conversations', { max: Count, channels: Channels, parties: Parties }),
  /** at most `max` unanswered attempts to one number per contact day */
  rule('unanswered-per-number', { max: Count, channels: Channels }),
  /** third parties: only once the debtor is unreachable, only to locate or pass a message, never disclosing the debt, never after they refuse */
  rule('third-party-gate', { parties: Parties, failedAttemptsToDebtor: Count, purposes: z.array(z.enum(PURPOSES)).min(1) }),
  /** at most `max` calls to one person within `days` consecutive days */
  rule('call-frequency', { max: Count, days: Count, channels: Channels }),
  /** no call within `days` days after a conversation, the conversation's day being day 1 */
  rule('after-conversation', { days: Count, channels: Channels }),
  /** 停催: an active hold of these kinds stops all contact */
  rule('holds', { kinds: z.array(z.enum(HOLD_KINDS)).min(1) }),
  /** only collectors whose training is current may contact anyone; expiry dates are days in `timeZone` */
  rule('collector-training', { timeZone: Zone }),
]);
export type Rule = z.infer<typeof RuleSchema>;
export type RuleCode = Rule['code'];
export type RuleOf<C extends RuleCode> = Extract<Rule, { code: C }>;

export const RulePackSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/),
    /** ISO 3166 country, optionally a subdivision: CN, US, US-CA */
    jurisdiction: z.string().regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/),
    version: z.number().int().min(1),
    effectiveFrom: Day,
    /** last day in force (inclusive); null: until a later version replaces it */
    effectiveTo: Day.nullable(),
    /** local zone assumed when the contacted person's zone is not known; none: it must be given */
    defaultTimeZone: Zone.optional(),
    /** when a contact day starts for caps "per day" */
    dayStartsAt: Clock,
    rules: z.array(RuleSchema).min(1),
  })
  .strict()
  .superRefine((pack, ctx) => {
    if (pack.effectiveTo !== null && pack.effectiveTo < pack.effectiveFrom) {
      ctx.addIssue({ code: 'custom', path: ['effectiveTo'], message: 'ends before it starts' });
    }
    const seen = new Set<string>();
    pack.rules.forEach((r, i) => {
      if (seen.has(r.code)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'code'], message: `rule ${r.code} appears twice` });
      seen.add(r.code);
    });
  });
export type RulePack = z.infer<typeof RulePackSchema>;

/**
 * How much history the guard needs, so a caller loads enough and no more: every attempt of the
 * last `days` days, plus the borrower's attempts going back until `borrowerFailures` failed ones
 * or the last time the borrower was reached, however old. Day counts carry one spare day for a
 * contact day that began the calendar day before.
 */
export function historyNeeded(pack: RulePack): { days: number; borrowerFailures: number } {
  let days = 0;
  let borrowerFailures = 0;
  for (const r of pack.rules) {
    if (r.code === 'daily-conversations' || r.code === 'unanswered-per-number') days = Math.max(days, 2);
    if (r.code === 'call-frequency' || r.code === 'after-conversation') days = Math.max(days, r.params.days + 1);
    if (r.code === 'third-party-gate') borrowerFailures = Math.max(borrowerFailures, r.params.failedAttemptsToDebtor);
  }
  return { days, borrowerFailures };
}
