import { type Kysely, sql } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import { type AuditWho, recordAudit } from '../audit/record.js';

/**
 * A collector's skills (allocation rules route cases by them) and the last day of their current
 * collection training (the compliance guard refuses contact after it, and allocation passes them
 * by). Set by their managers; each change is in the audit log with the values before and after.
 */
export async function setCollectorProfile(db: Kysely<DB>, who: AuditWho, userId: number, input: { skills: string[]; trainingValidUntil: string | null }) {
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('app_user as u').innerJoin('branch as b', 'b.id', 'u.branch_id').select(['u.id', 'b.path']).where('u.id', '=', userId).executeTakeFirst();
    if (!user) throw new AppError('not-found');
    const before = await trx.selectFrom('collector_profile').select(['skills', 'training_valid_until']).where('user_id', '=', userId).executeTakeFirst();
    const skills = [...new Set(input.skills)].sort();
    await trx
      .insertInto('collector_profile')
      .values({ user_id: userId, skills, training_valid_until: input.trainingValidUntil })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ skills, training_valid_until: input.trainingValidUntil, updated_at: sql<string>`now()` }))
      .execute();
    await recordAudit(trx, who, { action: 'collection.collector_profile', entityType: 'app_user', entityId: userId, branchPath: user.path, before: before ?? null, after: { skills, training_valid_until: input.trainingValidUntil } });
    return { userId, skills, trainingValidUntil: input.trainingValidUntil };
  });
}
