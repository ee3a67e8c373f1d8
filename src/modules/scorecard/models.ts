import { type Kysely, type Selectable, sql } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB, ScoreModelTable } from '../../db/schema.js';
import type { ModelCard } from '../../domain/scorecard/model-card.js';
import { type AuditWho, recordAudit } from '../audit/record.js';

/** Score models are head office's: their audit entries sit at the root of the branch tree. */
const HEAD_OFFICE = '/HO/';

const summary = (r: Selectable<ScoreModelTable>) => {
  const card = r.card as ModelCard;
  return {
    id: r.id,
    version: r.version,
    status: r.status,
    target: r.target,
    trainingSha256: r.training_sha256,
    trainedAsOf: r.trained_as_of,
    features: card.features.map((f) => f.name),
    metrics: { auc: card.metrics.train.auc, ks: card.metrics.train.ks, gini: card.metrics.train.gini, cvAuc: card.metrics.cvAuc, rows: card.metrics.train.rows, bads: card.metrics.train.bads },
    registeredBy: r.registered_by,
    registeredAt: r.registered_at,
    approvedBy: r.approved_by,
    approvedAt: r.approved_at,
    approvalNote: r.approval_note,
    retiredAt: r.retired_at,
  };
};

export type ModelSummary = ReturnType<typeof summary>;

/** Every model, newest first. */
export async function listModels(db: Kysely<DB>): Promise<ModelSummary[]> {
  const rows = await db.selectFrom('score_model').selectAll().orderBy('id', 'desc').execute();
  return rows.map(summary);
}

export async function getModel(db: Kysely<DB>, id: number): Promise<ModelSummary & { card: ModelCard }> {
  const r = await db.selectFrom('score_model').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('not-found');
  return { ...summary(r), card: r.card as ModelCard };
}

/** The approved model close of business scores with, or null when none is approved yet. */
export async function championModel(db: Kysely<DB>): Promise<{ id: number; card: ModelCard } | null> {
  const r = await db.selectFrom('score_model').select(['id', 'card']).where('status', '=', 'champion').executeTakeFirst();
  return r ? { id: r.id, card: r.card as ModelCard } : null;
}

/**
 * Stores a trained card as a draft. The same card (same version: same data, options and fit)
 * registered twice is the one model: the second registration returns it, changed nothing.
 */
export async function registerModel(db: Kysely<DB>, who: AuditWho, card: ModelCard, trainedAsOf: string | null): Promise<{ model: ModelSummary; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('score_model')
      .values({ version: card.version, card: JSON.stringify(card), target: card.target, training_sha256: card.trainingData.sha256, trained_as_of: trainedAsOf, registered_by_user_id: who.userId, registered_by: who.name })
      .onConflict((oc) => oc.column('version').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) {
      const existing = await trx.selectFrom('score_model').selectAll().where('version', '=', card.version).executeTakeFirstOrThrow();
      return { model: summary(existing), created: false };
    }
    await recordAudit(trx, who, { action: 'score_model.register', entityType: 'score_model', entityId: inserted.version, branchPath: HEAD_OFFICE, after: { id: inserted.id, version: inserted.version, sha256: inserted.training_sha256 } });
    return { model: summary(inserted), created: true };
  });
}

const NOT_DRAFT = { 'zh-CN': '只有草稿状态的模型可以审批', 'en-US': 'only a draft model can be approved' } as const;
const OWN_MODEL = { 'zh-CN': '不能审批自己登记的模型，须由另一位风险官审批', 'en-US': 'you registered this model: another risk officer must approve it' } as const;

const sameOperator = (who: AuditWho, r: Selectable<ScoreModelTable>) => (who.userId !== null && r.registered_by_user_id !== null ? who.userId === r.registered_by_user_id : who.name === r.registered_by);

/**
 * Approves a draft as the champion: the champion before it retires in the same transaction (one
 * champion at a time, the unique index says so too), and the audit log keeps both.
 */
export async function approveModel(db: Kysely<DB>, who: AuditWho, id: number, note: string | null): Promise<ModelSummary> {
  return db.transaction().execute(async (trx) => {
    // approvals are serialised: two approved at once must not both find no champion to retire
    await sql`SELECT pg_advisory_xact_lock(hashtext('score_model:champion'))`.execute(trx);
    const model = await trx.selectFrom('score_model').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!model) throw new AppError('not-found');
    if (model.status !== 'draft') throw new AppError('conflict', NOT_DRAFT);
    if (sameOperator(who, model)) throw new AppError('forbidden', OWN_MODEL);
    const retired = await trx.updateTable('score_model').set({ status: 'retired', retired_at: sql<string>`now()` }).where('status', '=', 'champion').returning(['id', 'version']).execute();
    const approved = await trx
      .updateTable('score_model')
      .set({ status: 'champion', approved_by_user_id: who.userId, approved_by: who.name, approved_at: sql<string>`now()`, approval_note: note })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, who, {
      action: 'score_model.approve',
      entityType: 'score_model',
      entityId: approved.version,
      branchPath: HEAD_OFFICE,
      before: { status: 'draft', champion: retired[0]?.version ?? null },
      after: { status: 'champion', retired: retired.map((r) => r.version) },
      reason: note,
    });
    return summary(approved);
  });
}
