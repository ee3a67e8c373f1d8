import type { Kysely } from 'kysely';
import type { Lang } from '../../api/i18n.js';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { applyBranchOverride, type BranchOverride, BranchOverrideSchema, type FollowUpPolicy, type PolicyIssue, PolicySchema } from '../../domain/followups/policy.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { currentBusinessDate } from '../system/business-date.js';

/**
 * Follow-up policy as stored: head office's versions (effective-dated documents) and each branch's
 * override (the fields it tightens, effective-dated). A branch's policy is head office's in force
 * with the overrides of the branches on its path applied from the top down, each only tightening
 * what it inherits. An override written against an older head-office version may have become laxer
 * than a newer one: such a field is ignored (and shown as ignored), never applied.
 */
export type ValueSource = { from: 'head_office'; version: number } | { from: 'branch'; branchId: number; branchCode: string; overrideId: number };

export interface EffectivePolicy {
  branchId: number;
  asOf: BusinessDate;
  policy: FollowUpPolicy;
  headOfficeVersion: number;
  sources: { path: string; value: unknown; source: ValueSource }[];
  ignored: { path: string; branchCode: string; overrideId: number; zh: string; en: string }[];
}

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

/** The leaves of a policy or an override: `slaDays`, `periodicMonthsByGrade.C`, `fieldVisit.grades`… */
export function leafPaths(doc: object, prefix = ''): { path: string; value: unknown }[] {
  return Object.entries(doc).flatMap(([key, value]) => {
    const path = prefix + key;
    if (key === 'version' || key === 'effectiveFrom') return [];
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? leafPaths(value, `${path}.`) : [{ path, value }];
  });
}

function withoutPaths(override: BranchOverride, paths: readonly string[][]): BranchOverride {
  const copy = JSON.parse(JSON.stringify(override)) as Record<string, Record<string, unknown> | unknown>;
  for (const path of paths) {
    const [head, leaf] = path;
    if (head === undefined) continue;
    if (leaf === undefined) delete copy[head];
    else delete (copy[head] as Record<string, unknown> | undefined)?.[leaf];
  }
  return copy as BranchOverride;
}

/** Applies an override to what the branch inherits, dropping (and reporting) any field that would loosen it. */
export function mergeOverride(base: FollowUpPolicy, override: BranchOverride): { policy: FollowUpPolicy; applied: string[]; ignored: PolicyIssue[] } {
  const first = applyBranchOverride(base, override);
  if (first.ok) return { policy: first.policy, applied: leafPaths(override).map((l) => l.path), ignored: [] };
  const kept = withoutPaths(override, first.issues.map((i) => i.path));
  const second = applyBranchOverride(base, kept);
  if (!second.ok) throw new Error('an override without its laxer fields is still laxer');
  return { policy: second.policy, applied: leafPaths(kept).map((l) => l.path), ignored: first.issues };
}

export interface PolicyVersionRow {
  version: number;
  effectiveFrom: string;
  policy: FollowUpPolicy;
}

export async function headOfficePolicyOn(db: Kysely<DB>, date: BusinessDate): Promise<PolicyVersionRow | null> {
  const row = await db.selectFrom('followup_policy').select(['version', 'effective_from', 'document']).where('effective_from', '<=', date).orderBy('effective_from', 'desc').orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row ? { version: row.version, effectiveFrom: row.effective_from, policy: PolicySchema.parse(row.document) } : null;
}

interface BranchNode {
  id: number;
  code: string;
  path: string;
}

