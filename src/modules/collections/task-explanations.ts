import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { explainFromFacts } from '../../domain/collections/explain.js';
import { unpackFacts } from '../../domain/collections/packed-facts.js';
import { type Strategy, StrategySchema } from '../../domain/collections/strategy.js';

/** The columns a task's explanation comes from. */
export interface ExplainableTask {
  explanation: unknown;
  facts: unknown;
  strategy_code: string | null;
  strategy_version: number | null;
  strategy_group: string | null;
}

const versionKey = (code: string, version: number) => `${code}@${version}`;

/**
 * Each task's explanation, in order: the one it keeps (escalations, warnings, strategy tasks
 * written before migration 0019) or, for a strategy task, the one rendered from the facts it keeps
 * (packed as a list of values since stop 21: packed-facts.ts) by the strategy version that decided it (src/domain/collections/explain.ts). The versions are
 * read in one query per call and not cached across calls: two databases may hold different
 * documents under the same code and version.
 */
export async function explanationsOf(db: Kysely<DB>, rows: readonly ExplainableTask[]): Promise<Record<string, unknown>[]> {
  const wanted = new Map<string, { code: string; version: number }>();
  for (const r of rows) {
    if (r.explanation !== null || r.strategy_code === null || r.strategy_version === null) continue;
    wanted.set(versionKey(r.strategy_code, r.strategy_version), { code: r.strategy_code, version: r.strategy_version });
  }
  const docs = new Map<string, Strategy>();
  if (wanted.size > 0) {
    const found = await db
      .selectFrom('collection_strategy')
      .select(['code', 'version', 'document'])
      .where((eb) => eb.or([...wanted.values()].map((w) => eb.and([eb('code', '=', w.code), eb('version', '=', w.version)]))))
      .execute();
    for (const d of found) docs.set(versionKey(d.code, d.version), StrategySchema.parse(d.document));
  }
  return rows.map((r) => {
    if (r.explanation !== null) return r.explanation as Record<string, unknown>;
    // the table's check (migration 0019) holds a task without an explanation to these columns
    const doc = docs.get(versionKey(r.strategy_code!, r.strategy_version!));
    if (doc === undefined) throw new Error(`collection_task: strategy ${r.strategy_code} version ${r.strategy_version} is missing, so a task's explanation cannot be rendered`);
    return explainFromFacts(doc, r.strategy_group as 'champion' | 'challenger', unpackFacts(r.facts));
  });
}
