import type { ContactAttempt, ContactContext, PastAttempt, Text } from '../contact.js';
import { text } from '../contact.js';
import type { Instant } from '../instant.js';

/** What every rule is given: the attempt, the history before it, and the local-time settings. */
export interface RuleEnv {
  attempt: ContactAttempt;
  /** attempts strictly before `attempt.at`, oldest first */
  history: readonly PastAttempt[];
  context: ContactContext;
  /** the contacted person's zone */
  timeZone: string;
  /** the pack's contact-day start, ms after local midnight */
  dayStartMs: number;
}

/**
 * A rule passes (with a note saying why, for the explanation) or refuses with the earliest
 * instant it would pass if nothing else happened; null when waiting alone never makes it pass.
 */
export type Verdict = { pass: true; note: Text } | { pass: false; reason: Text; nextAllowedAt: Instant | null };

export const pass = (zh: string, en: string): Verdict => ({ pass: true, note: text(zh, en) });
export const refuse = (nextAllowedAt: Instant | null, zh: string, en: string): Verdict => ({ pass: false, reason: text(zh, en), nextAllowedAt });
export const notApplicable = (zh: string, en: string): Verdict => pass(`不适用：${zh}`, `Not applicable: ${en}`);
