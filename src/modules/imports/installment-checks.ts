import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * A first load into an empty book writes tens of millions of installments. Row by row, each one
 * costs PostgreSQL a foreign-key lookup of its loan (an SPI query per row) and an insert into the
 * index of unpaid installments at a random place: measured at 1,000,000 loans, most of the
 * database's work. Built once at the end instead — the index by one sort, the foreign key checked by
 * one join over the whole table — the same checks cost a fraction.
 *
 * So such a load drops the table's foreign keys and secondary indexes inside its transaction and
 * puts them back, from their own definitions in the catalog, before it commits: every row is still
 * checked, a failed import rolls the drop back with everything else, and no other session ever sees
 * the table without them. The price is the lock: the drop holds `installment` and `loan` exclusively
 * until the import commits, which is why it is done only when there is no book yet to read (or
 * when asked for). The primary key stays: it is cheap to keep (rows arrive in key order) and it
 * catches a repeated period as it is written.
 */
export interface DeferredInstallmentChecks {
  /** Rebuilds what was dropped; call once, last thing before the transaction commits. */
  restore(): Promise<void>;
}

export async function bookHasInstallments(trx: Kysely<DB>): Promise<boolean> {
  const { rows } = await sql<{ any: boolean }>`SELECT EXISTS (SELECT 1 FROM installment) AS any`.execute(trx);
  return rows[0]?.any ?? true;
}

export async function deferInstallmentChecks(trx: Kysely<DB>): Promise<DeferredInstallmentChecks> {
  const { rows: foreignKeys } = await sql<{ name: string; definition: string }>`
    SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
     WHERE conrelid = 'installment'::regclass AND contype = 'f' ORDER BY conname`.execute(trx);
  const { rows: indexes } = await sql<{ name: string; definition: string }>`
    SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = 'installment'::regclass AND NOT i.indisunique AND NOT i.indisprimary ORDER BY c.relname`.execute(trx);
  for (const fk of foreignKeys) await sql`ALTER TABLE installment DROP CONSTRAINT ${sql.id(fk.name)}`.execute(trx);
  for (const index of indexes) await sql`DROP INDEX ${sql.id(index.name)}`.execute(trx);
  let restored = false;
  return {
    async restore() {
      if (restored) throw new Error('installment checks already restored');
      restored = true;
      for (const index of indexes) await sql.raw(index.definition).execute(trx);
      for (const fk of foreignKeys) await sql`ALTER TABLE installment ADD CONSTRAINT ${sql.id(fk.name)} ${sql.raw(fk.definition)}`.execute(trx);
    },
  };
}
