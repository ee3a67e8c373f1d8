import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { DEFAULT_WATERFALL, isWaterfall, type Waterfall } from '../../domain/allocation.js';
import type { PenaltyRule } from '../../domain/penalty.js';

export interface ProductRules {
  code: string;
  maxTermMonths: number;
  penalty: Omit<PenaltyRule, 'annualRate'>;
  waterfall: Waterfall;
}

export async function loadProducts(db: Kysely<DB>): Promise<Map<string, ProductRules>> {
  const rows = await db.selectFrom('product').selectAll().execute();
  return new Map(
    rows.map((p) => [
      p.code,
      {
        code: p.code,
        maxTermMonths: p.max_term_months,
        penalty: { markup: p.penalty_markup, dayCount: p.day_count, compoundOnInterest: p.compound_penalty },
        waterfall: isWaterfall(p.waterfall) ? p.waterfall : DEFAULT_WATERFALL,
      },
    ]),
  );
}
