import type { Kysely } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import { type Channel, checkContact, type ContactVerdict, instantToIso, nextAllowedContact, type Party, type Purpose } from '../../domain/compliance/index.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { openCaseForUpdate } from './case-lookup.js';
import { collectorOf, type ContactOutcome, contexts, packAt, resolveParty } from './compliance-context.js';
import { instantOf, lenderDate } from './time.js';

/**
 * The contact log (append-only). The compliance guard runs first, on the server, for every
 * attempt: a refused attempt is stored too, as refused, with the rules that refused it and when
 * contact is next allowed, so coverage can tell "tried and blocked" from "never tried". Each
 * collector named on the attempt must pass (a field visit names two). A correction is a new row
 * pointing at the one it corrects; it changes what was said, not that the attempt was made, so
 * it is not judged again.
 */
export interface ContactInput {
  channel: Channel;
  party: Party;
  contactId?: number | undefined;
  thirdParty?: string | undefined;
  number?: string | undefined;
  outcome: ContactOutcome;
  notes?: string | undefined;
  recordingRef?: string | undefined;
  collectorIds?: number[] | undefined;
  purpose?: Purpose | undefined;
  disclosesDebt?: boolean | undefined;
  taskId?: number | undefined;
}

export type Logged = { refused: false; contact: ContactView } | { refused: true; contact: ContactView; verdict: Extract<ContactVerdict, { allowed: false }> };

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

const THIRD_PARTIES: readonly Party[] = ['emergency_contact', 'third_party'];

export function contactView(r: {
  id: number;
  case_id: number;
  at: string;
  channel: string;
  party: string;
  party_ref: string;
  status: string;
  outcome: string | null;
  notes: string | null;
  recording_ref: string | null;
  collector_ids: (number | string)[];
  rule_code: string | null;
  next_allowed_at: string | null;
  corrects_id: number | null;
  task_id: number | null;
  recorded_by: string;
}) {
  return {
    id: r.id,
    caseId: r.case_id,
    at: r.at,
    channel: r.channel,
    party: r.party,
    partyRef: r.party_ref,
    status: r.status as 'made' | 'refused',
    outcome: r.outcome,
    notes: r.notes,
    recordingRef: r.recording_ref,
    collectorIds: r.collector_ids.map(Number),
    ruleCode: r.rule_code,
    nextAllowedAt: r.next_allowed_at,
    correctsId: r.corrects_id,
    taskId: r.task_id,
    recordedBy: r.recorded_by,
  };
}
export type ContactView = ReturnType<typeof contactView>;

