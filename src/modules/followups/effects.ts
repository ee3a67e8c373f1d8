import { type Kysely, sql } from 'kysely';
import { arrayLiteral } from '../../db/bulk.js';
import type { DB, FactName } from '../../db/schema.js';
import { displayValue, type FactKind, readFactValue, storedFactOf, type Verification } from '../../domain/borrower-facts.js';
import { addDays, type BusinessDate } from '../../domain/business-date.js';
import type { Derived } from '../../domain/followups/derive.js';
import { maskFact } from '../../domain/masking.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { insertTasks } from './tasks.js';

/**
 * What a follow-up's answers derive, made real, and unmade by a correction. Facts are appended
 * (source follow_up) superseding the current fact of their kind, never overwritten; a retracted
 * fact is answered by a new fact restoring the value from before the follow-up, unless someone has
 * changed that fact since (their later information stands). Flags are raised with their evidence
 * and cleared with the date and the amendment; loan_use_breach is also a loan_flag, the 五级 event
 * floor, voided from the day it was set so close of business re-derives the class without it.
 * Tasks are added as follow-up tasks and cancelled when the answer behind them goes.
 */
export interface EffectContext {
  followUpId: number;
  loanId: number;
  borrowerId: number;
  branchId: number;
  branchPath: string;
  businessDate: BusinessDate;
  who: AuditWho;
  /** null: the original follow-up */
  amendmentId: number | null;
  version: number;
  slaDays: number;
}

/** The class floor a loan-use breach sets (挪用贷款: at least 关注). */
export const LOAN_USE_BREACH_FLOOR = 'special_mention';

export interface FactChange {
  kind: FactKind;
  action: 'derived' | 'verified' | 'restored';
  factId: number;
}

export interface FactSkip {
  kind: FactKind;
  why: 'changed_since' | 'nothing_to_restore' | 'unchanged';
}

interface Row {
  id: number;
  fact: FactName;
  value: string;
  verification: Verification;
}

const reasonOf = (ctx: EffectContext) => (ctx.amendmentId === null ? `回访 follow-up #${ctx.followUpId}` : `回访更正 amendment #${ctx.amendmentId} of follow-up #${ctx.followUpId}`);

