import { type Kysely, sql } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import { type Rule, RuleSchema } from '../../domain/telematics/rules.js';
import { type AuditWho, recordAudit } from '../audit/record.js';

const HEAD_OFFICE = '/HO/';

/** The active rules, as data; a stored definition that no longer parses is left out, not guessed at. */
export async function activeRules(db: Kysely<DB>): Promise<Rule[]> {
  const rows = await db.selectFrom('telematics_rule').select('definition').where('active', '=', true).orderBy('code').execute();
  return rows.flatMap((r) => {
    const parsed = RuleSchema.safeParse(r.definition);
    return parsed.success ? [parsed.data] : [];
  });
}

export async function listRules(db: Kysely<DB>) {
  const rows = await db.selectFrom('telematics_rule').selectAll().orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, kind: r.kind, active: r.active, definition: r.definition as Rule, updatedBy: r.updated_by, updatedAt: r.updated_at }));
}

/** Adds or replaces a rule (a geofence list, a threshold); the audit log keeps the old definition. */
export async function putRule(db: Kysely<DB>, who: AuditWho, code: string, rule: Rule, active: boolean, reason: string) {
  if (rule.code !== code) throw new AppError('validation', undefined, [{ field: 'code', message: `must equal the code in the path (${code})` }]);
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('telematics_rule').select(['definition', 'active']).where('code', '=', code).forUpdate().executeTakeFirst();
    await trx
      .insertInto('telematics_rule')
      .values({ code, kind: rule.kind, definition: JSON.stringify(rule), active, updated_by: who.name })
      .onConflict((oc) => oc.column('code').doUpdateSet({ kind: rule.kind, definition: JSON.stringify(rule), active, updated_by: who.name, updated_at: sql<string>`now()` }))
      .execute();
    await recordAudit(trx, who, { action: before ? 'telematics_rule.update' : 'telematics_rule.create', entityType: 'telematics_rule', entityId: code, branchPath: HEAD_OFFICE, before: before ?? null, after: { definition: rule, active }, reason });
    return (await listRules(trx)).find((r) => r.code === code)!;
  });
}
