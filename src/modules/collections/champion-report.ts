import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { compareProportions, proportion } from '../../domain/collections/comparison.js';

/**
 * Champion/challenger report for a branch subtree over [from, to]: the cases each group worked in
 * that window (open on at least one day of it), and for each group
 *   roll-forward  cases whose loan moved to a worse bucket while the case was open in the window;
 *   cure          cases closed by cure or payoff in the window;
 *   collected     repayments on the loans while their case was open in the window (reversed ones
 *                 left out);
 *   contacts      contacts made (not refused) in the window, and contacts per cure.
 * Each rate carries its counts, and the challenger's difference its z and interval, so a reader
 * can judge whether the groups differ or the sample is too small (src/domain/collections/comparison.ts).
 */
interface GroupRow {
  grp: 'champion' | 'challenger';
  cases: number;
  rolled: number;
  cured: number;
  collected_fen: number;
  contacts: number;
}

export async function championReport(db: Kysely<DB>, scopePath: string, from: BusinessDate, to: BusinessDate) {
  const scope = `${scopePath.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const { rows } = await sql<GroupRow>`
    WITH worked AS (
      SELECT c.id, c.loan_id, c.strategy_group AS grp, greatest(c.opened_on, ${from}::date) AS w_from,
             least(coalesce(c.closed_on, ${to}::date), ${to}::date) AS w_to, c.closed_on, c.close_reason
        FROM collection_case c JOIN loan l ON l.id = c.loan_id JOIN branch b ON b.id = l.branch_id
       WHERE c.strategy_group IS NOT NULL AND b.path LIKE ${scope}
         AND c.opened_on <= ${to}::date AND (c.closed_on IS NULL OR c.closed_on >= ${from}::date)
    )
    SELECT w.grp, count(*)::int AS cases,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM loan_event e WHERE e.loan_id = w.loan_id AND e.kind = 'bucket_up'
                                            AND e.business_date BETWEEN w.w_from AND w.w_to))::int AS rolled,
           count(*) FILTER (WHERE w.closed_on BETWEEN ${from}::date AND ${to}::date AND w.close_reason IN ('cure', 'payoff'))::int AS cured,
           coalesce(sum((SELECT sum(r.amount_fen) FROM repayment r
                          WHERE r.loan_id = w.loan_id AND r.reverses_id IS NULL AND r.value_date BETWEEN w.w_from AND w.w_to
                            AND NOT EXISTS (SELECT 1 FROM repayment x WHERE x.reverses_id = r.id))), 0)::bigint AS collected_fen,
           coalesce(sum((SELECT count(*) FROM collection_contact k
                          WHERE k.case_id = w.id AND k.status = 'made' AND k.corrects_id IS NULL
                            AND k.at >= ${from}::date::timestamptz AND k.at < (${to}::date + 1)::timestamptz)), 0)::int AS contacts
      FROM worked w
     GROUP BY w.grp`.execute(db);
  const group = (g: 'champion' | 'challenger') => {
    const r = rows.find((x) => x.grp === g) ?? { grp: g, cases: 0, rolled: 0, cured: 0, collected_fen: 0, contacts: 0 };
    return {
      group: g,
      cases: r.cases,
      rollForward: proportion(r.rolled, r.cases),
      cure: proportion(r.cured, r.cases),
      collectedFen: Number(r.collected_fen),
      collectedPerCaseFen: r.cases === 0 ? null : Math.round(Number(r.collected_fen) / r.cases),
      contacts: r.contacts,
      contactsPerCure: r.cured === 0 ? null : r.contacts / r.cured,
    };
  };
  const champion = group('champion');
  const challenger = group('challenger');
  const strategies = await sql<{ code: string; version: number; grp: string; cases: number }>`
    SELECT c.strategy_code AS code, c.strategy_version AS version, c.strategy_group AS grp, count(*)::int AS cases
      FROM collection_case c JOIN loan l ON l.id = c.loan_id JOIN branch b ON b.id = l.branch_id
     WHERE c.strategy_group IS NOT NULL AND b.path LIKE ${scope}
       AND c.opened_on <= ${to}::date AND (c.closed_on IS NULL OR c.closed_on >= ${from}::date)
     GROUP BY 1, 2, 3 ORDER BY 3, 1, 2`.execute(db);
  return {
    from,
    to,
    groups: [champion, challenger],
    strategies: strategies.rows.map((s) => ({ code: s.code, version: s.version, group: s.grp, cases: s.cases })),
    difference: { rollForward: compareProportions(champion.rollForward, challenger.rollForward), cure: compareProportions(champion.cure, challenger.cure) },
  };
}