export async function applyFacts(trx: Kysely<DB>, ctx: EffectContext, retract: Derived, add: Derived): Promise<{ changed: FactChange[]; skipped: FactSkip[] }> {
  type Want = { kind: FactKind; fact: FactName; value: string; verification: Verification; action: FactChange['action'] };
  const wants = new Map<FactName, Want>();
  for (const f of add.facts) {
    const read = readFactValue(f.kind, f.value);
    if (read.ok) wants.set(read.fact, { kind: f.kind, fact: read.fact, value: read.value, verification: 'unverified', action: 'derived' });
  }
  for (const v of add.verified) {
    const read = readFactValue(v.kind, v.value);
    if (read.ok) wants.set(read.fact, { kind: v.kind, fact: read.fact, value: read.value, verification: v.verification, action: 'verified' });
  }
  const retracted = [...retract.facts, ...retract.verified].map((r) => ({ kind: r.kind, fact: storedFactOf(r.kind) })).filter((r) => !wants.has(r.fact));
  const kinds = [...new Set([...wants.keys(), ...retracted.map((r) => r.fact)])];
  if (kinds.length === 0) return { changed: [], skipped: [] };

  // the borrower row is the lock every writer of facts takes (see borrowers/facts.ts)
  await trx.selectFrom('borrower').select('id').where('id', '=', ctx.borrowerId).forUpdate().executeTakeFirstOrThrow();
  const current = new Map<string, Row>();
  for (const r of await trx
    .selectFrom('borrower_fact')
    .select(['id', 'fact', 'value', 'verification'])
    .distinctOn('fact')
    .where('borrower_id', '=', ctx.borrowerId)
    .where('fact', 'in', kinds)
    .orderBy('fact')
    .orderBy('effective_from', 'desc')
    .orderBy('id', 'desc')
    .execute()) {
    current.set(r.fact, r as Row);
  }
  const links = await trx.selectFrom('followup_fact').select(['fact_id', 'fact', 'supersedes_id']).where('followup_id', '=', ctx.followUpId).orderBy('fact_id').execute();
  const ours = new Set(links.map((l) => l.fact_id));
  const touched = new Set(links.map((l) => l.fact));
  const firstLink = new Map<string, number | null>();
  for (const l of links) if (!firstLink.has(l.fact)) firstLink.set(l.fact, l.supersedes_id);
  const originalIds = [...firstLink.values()].filter((id): id is number => id !== null);
  const originals = new Map<number, Row>();
  if (originalIds.length > 0) {
    for (const r of await trx.selectFrom('borrower_fact').select(['id', 'fact', 'value', 'verification']).where('id', 'in', originalIds).execute()) originals.set(r.id, r as Row);
  }

  const skipped: FactSkip[] = [];
  const appends: Want[] = [];
  const stillOurs = (fact: FactName) => !touched.has(fact) || (current.get(fact) !== undefined && ours.has(current.get(fact)!.id));
  for (const w of wants.values()) {
    const cur = current.get(w.fact);
    if (!stillOurs(w.fact)) skipped.push({ kind: w.kind, why: 'changed_since' });
    else if (cur && cur.value === w.value && cur.verification === w.verification) skipped.push({ kind: w.kind, why: 'unchanged' });
    else appends.push(w);
  }
  for (const r of retracted) {
    const cur = current.get(r.fact);
    const originalId = firstLink.get(r.fact);
    const original = originalId === undefined || originalId === null ? undefined : originals.get(originalId);
    if (!touched.has(r.fact) || !stillOurs(r.fact)) skipped.push({ kind: r.kind, why: 'changed_since' });
    else if (!original) skipped.push({ kind: r.kind, why: 'nothing_to_restore' });
    else if (cur && cur.value === original.value && cur.verification === original.verification) skipped.push({ kind: r.kind, why: 'unchanged' });
    else appends.push({ kind: r.kind, fact: r.fact, value: original.value, verification: original.verification, action: 'restored' });
  }
  if (appends.length === 0) return { changed: [], skipped };

  const reason = reasonOf(ctx);
  const { rows } = await sql<{ id: number; fact: FactName; supersedes_id: number | null }>`
    INSERT INTO borrower_fact (borrower_id, fact, value, effective_from, source, verification, supersedes_id, recorded_by, reason)
    SELECT ${ctx.borrowerId}, x.fact, x.value, ${ctx.businessDate}, 'follow_up', x.verification, x.supersedes, ${ctx.who.name}, ${reason}
      FROM unnest(${arrayLiteral(appends.map((a) => a.fact), 'text')}::text[], ${arrayLiteral(appends.map((a) => a.value), 'text')}::text[],
                  ${arrayLiteral(appends.map((a) => a.verification), 'text')}::text[], ${arrayLiteral(appends.map((a) => current.get(a.fact)?.id ?? null), 'bigint')}::bigint[])
           AS x(fact, value, verification, supersedes)
    RETURNING id, fact, supersedes_id`.execute(trx);
  const byFact = new Map(appends.map((a) => [a.fact, a]));
  await trx
    .insertInto('followup_fact')
    .values(rows.map((r) => ({ fact_id: r.id, followup_id: ctx.followUpId, amendment_id: ctx.amendmentId, fact: r.fact, supersedes_id: r.supersedes_id, action: byFact.get(r.fact)!.action })))
    .execute();
  // the borrower's audit trail reads as it does for facts recorded by hand: masked values
  for (const r of rows) {
    const a = byFact.get(r.fact)!;
    const before = current.get(r.fact);
    const shown = (row: { fact: FactName; value: string }) => maskFact(row.fact, displayValue(row.fact, row.value));
    await recordAudit(trx, ctx.who, {
      action: 'borrower.fact_append',
      entityType: 'borrower',
      entityId: ctx.borrowerId,
      branchPath: ctx.branchPath,
      before: before ? { factId: before.id, kind: a.kind, value: shown(before), verification: before.verification } : null,
      after: { factId: r.id, kind: a.kind, value: shown(a), source: 'follow_up', verification: a.verification, supersedesId: r.supersedes_id, followUpId: ctx.followUpId, amendmentId: ctx.amendmentId, action: a.action },
      reason,
    });
  }
  return { changed: rows.map((r) => ({ kind: byFact.get(r.fact)!.kind, action: byFact.get(r.fact)!.action, factId: r.id })), skipped };
}

