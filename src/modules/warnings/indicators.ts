import { type Kysely, type Selectable, sql } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB, WarningIndicatorTable } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { type CompiledIndicator, type Indicator, type IndicatorInput, validateIndicator, versionInForce } from '../../domain/warnings/indicator.js';
import { type AuditWho, recordAudit } from '../audit/record.js';

const HEAD_OFFICE = '/HO/';

export type StoredIndicator = CompiledIndicator & { id: number; version: number };

const toInput = (r: Selectable<WarningIndicatorTable>): Indicator => ({
  code: r.code,
  nameZh: r.name_zh,
  nameEn: r.name_en,
  expression: r.expression,
  threshold: r.threshold_op === null || r.threshold === null ? null : { op: r.threshold_op, value: Number(r.threshold) },
  severity: r.severity,
  products: r.products,
  effectiveFrom: r.effective_from,
  effectiveTo: r.effective_to,
  action: (r.action ?? null) as Indicator['action'],
});

const view = (r: Selectable<WarningIndicatorTable>) => ({ id: r.id, version: r.version, ...toInput(r), reason: r.reason, createdBy: r.created_by, createdAt: r.created_at });

/** Every version of every indicator, latest version of each code first. */
export async function listIndicators(db: Kysely<DB>) {
  const rows = await db.selectFrom('warning_indicator').selectAll().orderBy('code').orderBy('version', 'desc').execute();
  return rows.map(view);
}

/**
 * The indicators in force on a date: for each code its latest version effective by then, compiled.
 * A stored expression that no longer checks (a feature withdrawn) is left out rather than guessed.
 */
export async function indicatorsInForce(db: Kysely<DB>, date: BusinessDate): Promise<StoredIndicator[]> {
  const rows = await db.selectFrom('warning_indicator').selectAll().where('effective_from', '<=', date).execute();
  const byCode = new Map<string, Selectable<WarningIndicatorTable>[]>();
  for (const r of rows) byCode.set(r.code, [...(byCode.get(r.code) ?? []), r]);
  const out: StoredIndicator[] = [];
  for (const versions of byCode.values()) {
    const r = versionInForce(versions.map((v) => ({ ...v, effectiveFrom: v.effective_from })), date);
    if (r === null || (r.effective_to !== null && date >= r.effective_to)) continue;
    const checked = validateIndicator(toInput(r));
    if (checked.ok) out.push({ ...checked.indicator, id: r.id, version: r.version });
  }
  return out.sort((a, b) => a.code.localeCompare(b.code));
}

/** Checks a definition without storing it: what the indicator editor shows as you type. */
export function checkIndicator(input: unknown) {
  const checked = validateIndicator(input);
  if (!checked.ok) return { ok: false as const, problems: checked.problems };
  return { ok: true as const, kind: checked.indicator.kind, reads: checked.indicator.reads };
}

/** Publishes a definition as the next version of its code (a new code starts at 1). */
export async function publishIndicator(db: Kysely<DB>, who: AuditWho, input: IndicatorInput, reason: string, lang: 'zh-CN' | 'en-US') {
  const checked = validateIndicator(input);
  if (!checked.ok) {
    throw new AppError('validation', undefined, checked.problems.map((p) => ({ field: p.field, message: lang === 'zh-CN' ? p.zh : p.en })));
  }
  const i = checked.indicator;
  return db.transaction().execute(async (trx) => {
    // versions of one code are numbered under a lock, so two publishers cannot both take the next
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`warning_indicator:${i.code}`}))`.execute(trx);
    const { max } = await trx.selectFrom('warning_indicator').select((s) => s.fn.max('version').as('max')).where('code', '=', i.code).executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('warning_indicator')
      .values({
        code: i.code,
        version: (max ?? 0) + 1,
        name_zh: i.nameZh,
        name_en: i.nameEn,
        expression: i.expression,
        threshold_op: i.threshold?.op ?? null,
        threshold: i.threshold === null ? null : String(i.threshold.value),
        severity: i.severity,
        products: i.products,
        effective_from: i.effectiveFrom,
        effective_to: i.effectiveTo,
        action: i.action === null ? null : JSON.stringify(i.action),
        reason,
        created_by_user_id: who.userId,
        created_by: who.name,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, who, { action: 'warning_indicator.publish', entityType: 'warning_indicator', entityId: `${row.code}/${row.version}`, branchPath: HEAD_OFFICE, after: view(row), reason });
    return view(row);
  });
}