export async function logContact(db: Kysely<DB>, who: AuditWho & { userId: number }, caseId: number, input: ContactInput, now: Date): Promise<Logged> {
  return db.transaction().execute(async (trx) => {
    const c = await openCaseForUpdate(trx, caseId);
    const at = instantOf(now);
    const party = await resolveParty(trx, c.borrower_id, input);
    const collectorIds = [...new Set(input.collectorIds ?? [who.userId])];
    if (input.channel === 'visit' && collectorIds.length < 2) {
      throw new AppError('validation', t('上门外访须由两名催收员共同进行并登记', 'A field visit needs two collectors, both named'), [{ field: 'collectorIds', message: 'name two collectors' }]);
    }
    const known = await trx.selectFrom('app_user').select('id').where('id', 'in', collectorIds).where('active', '=', true).execute();
    if (known.length !== collectorIds.length) throw new AppError('validation', t('催收员不存在或已停用', 'A collector named does not exist or is inactive'), [{ field: 'collectorIds', message: 'unknown collector' }]);
    if (input.outcome === 'third_party_refused' && !THIRD_PARTIES.includes(party.party)) {
      throw new AppError('validation', t('“第三方拒绝”只用于联系第三方', '"third_party_refused" is for a third party only'), [{ field: 'outcome', message: 'not a third party' }]);
    }
    if (input.taskId !== undefined) {
      const task = await trx.selectFrom('collection_task').select('id').where('id', '=', input.taskId).where('case_id', '=', caseId).executeTakeFirst();
      if (!task) throw new AppError('validation', t('该任务不属于此案件', 'That task is not one of this case'), [{ field: 'taskId', message: 'not a task of this case' }]);
    }
    const thirdParty = THIRD_PARTIES.includes(party.party);
    const purpose = input.purpose ?? (thirdParty ? 'locate' : 'collection');
    const disclosesDebt = input.disclosesDebt ?? !thirdParty;
    const pack = packAt(at);
    const context = (await contexts(trx, [c.loan_id], at)).get(c.loan_id)!;
    let refusal: Extract<ContactVerdict, { allowed: false }> | null = null;
    for (const id of collectorIds) {
      const verdict = checkContact(pack, { at, channel: input.channel, party: party.party, partyId: party.partyId, ...(party.number ? { number: party.number } : {}), collector: await collectorOf(trx, id), disclosesDebt, purpose }, context);
      if (!verdict.allowed) {
        refusal = verdict;
        break;
      }
    }
    const row = await trx
      .insertInto('collection_contact')
      .values({
        case_id: caseId,
        loan_id: c.loan_id,
        task_id: input.taskId ?? null,
        at: instantToIso(at),
        on_date: lenderDate(at),
        channel: input.channel,
        party: party.party,
        party_ref: party.partyId,
        number: party.number ?? null,
        purpose,
        discloses_debt: disclosesDebt,
        status: refusal ? 'refused' : 'made',
        outcome: refusal ? null : input.outcome,
        notes: input.notes ?? null,
        recording_ref: input.recordingRef ?? null,
        collector_ids: collectorIds,
        rule_code: refusal ? refusal.refusals[0]!.rule : null,
        refusal: refusal ? JSON.stringify({ refusals: refusal.refusals, nextAllowedAt: refusal.nextAllowedAt === null ? null : instantToIso(refusal.nextAllowedAt) }) : null,
        next_allowed_at: refusal?.nextAllowedAt == null ? null : instantToIso(refusal.nextAllowedAt),
        pack: `${pack.id}@${pack.version}`,
        recorded_by_user_id: who.userId,
        recorded_by: who.name,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, who, {
      action: refusal ? 'collection.contact_refused' : 'collection.contact',
      entityType: 'collection_case',
      entityId: caseId,
      branchPath: c.path,
      after: { contactId: row.id, channel: input.channel, party: party.party, outcome: row.outcome, rule: row.rule_code },
    });
    const contact = contactView(row);
    return refusal ? { refused: true, contact, verdict: refusal } : { refused: false, contact };
  });
}

export interface Correction {
  correctsId: number;
  outcome: ContactOutcome;
  notes?: string | undefined;
  recordingRef?: string | undefined;
}

export async function correctContact(db: Kysely<DB>, who: AuditWho & { userId: number }, caseId: number, input: Correction): Promise<ContactView> {
  return db.transaction().execute(async (trx) => {
    const c = await openCaseForUpdate(trx, caseId);
    const original = await trx.selectFrom('collection_contact').selectAll().where('id', '=', input.correctsId).where('case_id', '=', caseId).executeTakeFirst();
    if (!original || original.status !== 'made') throw new AppError('validation', t('只能更正此案件中已进行的联络', 'Only a contact made in this case can be corrected'), [{ field: 'correctsId', message: 'not a contact made in this case' }]);
    const later = await trx.selectFrom('collection_contact').select('id').where('corrects_id', '=', original.id).executeTakeFirst();
    if (later) throw new AppError('conflict', t(`该记录已由 #${later.id} 更正，请更正最新的一条`, `already corrected by #${later.id}: correct the latest one`));
    const o = original;
    const row = await trx
      .insertInto('collection_contact')
      .values({
        // the attempt as it was made; only what was heard and noted changes
        case_id: o.case_id,
        loan_id: o.loan_id,
        task_id: o.task_id,
        at: o.at,
        on_date: o.on_date,
        channel: o.channel,
        party: o.party,
        party_ref: o.party_ref,
        number: o.number,
        purpose: o.purpose,
        discloses_debt: o.discloses_debt,
        status: 'made',
        pack: o.pack,
        collector_ids: o.collector_ids.map(Number),
        rule_code: null,
        refusal: null,
        next_allowed_at: null,
        outcome: input.outcome,
        notes: input.notes ?? original.notes,
        recording_ref: input.recordingRef ?? original.recording_ref,
        corrects_id: original.id,
        recorded_by_user_id: who.userId,
        recorded_by: who.name,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, who, { action: 'collection.contact_correction', entityType: 'collection_case', entityId: caseId, branchPath: c.path, before: { contactId: original.id, outcome: original.outcome }, after: { contactId: row.id, outcome: row.outcome } });
    return contactView(row);
  });
}

/** The next instant this collector may contact this party by this channel, and why not before. */
export async function nextContact(db: Kysely<DB>, userId: number, caseId: number, input: { channel: Channel; party: Party; contactId?: number | undefined; thirdParty?: string | undefined }, now: Date) {
  const c = await db.selectFrom('collection_case as c').innerJoin('loan as l', 'l.id', 'c.loan_id').select(['c.loan_id', 'l.borrower_id']).where('c.id', '=', caseId).executeTakeFirst();
  if (!c) throw new AppError('not-found');
  const at = instantOf(now);
  const party = await resolveParty(db, c.borrower_id, input);
  const thirdParty = THIRD_PARTIES.includes(party.party);
  const pack = packAt(at);
  const context = (await contexts(db, [c.loan_id], at)).get(c.loan_id)!;
  const attempt = { channel: input.channel, party: party.party, partyId: party.partyId, ...(party.number ? { number: party.number } : {}), collector: await collectorOf(db, userId), disclosesDebt: !thirdParty, purpose: (thirdParty ? 'locate' : 'collection') as Purpose };
  const verdict = checkContact(pack, { ...attempt, at }, context);
  const next = verdict.allowed ? at : nextAllowedContact(pack, attempt, context, at);
  return {
    channel: input.channel,
    party: party.party,
    at: instantToIso(at),
    allowedNow: verdict.allowed,
    nextAllowedAt: next === null ? null : instantToIso(next),
    pack: `${pack.id}@${pack.version}`,
    refusals: verdict.allowed ? [] : verdict.refusals.map((r) => ({ rule: r.rule, ruleName: r.ruleName, reason: r.reason, nextAllowedAt: r.nextAllowedAt === null ? null : instantToIso(r.nextAllowedAt) })),
  };
}
