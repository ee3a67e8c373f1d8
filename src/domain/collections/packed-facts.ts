import type { CollectionFacts } from './evaluate.js';

/**
 * A strategy task keeps the facts its step was decided on, to render its explanation from
 * (explain.ts). Kept as an object, the field names were more than half of the facts' 300 bytes and
 * the facts more than half of the task's row, which is rewritten whole whenever the task's status
 * changes (each day the collections run supersedes the older step of every case given a new one:
 * 62,858 rows at 1,000,000 loans). Packed, the facts are a list of their values in the order below,
 * after the form's number (a list of 14 values is about 140 bytes: 142 on average at 1,000,000 loans).
 *
 * The order is the stored form: a field is added at the end, never moved or removed. Facts kept as
 * an object (tasks written before) read as they are.
 */
const FIELDS = [
  'loanId',
  'asOf',
  'dpd',
  'bucket',
  'overdueFen',
  'product',
  'branchCode',
  'riskGrade',
  'tags',
  'promise',
  'oldestUnpaidDue',
  'nextDue',
  'planKeptSince',
  'planBrokenOn',
] as const satisfies readonly (keyof CollectionFacts)[];

/** The form's number, first in the list: a later form gets the next one. */
const FORM = 1;

/** The facts as stored: [1, loanId, asOf, dpd, …] in the order of FIELDS (an absent plan date as null). */
export function packFacts(f: CollectionFacts): unknown[] {
  const packed: unknown[] = [FORM];
  for (const k of FIELDS) packed.push(f[k] ?? null);
  return packed;
}

/** The facts from what a task keeps: the packed list, or the object tasks kept before it. */
export function unpackFacts(stored: unknown): CollectionFacts {
  if (!Array.isArray(stored)) {
    if (stored === null || typeof stored !== 'object') throw new Error('a task’s facts are neither a packed list nor an object');
    return stored as CollectionFacts;
  }
  if (stored[0] !== FORM || stored.length !== FIELDS.length + 1) {
    throw new Error(`a task’s facts are packed in a form this program does not read (form ${String(stored[0])}, ${stored.length - 1} values)`);
  }
  const facts: Record<string, unknown> = {};
  FIELDS.forEach((k, i) => {
    facts[k] = stored[i + 1];
  });
  return facts as unknown as CollectionFacts;
}