export async function raiseFlags(trx: Kysely<DB>, ctx: EffectContext, flags: Derived['flags']): Promise<number[]> {
  const ids: number[] = [];
  for (const f of flags) {
    const loanFlag =
      f.flag === 'loan_use_breach'
        ? await trx
            .insertInto('loan_flag')
            .values({ loan_id: ctx.loanId, flag: 'loan_use_breach', class_floor: LOAN_USE_BREACH_FLOOR, set_on: ctx.businessDate, reason: `${reasonOf(ctx)}: ${f.evidence}`, set_by: ctx.who.name })
            .returning('id')
            .executeTakeFirstOrThrow()
        : null;
    const row = await trx
      .insertInto('followup_flag')
      .values({ followup_id: ctx.followUpId, amendment_id: ctx.amendmentId, loan_id: ctx.loanId, borrower_id: ctx.borrowerId, flag: f.flag, item: f.item, evidence: f.evidence, set_on: ctx.businessDate, loan_flag_id: loanFlag?.id ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  return ids;
}

export async function clearFlags(trx: Kysely<DB>, ctx: EffectContext, flags: Derived['flags']): Promise<number[]> {
  if (flags.length === 0 || ctx.amendmentId === null) return [];
  const active = await trx.selectFrom('followup_flag').select(['id', 'flag', 'item', 'evidence', 'loan_flag_id']).where('followup_id', '=', ctx.followUpId).where('cleared_on', 'is', null).execute();
  const gone = active.filter((a) => flags.some((f) => f.flag === a.flag && f.item === a.item && f.evidence === a.evidence));
  if (gone.length === 0) return [];
  await trx.updateTable('followup_flag').set({ cleared_on: ctx.businessDate, cleared_by_amendment_id: ctx.amendmentId }).where('id', 'in', gone.map((g) => g.id)).execute();
  const loanFlags = gone.map((g) => g.loan_flag_id).filter((id): id is number => id !== null);
  if (loanFlags.length > 0) {
    // voided, not ended today: the answer that set it was wrong, so it never applied
    await trx.updateTable('loan_flag').set((eb) => ({ cleared_on: eb.ref('set_on') })).where('id', 'in', loanFlags).where('cleared_on', 'is', null).execute();
  }
  return gone.map((g) => g.id);
}

export async function addDerivedTasks(trx: Kysely<DB>, ctx: EffectContext, tasks: Derived['tasks']): Promise<number[]> {
  return insertTasks(
    trx,
    tasks.map((t) => ({
      key: `derived/${ctx.followUpId}/v${ctx.version}/${t.task}/${t.item}`,
      loanId: ctx.loanId,
      branchId: ctx.branchId,
      kind: t.task,
      trigger: null,
      item: t.item,
      channel: 'phone',
      fieldReasons: [],
      dueOn: ctx.businessDate,
      doneBy: addDays(ctx.businessDate, ctx.slaDays),
      policyVersion: null,
      createdOn: ctx.businessDate,
      sourceFollowupId: ctx.followUpId,
      sourceAmendmentId: ctx.amendmentId,
    })),
  );
}

export async function cancelDerivedTasks(trx: Kysely<DB>, ctx: EffectContext, tasks: Derived['tasks']): Promise<number[]> {
  if (tasks.length === 0) return [];
  const open = await trx.selectFrom('followup_task').select(['id', 'kind', 'item']).where('source_followup_id', '=', ctx.followUpId).where('status', '=', 'open').execute();
  const gone = open.filter((o) => tasks.some((t) => t.task === o.kind && t.item === o.item));
  if (gone.length === 0) return [];
  await trx
    .updateTable('followup_task')
    .set({ status: 'cancelled', closed_on: ctx.businessDate, cancelled_reason: `amendment #${ctx.amendmentId ?? '-'}` })
    .where('id', 'in', gone.map((g) => g.id))
    .execute();
  return gone.map((g) => g.id);
}

export interface AppliedEffect {
  facts: FactChange[];
  factsSkipped: FactSkip[];
  flagsRaised: number[];
  flagsCleared: number[];
  tasksAdded: number[];
  tasksCancelled: number[];
}

/** Retracts what the old answers derived and the new ones do not, and adds the reverse. */
export async function applyEffect(trx: Kysely<DB>, ctx: EffectContext, retract: Derived, add: Derived): Promise<AppliedEffect> {
  const facts = await applyFacts(trx, ctx, retract, add);
  const flagsCleared = await clearFlags(trx, ctx, retract.flags);
  const flagsRaised = await raiseFlags(trx, ctx, add.flags);
  const tasksCancelled = await cancelDerivedTasks(trx, ctx, retract.tasks);
  const tasksAdded = await addDerivedTasks(trx, ctx, add.tasks);
  return { facts: facts.changed, factsSkipped: facts.skipped, flagsRaised, flagsCleared, tasksAdded, tasksCancelled };
}

export const EMPTY_DERIVED: Derived = { facts: [], verified: [], flags: [], tasks: [] };
