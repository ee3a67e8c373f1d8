import { sql } from 'kysely';
import { DEFAULT_STRATEGY } from '../../src/domain/collections/default-strategy.js';
import type { Probe } from '../support/access-check.js';
import { setBusinessDate } from '../support/loans.js';
import type { World } from '../support/world.js';

/**
 * Access probes for the collections routes, aimed at branch SH (see test/access-fixtures.ts).
 * The world's clock reads 16:00 in Beijing: contact is allowed by the hour; every user gets
 * current training so the guard lets the head-office control through.
 */
let serial = 0;

/** A bare SH loan (no schedule, no vehicle): two inserts, so the probes stay cheap. */
async function shLoan(w: World): Promise<number> {
  const key = `probe-${process.pid}-${++serial}`;
  const b = await w.db.insertInto('borrower').values({ external_id: key, kind: 'individual', name: '王五', id_number: null, branch_id: w.branches.SH.id }).returning('id').executeTakeFirstOrThrow();
  const l = await w.db
    .insertInto('loan')
    .values({ external_id: key, borrower_id: b.id, branch_id: w.branches.SH.id, officer_user_id: null, product_code: 'new_car', principal_fen: 10_000_000, annual_rate: '0.06', term_months: 36, method: 'annuity', disbursement_date: '2025-12-31', first_due_date: '2026-01-31' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return l.id;
}

async function trainEveryone(w: World) {
  await sql`INSERT INTO collector_profile (user_id, training_valid_until) SELECT id, '2030-12-31' FROM app_user ON CONFLICT (user_id) DO NOTHING`.execute(w.db);
}

export async function shCase(w: World, owner: { kind: 'team' | 'collector'; id: number } | null = null) {
  await trainEveryone(w);
  const loanId = await shLoan(w);
  const c = await w.db
    .insertInto('collection_case')
    .values({ loan_id: loanId, opened_on: '2026-03-01', reason: 'overdue', owner_kind: owner?.kind ?? null, owner_id: owner?.id ?? null, owner_since: owner ? '2026-03-01' : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { loanId, caseId: c.id };
}

export async function shTask(w: World, held = false) {
  const { loanId, caseId } = await shCase(w, { kind: 'team', id: w.branches.SH.id });
  const holder = held ? (await w.user('SH', ['collector'])).id : null;
  const t = await w.db
    .insertInto('collection_task')
    .values({
      case_id: caseId,
      loan_id: loanId,
      decision_key: `probe-${++serial}`,
      kind: 'strategy',
      for_role: 'collector',
      branch_id: w.branches.SH.id,
      // a letter: the bare probe borrower has no phone on file, and a call needs a number
      action: 'letter',
      priority: 1,
      created_on: '2026-03-01',
      due_by: '2026-03-02T16:00:00Z',
      status: held ? 'held' : 'open',
      held_by: holder,
      held_until: held ? '2099-01-01T00:00:00Z' : null,
      explanation: '{}',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return t.id;
}

const draft = () => ({ ...DEFAULT_STRATEGY, code: 'probe', version: 1000 + ++serial, effectiveFrom: `2031-01-${String(1 + (serial % 28)).padStart(2, '0')}` });

export const collectionFixtures: Record<string, (w: World) => Promise<Probe>> = {
  'POST /api/v1/collection-strategies': async () => ({ path: '/api/v1/collection-strategies', body: draft() }),
  'POST /api/v1/collection-strategies/{id}/publish': async (w) => {
    const doc = { ...draft(), code: `probe-${serial}`, effectiveFrom: `${2040 + serial}-01-01` };
    const row = await w.db
      .insertInto('collection_strategy')
      .values({ code: doc.code, version: doc.version, name_zh: doc.nameZh, name_en: doc.nameEn, document: JSON.stringify(doc), effective_from: doc.effectiveFrom, created_by: 'probe' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { path: `/api/v1/collection-strategies/${row.id}/publish` };
  },
  'GET /api/v1/collection-strategies': async () => ({ path: '/api/v1/collection-strategies' }),
  'GET /api/v1/collection-strategies/{id}': async () => ({ path: '/api/v1/collection-strategies/1' }),
  'POST /api/v1/collection-strategies/preview': async (w) => ({ path: '/api/v1/collection-strategies/preview', body: { document: DEFAULT_STRATEGY, branchId: w.branches.SH.id } }),
  'GET /api/v1/coverage': async (w) => {
    const { loanId, caseId } = await shCase(w);
    await sql`INSERT INTO collection_run (business_date, started_at, finished_at, steps) VALUES ('2030-01-01', now(), now(), '[]') ON CONFLICT DO NOTHING`.execute(w.db);
    await w.db.insertInto('collection_coverage').values({ business_date: '2030-01-01', loan_id: loanId, case_id: caseId, branch_id: w.branches.SH.id, team_id: null, collector_id: null, bucket: 'M1', dpd: 5, reasons: ['no_owner'] }).execute();
    return { path: '/api/v1/coverage?limit=1000', leaks: (b) => b.uncovered.some((x: { branchCode: string }) => x.branchCode === 'SH') };
  },
  'GET /api/v1/queue/next': async (w) => {
    await shTask(w);
    return { path: '/api/v1/queue/next', leaks: (b) => b.task?.branchCode === 'SH' };
  },
  'POST /api/v1/tasks/{id}/release': async (w) => ({ path: `/api/v1/tasks/${await shTask(w, true)}/release` }),
  'POST /api/v1/tasks/{id}/complete': async (w) => ({ path: `/api/v1/tasks/${await shTask(w, true)}/complete`, body: { note: '已联系' } }),
  'POST /api/v1/cases/{id}/contacts': async (w) => ({ path: `/api/v1/cases/${(await shCase(w)).caseId}/contacts`, body: { channel: 'call', party: 'borrower', number: '13812345678', outcome: 'no_answer' } }),
  'GET /api/v1/cases/{id}/next-contact': async (w) => ({ path: `/api/v1/cases/${(await shCase(w)).caseId}/next-contact?channel=call&party=borrower` }),
  'POST /api/v1/cases/{id}/promises': async (w) => {
    await setBusinessDate({ db: w.db } as never, '2026-03-01');
    return { path: `/api/v1/cases/${(await shCase(w)).caseId}/promises`, body: { amountFen: 304219, dueDate: '2026-03-05' } };
  },
  'POST /api/v1/loans/{id}/holds': async (w) => ({ path: `/api/v1/loans/${await shLoan(w)}/holds`, body: { kind: 'dispute', reason: '客户对账单有异议', until: '2099-01-01T00:00:00+08:00' } }),
  'POST /api/v1/loans/{id}/holds/{holdId}/release': async (w) => {
    const loanId = await shLoan(w);
    const hold = await w.db.insertInto('collection_hold').values({ loan_id: loanId, kind: 'complaint', reason: '投诉处理中', from_at: '2026-03-01T00:00:00Z', placed_by: 'probe' }).returning('id').executeTakeFirstOrThrow();
    return { path: `/api/v1/loans/${loanId}/holds/${hold.id}/release`, body: { reason: '投诉已处理 resolved' } };
  },
  'GET /api/v1/cases/{id}': async (w) => ({ path: `/api/v1/cases/${(await shCase(w)).caseId}` }),
  'POST /api/v1/cases/{id}/assign': async (w) => ({ path: `/api/v1/cases/${(await shCase(w)).caseId}/assign`, body: { ownerKind: 'team', ownerId: w.branches.SH.id, reason: '人工分案 manual' } }),
  'GET /api/v1/tasks': async (w) => {
    const task = await w.db.selectFrom('collection_task').select('held_by').where('id', '=', await shTask(w, true)).executeTakeFirstOrThrow();
    return { path: `/api/v1/tasks?collectorId=${task.held_by}`, leaks: (b) => b.items.some((x: { branchCode: string }) => x.branchCode === 'SH') };
  },
  'GET /api/v1/loans/{id}/collection-cases': async (w) => ({ path: `/api/v1/loans/${(await shCase(w)).loanId}/collection-cases` }),
  'GET /api/v1/cases/{id}/parties': async (w) => ({ path: `/api/v1/cases/${(await shCase(w)).caseId}/parties` }),
  'GET /api/v1/collectors': async (w) => {
    await w.user('SH', ['collector']);
    return { path: '/api/v1/collectors', leaks: (b) => b.items.some((x: { branchCode: string }) => x.branchCode === 'SH') };
  },
  'GET /api/v1/cases': async (w) => {
    await shCase(w, { kind: 'team', id: w.branches.SH.id });
    return { path: '/api/v1/cases?limit=500', leaks: (b) => b.items.some((x: { branchCode: string }) => x.branchCode === 'SH') };
  },
  'GET /api/v1/case-workloads': async (w) => {
    await shCase(w, { kind: 'collector', id: (await w.user('SH', ['collector'])).id });
    return { path: '/api/v1/case-workloads', leaks: (b) => b.owners.some((x: { branchCode: string }) => x.branchCode === 'SH') };
  },
  'GET /api/v1/champion-challenger': async (w) => {
    const { caseId } = await shCase(w);
    await w.db.updateTable('collection_case').set({ strategy_code: 'probe', strategy_version: 1, strategy_group: 'challenger' }).where('id', '=', caseId).execute();
    return { path: '/api/v1/champion-challenger?from=2026-01-01&to=2026-12-31', leaks: (b) => b.groups.some((g: { cases: number }) => g.cases > 0) };
  },
  'PUT /api/v1/users/{id}/collector-profile': async (w) => ({ path: `/api/v1/users/${(await w.user('SH', ['collector'])).id}/collector-profile`, body: { skills: ['field'], trainingValidUntil: '2027-06-30' } }),
};
