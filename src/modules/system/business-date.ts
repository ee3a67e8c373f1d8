import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type BusinessDate, parseBusinessDate } from '../../domain/business-date.js';

/** The lender's current business date: a stored row, moved only by close of business. */
export async function currentBusinessDate(db: Kysely<DB>): Promise<BusinessDate> {
  const row = await db.selectFrom('business_date').select('business_date').where('id', '=', 1).executeTakeFirstOrThrow();
  return parseBusinessDate(row.business_date);
}