/** Every branch's effective policy on a date, computed in one pass over the organisation. */
export async function effectivePolicies(db: Kysely<DB>, date: BusinessDate): Promise<Map<number, EffectivePolicy>> {
  const head = await headOfficePolicyOn(db, date);
  const out = new Map<number, EffectivePolicy>();
  if (!head) return out;
  const branches: BranchNode[] = await db.selectFrom('branch').select(['id', 'code', 'path']).orderBy('path').execute();
  const overrides = await db
    .selectFrom('followup_policy_override')
    .select(['id', 'branch_id', 'document'])
    .distinctOn('branch_id')
    .where('effective_from', '<=', date)
    .orderBy('branch_id')
    .orderBy('effective_from', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const overrideOf = new Map(overrides.map((o) => [o.branch_id, { id: o.id, document: BranchOverrideSchema.parse(o.document) }]));
  const byPath = new Map<string, EffectivePolicy>();
  const hoSources = leafPaths(head.policy).map((l) => ({ ...l, source: { from: 'head_office', version: head.version } as ValueSource }));
  // ordered by path, so a parent is always computed before its children
  for (const b of branches) {
    const parentPath = b.path.slice(0, b.path.slice(0, -1).lastIndexOf('/') + 1);
    const parent = byPath.get(parentPath);
    let effective: EffectivePolicy = parent
      ? { ...parent, branchId: b.id }
      : { branchId: b.id, asOf: date, policy: head.policy, headOfficeVersion: head.version, sources: hoSources, ignored: [] };
    const override = parent ? overrideOf.get(b.id) : undefined;
    if (override) {
      const merged = mergeOverride(effective.policy, override.document);
      const source: ValueSource = { from: 'branch', branchId: b.id, branchCode: b.code, overrideId: override.id };
      const applied = new Set(merged.applied);
      const values = new Map(leafPaths(merged.policy).map((l) => [l.path, l.value]));
      effective = {
        ...effective,
        policy: merged.policy,
        sources: effective.sources.map((s) => ({ path: s.path, value: values.get(s.path), source: applied.has(s.path) ? source : s.source })),
        ignored: [...effective.ignored, ...merged.ignored.map((i) => ({ path: i.path.join('.'), branchCode: b.code, overrideId: override.id, zh: i.zh, en: i.en }))],
      };
    }
    byPath.set(b.path, effective);
    out.set(b.id, effective);
  }
  return out;
}

export async function effectivePolicy(db: Kysely<DB>, branchId: number, date?: BusinessDate): Promise<EffectivePolicy> {
  const asOf = date ?? (await currentBusinessDate(db));
  const found = (await effectivePolicies(db, asOf)).get(branchId);
  if (!found) throw new AppError('not-found', t(`${asOf} 没有生效的回访标准`, `no follow-up policy is in force on ${asOf}`));
  return found;
}

/**
 * Days to complete a derived task (skip-trace, re-verification) of a branch: its policy's SLA, or,
 * on a date before any version took effect (data from before the standard), head office's first.
 */
export async function slaDaysOf(db: Kysely<DB>, branchId: number, date: BusinessDate): Promise<number> {
  const found = (await effectivePolicies(db, date)).get(branchId);
  if (found) return found.policy.slaDays;
  const first = await db.selectFrom('followup_policy').select('document').orderBy('version').limit(1).executeTakeFirstOrThrow();
  return PolicySchema.parse(first.document).slaDays;
}

function notBefore(field: string, zh: string, en: string): AppError {
  return new AppError('validation', t(zh, en), [{ field, message: en }]);
}

/** A new head-office version, from the business date or later, never before the latest one. */
export async function publishHeadOfficePolicy(db: Kysely<DB>, who: AuditWho, input: { policy: Omit<FollowUpPolicy, 'version' | 'effectiveFrom'>; effectiveFrom?: BusinessDate | undefined; reason: string }) {
  return db.transaction().execute(async (trx) => {
    const today = await currentBusinessDate(trx);
    const effectiveFrom = input.effectiveFrom ?? today;
    if (effectiveFrom < today) throw notBefore('effectiveFrom', `生效日不能早于当前营业日 ${today}`, `the effective date cannot be before the business date ${today}`);
    const latest = await trx.selectFrom('followup_policy').select(['version', 'effective_from']).orderBy('version', 'desc').limit(1).forUpdate().executeTakeFirst();
    if (latest && effectiveFrom < latest.effective_from) {
      throw notBefore('effectiveFrom', `生效日不能早于第 ${latest.version} 版的生效日 ${latest.effective_from}`, `the effective date cannot be before ${latest.effective_from}, when version ${latest.version} takes effect`);
    }
    const policy = PolicySchema.parse({ ...input.policy, version: (latest?.version ?? 0) + 1, effectiveFrom });
    await trx.insertInto('followup_policy').values({ version: policy.version, effective_from: effectiveFrom, document: JSON.stringify(policy), reason: input.reason, created_by_user_id: who.userId, created_by: who.name }).execute();
    await recordAudit(trx, who, { action: 'followup.policy_publish', entityType: 'followup_policy', entityId: policy.version, branchPath: '/HO/', after: policy, reason: input.reason });
    return { version: policy.version, effectiveFrom, policy };
  });
}

/**
 * A branch's override, checked against what the branch inherits on the day it takes effect (head
 * office's version then, with the overrides of the branches above it): a field that would loosen
 * it is refused, each one named with both values. An empty override withdraws the branch's own.
 */
export async function setBranchOverride(db: Kysely<DB>, who: AuditWho, lang: Lang, branchId: number, input: { override: BranchOverride; effectiveFrom?: BusinessDate | undefined; reason: string }) {
  return db.transaction().execute(async (trx) => {
    const branch = await trx.selectFrom('branch').select(['id', 'code', 'path', 'parent_id']).where('id', '=', branchId).forUpdate().executeTakeFirst();
    if (!branch) throw new AppError('not-found');
    if (branch.parent_id === null) {
      throw new AppError('validation', t('总行标准请发布新版本，而非设置分行覆盖', "head office's standard changes by a new version, not an override"), [{ field: 'branchId', message: 'head office' }]);
    }
    const today = await currentBusinessDate(trx);
    const effectiveFrom = input.effectiveFrom ?? today;
    if (effectiveFrom < today) throw notBefore('effectiveFrom', `生效日不能早于当前营业日 ${today}`, `the effective date cannot be before the business date ${today}`);
    const inherited = (await effectivePolicies(trx, effectiveFrom)).get(branch.parent_id);
    if (!inherited) throw new AppError('validation', t(`${effectiveFrom} 没有生效的总行回访标准`, `no head-office follow-up policy is in force on ${effectiveFrom}`), [{ field: 'effectiveFrom', message: 'no policy in force' }]);
    const result = applyBranchOverride(inherited.policy, input.override);
    if (!result.ok) {
      throw new AppError(
        'validation',
        t('分行只能收紧继承的回访标准，不能放宽', 'a branch may only tighten the follow-up policy it inherits, never loosen it'),
        result.issues.map((i) => ({ field: `override.${i.path.join('.')}`, message: lang === 'zh-CN' ? i.zh : i.en })),
      );
    }
    const row = await trx
      .insertInto('followup_policy_override')
      .values({ branch_id: branchId, effective_from: effectiveFrom, document: JSON.stringify(input.override), reason: input.reason, created_by_user_id: who.userId, created_by: who.name })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, who, { action: 'followup.policy_override', entityType: 'branch', entityId: branchId, branchPath: branch.path, after: { overrideId: row.id, effectiveFrom, override: input.override }, reason: input.reason });
    return { id: row.id, branchId, effectiveFrom, override: input.override, policy: result.policy };
  });
}
