import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * A first load into an empty book writes tens of millions of installments. Row by row, each costs
 * PostgreSQL a foreign-key lookup of its loan (an SPI query per row) and an entry in each index,
 * the one of unpaid installments at a random place: at 1,000,000 loans, most of the database's
 * work. Built once at the end instead — indexes by one sort each (with parallel workers), the
 * foreign key checked by one join over the table — the same checks cost a fraction.
 *
 * So such a load drops the secondary indexes of `loan` and `installment`, the foreign keys of
 * `installment` and, unless asked to keep it, its primary key, and the foreign key of `eod_dirty`
 * (each new loan's trigger marks it there, and each mark checked its loan row by row), inside its
 * own transaction, and puts them back from their definitions in the catalog before it commits:
 * every row is still checked (a duplicate period or an installment without its loan fails the
 * import), a failed import rolls the drop back with everything else, and no other session ever
 * sees the tables without them.
 * The price is the lock: the drop holds `installment` and `loan` exclusively until the import
 * commits, which is why it is done only when there is no book yet to read (or when asked for).
 * What the import itself looks up stays: the unique keys of `loan` (external ids, and the ids that
 * other tables' foreign keys point at) and the foreign keys of `loan` (dropping those would lock
 * borrowers, branches, products and users too).
 */
export interface DeferredChecks {
  /** Builds back what was dropped; call once, last thing before the transaction commits. */
  restore(): Promise<void>;
}

interface Dropped {
  table: string;
  name: string;
  definition: string;
}

export async function bookHasInstallments(trx: Kysely<DB>): Promise<boolean> {
  const { rows } = await sql<{ any: boolean }>`SELECT EXISTS (SELECT 1 FROM installment) AS any`.execute(trx);
  return rows[0]?.any ?? true;
}

/**
 * `keepInstallmentKey`: keep installment's primary key through the load, for loads that look
 * installments up by it (a schedule file replaces generated schedules by key).
 */
export async function deferChecks(trx: Kysely<DB>, options: { keepInstallmentKey: boolean }): Promise<DeferredChecks> {
  const { rows: constraints } = await sql<Dropped & { kind: string }>`
    SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS definition, c.contype AS kind
      FROM pg_constraint c
     WHERE (c.conrelid = 'eod_dirty'::regclass AND c.contype = 'f')
        OR (c.conrelid = 'installment'::regclass
            AND (c.contype = 'f' OR (c.contype = 'p' AND NOT ${options.keepInstallmentKey}::boolean
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint r WHERE r.confrelid = c.conrelid))))
     ORDER BY c.contype, c.conname`.execute(trx);
  // Plain indexes only: not unique, not backing a constraint.
  const { rows: indexes } = await sql<Dropped>`
    SELECT i.indrelid::regclass::text AS table, c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid IN ('installment'::regclass, 'loan'::regclass) AND NOT i.indisunique AND NOT i.indisprimary AND NOT i.indisexclusion
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
     ORDER BY 1, 2`.execute(trx);
  for (const c of constraints) await sql`ALTER TABLE ${sql.id(c.table)} DROP CONSTRAINT ${sql.id(c.name)}`.execute(trx);
  for (const index of indexes) await sql`DROP INDEX ${sql.id(index.name)}`.execute(trx);
  let restored = false;
  return {
    async restore() {
      if (restored) throw new Error('the deferred checks were already restored');
      restored = true;
      // The builds keep the server's maintenance_work_mem: more sort memory measured no faster
      // (10.8 million installments on PostgreSQL, two parallel workers, the unpaid index and the
      // primary key: 64 MB 7.6 s and 5.2 s, 512 MB 8.2 s and 6.3 s, 2 GB 8.8 s and 6.5 s).
      for (const c of constraints) await sql`ALTER TABLE ${sql.id(c.table)} ADD CONSTRAINT ${sql.id(c.name)} ${sql.raw(c.definition)}`.execute(trx);
      for (const index of indexes) await sql.raw(index.definition).execute(trx);
    },
  };
}
