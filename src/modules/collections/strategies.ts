import { type Kysely, sql } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { type Strategy, StrategySchema, validateStrategy } from '../../domain/collections/strategy.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { inForce, overlapping, type VersionRange } from './strategy-line.js';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

export async function bandCodes(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ code: string }>`SELECT code FROM delinquency_band ORDER BY position`.execute(db);
  return rows.map((r) => r.code);
}

/** A document checked against the schema and the bands in force; each issue names its path. */
export async function parseDocument(db: Kysely<DB>, document: unknown, fieldPrefix = ''): Promise<Strategy> {
  const checked = validateStrategy(document, await bandCodes(db));
  if (!checked.ok) {
    throw new AppError(
      'validation',
      t('策略文档有误，请按字段修改', 'The strategy document has errors; fix each field named'),
      checked.issues.map((i) => ({ field: fieldPrefix + (i.path.join('.') || '(document)'), message: i.message })),
    );
  }
  return checked.strategy;
}

type Row = Awaited<ReturnType<typeof selectVersions>>[number];

function selectVersions(db: Kysely<DB>) {
  return db
    .selectFrom('collection_strategy')
    .select(['id', 'code', 'version', 'name_zh', 'name_en', 'document', 'status', 'effective_from', 'effective_to', 'created_by', 'created_at', 'published_by', 'published_at'])
    .orderBy('code')
    .orderBy('version')
    .execute();
}

export function strategyView(r: Row) {
  return {
    id: r.id,
    code: r.code,
    version: r.version,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    status: r.status,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    createdBy: r.created_by,
    createdAt: r.created_at,
    publishedBy: r.published_by,
    publishedAt: r.published_at,
    document: r.document as Strategy,
  };
}

export async function listStrategies(db: Kysely<DB>) {
  return (await selectVersions(db)).map(strategyView);
}

export async function getStrategy(db: Kysely<DB>, id: number) {
  const row = (await selectVersions(db)).find((r) => r.id === id);
  if (!row) throw new AppError('not-found');
  return strategyView(row);
}

export async function createDraft(db: Kysely<DB>, who: AuditWho, document: unknown) {
  const s = await parseDocument(db, document);
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('collection_strategy').select('id').where('code', '=', s.code).where('version', '=', s.version).executeTakeFirst();
    if (taken) {
      throw new AppError('conflict', t(`策略 ${s.code} 已有版本 ${s.version}：版本一经保存不可修改，请另起新版本号`, `strategy ${s.code} already has version ${s.version}: saved versions are never changed, so draft a new version number`), [
        { field: 'version', message: 'taken' },
      ]);
    }
    const row = await trx
      .insertInto('collection_strategy')
      .values({
        code: s.code,
        version: s.version,
        name_zh: s.nameZh,
        name_en: s.nameEn,
        document: JSON.stringify(s),
        effective_from: s.effectiveFrom,
        effective_to: s.effectiveTo ?? null,
        created_by_user_id: who.userId,
        created_by: who.name,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, who, { action: 'collection.strategy_draft', entityType: 'collection_strategy', entityId: row.id, after: { code: s.code, version: s.version } });
    return row.id;
  });
}

/** Codes a published document names as its challenger (drafts name nothing until published). */
function challengerCodes(rows: readonly { code: string; document: unknown }[]): Set<string> {
  const codes = new Set<string>();
  for (const r of rows) {
    const c = (r.document as Strategy).challenger?.code;
    if (c !== undefined && c !== r.code) codes.add(c);
  }
  return codes;
}

const rangeOf = (r: Row): VersionRange => ({ id: r.id, code: r.code, version: r.version, from: r.effective_from as BusinessDate, to: r.effective_to as BusinessDate | null });

export async function publishStrategy(db: Kysely<DB>, who: AuditWho, id: number) {
  return db.transaction().execute(async (trx) => {
    // one publication at a time: the overlap check reads every line
    await sql`SELECT pg_advisory_xact_lock(7240102)`.execute(trx);
    const all = await selectVersions(trx);
    const row = all.find((r) => r.id === id);
    if (!row) throw new AppError('not-found');
    if (row.status !== 'draft') throw new AppError('conflict', t(`策略 ${row.code} 版本 ${row.version} 已发布`, `strategy ${row.code} version ${row.version} is already published`));
    await parseDocument(trx, row.document);
    const challengers = challengerCodes([...all.filter((r) => r.status === 'published'), row]);
    const lineOf = (code: string) => (challengers.has(code) ? (r: Row) => r.code === code : (r: Row) => !challengers.has(r.code));
    const line = all.filter((r) => r.status === 'published' && r.id !== id).filter(lineOf(row.code));
    const clash = overlapping(line.map(rangeOf), rangeOf(row));
    if (clash) {
      const to = (x: string | null) => x ?? '…';
      throw new AppError(
        'conflict',
        t(
          `与已发布的 ${clash.code} 版本 ${clash.version}（${clash.from}–${to(clash.to)}）生效期重叠：新版本须晚于已发布版本开始，且不落入其明确的生效期内`,
          `overlaps published ${clash.code} version ${clash.version} (${clash.from}–${to(clash.to)}): a new version must start after every published one and outside any range one sets explicitly`,
        ),
        [{ field: 'effectiveFrom', message: 'overlaps a published version' }],
      );
    }
    await trx
      .updateTable('collection_strategy')
      .set({ status: 'published', published_by_user_id: who.userId, published_by: who.name, published_at: sql<string>`now()` })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, who, { action: 'collection.strategy_publish', entityType: 'collection_strategy', entityId: id, after: { code: row.code, version: row.version, effectiveFrom: row.effective_from } });
    return getStrategy(trx, id);
  });
}

export interface StrategiesInForce {
  champion: Strategy;
  challenger: Strategy | null;
}

/** The champion in force on `date` and the challenger it names (in force too), or null: no strategy. */
export async function strategiesInForce(db: Kysely<DB>, date: BusinessDate): Promise<StrategiesInForce | null> {
  const published = (await selectVersions(db)).filter((r) => r.status === 'published');
  const challengers = challengerCodes(published);
  const champion = inForce(
    published.filter((r) => !challengers.has(r.code)).map((r) => ({ ...rangeOf(r), row: r })),
    date,
  );
  if (!champion) return null;
  const doc = StrategySchema.parse(champion.row.document);
  const named = doc.challenger?.code;
  const challenger = named === undefined ? null : inForce(published.filter((r) => r.code === named).map((r) => ({ ...rangeOf(r), row: r })), date);
  return { champion: doc, challenger: challenger ? StrategySchema.parse(challenger.row.document) : null };
}
