import type { Kysely } from 'kysely';
import { pathInScope } from '../../api/access.js';
import type { Actor } from '../../api/context.js';
import type { DB } from '../../db/schema.js';
import { type AuthorityLimit, checkApprover, checkQuota } from '../../domain/restructuring/authority.js';
import { currentBusinessDate } from '../system/business-date.js';
import { loadAuthority, quotaStanding } from './limits.js';

type Flag = { code: string; zh: string; en: string };

/** What stands between this checker and approving a request: their own authority, then the branch's quota this month. */
export function approverView(limits: readonly AuthorityLimit[], actor: Pick<Actor, 'userId' | 'roles'>, makerUserId: number | null, size: { waivedFen: number; extraMonths: number }) {
  const check = checkApprover(limits, actor, makerUserId ?? -1, size);
  const own = limits.filter((l) => actor.roles.includes(l.role as Actor['roles'][number]));
  return {
    ok: check.ok,
    code: check.ok ? null : check.code,
    role: check.ok ? check.role : null,
    // the widest limit among the checker's roles: what the request is measured against
    maxWaivedFen: own.length ? Math.max(...own.map((l) => l.maxWaivedFen)) : null,
    maxExtraMonths: own.length ? Math.max(...own.map((l) => l.maxExtraMonths)) : null,
  };
}

/**
 * The approval inbox: requests waiting for a decision in the checker's branches, each with the
 * amounts that decide who may approve it (waived fen, months added), whether this checker may,
 * and where the branch stands against its monthly quota.
 */
export async function listInbox(db: Kysely<DB>, actor: Actor) {
  const today = await currentBusinessDate(db);
  const limits = await loadAuthority(db, today);
  const [op, pattern] = pathInScope(actor);
  const rows = await db
    .selectFrom('restructuring as r')
    .innerJoin('loan as l', 'l.id', 'r.loan_id')
    .innerJoin('branch as b', 'b.id', 'r.branch_id')
    .leftJoin('hardship_assessment as h', 'h.id', 'r.hardship_assessment_id')
    .select(['r.id', 'r.loan_id', 'l.external_id', 'b.code', 'r.branch_id', 'r.effective_on', 'r.terms', 'r.comparison', 'r.waived_fen', 'r.extra_months', 'r.reason', 'r.requested_by', 'r.requested_by_user_id', 'r.requested_at', 'r.was_non_performing', 'h.cause', 'h.eligibility'])
    .where('b.path', op, pattern)
    .where('r.status', '=', 'pending')
    .orderBy('r.id')
    .limit(500)
    .execute();
  const standings = new Map<number, Awaited<ReturnType<typeof quotaStanding>>>();
  for (const branchId of new Set(rows.map((r) => r.branch_id))) standings.set(branchId, await quotaStanding(db, branchId, today));
  return {
    asOf: today,
    items: rows.map((r) => {
      const size = { waivedFen: r.waived_fen, extraMonths: r.extra_months };
      const s = standings.get(r.branch_id)!;
      const quotaCheck = s.quota ? checkQuota(s.quota, s.used, size, s.month) : ({ ok: true } as const);
      const eligibility = (r.eligibility ?? {}) as { flags?: Flag[]; eligible?: boolean };
      return {
        id: r.id,
        loanId: r.loan_id,
        loanExternalId: r.external_id,
        branchCode: r.code,
        effectiveOn: r.effective_on,
        terms: r.terms,
        comparison: r.comparison as Record<string, unknown>,
        waivedFen: r.waived_fen,
        extraMonths: r.extra_months,
        reason: r.reason,
        requestedBy: r.requested_by,
        requestedAt: r.requested_at,
        wasNonPerforming: r.was_non_performing,
        cause: r.cause,
        flags: Array.isArray(eligibility.flags) ? eligibility.flags : [],
        approver: approverView(limits, actor, r.requested_by_user_id, size),
        quota: {
          month: s.month,
          maxCount: s.quota?.maxCount ?? null,
          maxWaivedFen: s.quota?.maxWaivedFen ?? null,
          usedCount: s.used.count,
          usedWaivedFen: s.used.waivedFen,
          ok: quotaCheck.ok,
        },
      };
    }),
  };
}
