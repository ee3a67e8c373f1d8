import { type Kysely, sql } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { buildEodBook } from './eod-book.js';

export const DASHBOARD_BRANCHES = 30;

/**
 * The close-of-business bench book (N loans × 36 installments, ~12 % overdue) spread over an
 * organisation like a lender's: 30 branches under head office, each with two teams, loans booked
 * at the branches and their teams, in four products.
 */
export async function buildDashboardBook(db: Kysely<DB>, loans: number): Promise<void> {
  await sql`
    INSERT INTO branch (code, name_zh, name_en, kind, parent_id, path)
    SELECT 'B' || lpad(g::text, 2, '0'), '分行' || g, 'Branch ' || g, 'branch', 1, '/HO/B' || lpad(g::text, 2, '0') || '/'
      FROM generate_series(1, ${DASHBOARD_BRANCHES}) g`.execute(db);
  await sql`
    INSERT INTO branch (code, name_zh, name_en, kind, parent_id, path)
    SELECT b.code || '-T' || t, b.name_zh || '组' || t, b.name_en || ' team ' || t, 'team', b.id, b.path || b.code || '-T' || t || '/'
      FROM branch b CROSS JOIN generate_series(1, 2) t WHERE b.kind = 'branch'`.execute(db);
  await buildEodBook(db, loans);
  await sql`
    UPDATE loan l
       SET branch_id = (SELECT array_agg(id ORDER BY id) FROM branch WHERE kind <> 'head_office')[1 + (l.id * 7919) % ${DASHBOARD_BRANCHES * 3}],
           product_code = (ARRAY['new_car', 'used_car', 'commercial', 'pool_auto'])[1 + (l.id / 7) % 4]`.execute(db);
  await sql`VACUUM ANALYZE loan`.execute(db);
}
