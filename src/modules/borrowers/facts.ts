import type { Kysely } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import { displayValue, type FactKind, type FactSource, kindOfStored, readFactValue, type StoredFact, type Verification } from '../../domain/borrower-facts.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { maskFact } from '../../domain/masking.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { currentBusinessDate } from '../system/business-date.js';

/**
 * A borrower's declared facts (phones, addresses, employer, income…) are effective-dated rows:
 * a change is a new row that points at the one it supersedes (`supersedes_id`), with its source,
 * verification status, who recorded it, when and why. Nothing is overwritten; the table refuses
 * UPDATE and DELETE. The current fact of a kind is its latest row effective on the business date.
 */
export interface FactInput {
  kind: FactKind;
  value: string;
  /** Default: the business date. */
  effectiveFrom?: BusinessDate | undefined;
  source: FactSource;
  verification: Verification;
  reason: string;
}

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

type FactRow = Pick<DB['borrower_fact'], 'fact' | 'value' | 'source' | 'supersedes_id' | 'recorded_by' | 'reason'> & {
  id: number;
  effective_from: string;
  verification: Verification;
  recorded_at: string;
};

const FACT_COLUMNS = ['id', 'fact', 'value', 'effective_from', 'source', 'verification', 'supersedes_id', 'recorded_at', 'recorded_by', 'reason'] as const;

export async function borrowerBranchPath(db: Kysely<DB>, borrowerId: number): Promise<string | null> {
  const row = await db.selectFrom('borrower as p').innerJoin('branch as b', 'b.id', 'p.branch_id').select('b.path').where('p.id', '=', borrowerId).executeTakeFirst();
  return row?.path ?? null;
}

function view(row: FactRow, reveal: boolean, supersededById: number | null) {
  const shown = displayValue(row.fact, row.value);
  return {
    id: row.id,
    kind: kindOfStored(row.fact),
    value: reveal ? shown : maskFact(row.fact, shown),
    effectiveFrom: row.effective_from,
    source: row.source,
    verification: row.verification,
    supersedesId: row.supersedes_id,
    supersededById,
    recordedAt: row.recorded_at,
    recordedBy: row.recorded_by,
    reason: row.reason,
  };
}

export type FactView = ReturnType<typeof view>;

/**
 * Appends a fact that supersedes the current one of its kind. It may take effect on the business
 * date or before it, but not before the fact it supersedes (the chain stays in date order) and not
 * in the future (a fact is what was declared, not what will be). The borrower row is locked, so two
 * changes of one borrower's facts follow one another.
 */
export async function appendFact(db: Kysely<DB>, who: AuditWho, borrowerId: number, input: FactInput): Promise<FactView> {
  const read = readFactValue(input.kind, input.value);
  if (!read.ok) throw new AppError('validation', read.reason, [{ field: 'value', message: read.reason['en-US'] }]);
  return db.transaction().execute(async (trx) => {
    const borrower = await trx.selectFrom('borrower').select(['id', 'branch_id']).where('id', '=', borrowerId).forUpdate().executeTakeFirst();
    if (!borrower) throw new AppError('not-found');
    const businessDate = await currentBusinessDate(trx);
    const effectiveFrom = input.effectiveFrom ?? businessDate;
    if (effectiveFrom > businessDate) {
      throw new AppError('validation', t(`生效日不能晚于当前营业日 ${businessDate}`, `the effective date cannot be after the business date ${businessDate}`), [
        { field: 'effectiveFrom', message: `after the business date ${businessDate}` },
      ]);
    }
    const current = (await trx
      .selectFrom('borrower_fact')
      .select(FACT_COLUMNS)
      .where('borrower_id', '=', borrowerId)
      .where('fact', '=', read.fact)
      .orderBy('effective_from', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()) as FactRow | undefined;
    if (current && effectiveFrom < current.effective_from) {
      throw new AppError('validation', t(`生效日不能早于现有信息的生效日 ${current.effective_from}`, `the effective date cannot be before ${current.effective_from}, when the current fact took effect`), [
        { field: 'effectiveFrom', message: `before ${current.effective_from}` },
      ]);
    }
    if (current && current.value === read.value && current.verification === input.verification) {
      throw new AppError('conflict', t('现有信息已是该值和核验状态，无需变更', 'the current fact already has this value and verification status'), [
        { field: 'value', message: 'unchanged' },
      ]);
    }
    const row = (await trx
      .insertInto('borrower_fact')
      .values({
        borrower_id: borrowerId,
        fact: read.fact,
        value: read.value,
        effective_from: effectiveFrom,
        source: input.source,
        verification: input.verification,
        supersedes_id: current?.id ?? null,
        recorded_by: who.name,
        reason: input.reason,
      })
      .returning(FACT_COLUMNS)
      .executeTakeFirstOrThrow()) as FactRow;
    const path = await borrowerBranchPath(trx, borrowerId);
    // The audit trail says what changed without copying personal data into it: values are masked.
    const summary = (f: FactRow) => ({ factId: f.id, kind: kindOfStored(f.fact), value: maskFact(f.fact, displayValue(f.fact, f.value)), effectiveFrom: f.effective_from, source: f.source, verification: f.verification });
    await recordAudit(trx, who, {
      action: 'borrower.fact_append',
      entityType: 'borrower',
      entityId: borrowerId,
      branchPath: path,
      before: current ? summary(current) : null,
      after: { ...summary(row), supersedesId: row.supersedes_id },
      reason: input.reason,
    });
    return view(row, false, null);
  });
}

/**
 * The borrower's current facts (one per kind, as of the business date) and the full history, newest
 * first within each kind. Masked unless `reveal`, which the caller has checked and which is audited.
 */
export async function borrowerFacts(db: Kysely<DB>, who: AuditWho, borrowerId: number, reveal: boolean) {
  const asOf = await currentBusinessDate(db);
  const rows = (await db
    .selectFrom('borrower_fact')
    .select(FACT_COLUMNS)
    .where('borrower_id', '=', borrowerId)
    .orderBy('fact')
    .orderBy('effective_from', 'desc')
    .orderBy('id', 'desc')
    .execute()) as FactRow[];
  const successor = new Map<number, number>();
  for (const r of rows) if (r.supersedes_id !== null) successor.set(r.supersedes_id, r.id);
  const seen = new Set<StoredFact>();
  const current = rows.filter((r) => {
    if (seen.has(r.fact) || r.effective_from > asOf) return false;
    seen.add(r.fact);
    return true;
  });
  if (reveal) {
    const path = await borrowerBranchPath(db, borrowerId);
    await recordAudit(db, who, { action: 'pii.reveal', entityType: 'borrower', entityId: borrowerId, branchPath: path, after: { fields: [...new Set(rows.map((r) => kindOfStored(r.fact)))], view: 'facts' } });
  }
  return {
    borrowerId,
    asOf,
    revealed: reveal,
    current: current.map((r) => view(r, reveal, successor.get(r.id) ?? null)),
    history: rows.map((r) => view(r, reveal, successor.get(r.id) ?? null)),
  };
}
