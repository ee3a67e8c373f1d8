import { type Kysely, sql } from 'kysely';
import { copyInto, copyLine } from '../../db/bulk.js';
import type { DB, OwnerKind } from '../../db/schema.js';
import { addDays, type BusinessDate } from '../../domain/business-date.js';
import { instantToIso } from '../../domain/compliance/index.js';
import { loanColumn, stagingTable, throughCursor } from './sql-rows.js';
import { endOfBusinessDay } from './time.js';

/**
 * 分案 and 回收 by rules kept as data (collection_allocation_rule). Recall first, in one statement:
 * an agency's term has ended; the collector may not work cases tomorrow (inactive, or training
 * not current then); the case's bucket has left the buckets of the rule that placed it; or its
 * collector let a task given to them pass its SLA. Then every unowned open case is placed by
 * the first rule that matches it and can place it; a collector rule balances workload (the
 * collector of the pool with the fewest open cases, the one who just lost it last). The placing
 * is one pass in memory over the unowned cases.
 *
 * A recalled case is written once, not twice: the recall stages what it takes back, and the
 * allocation then gives each case its final owner, or none, in one update. Recalling first and
 * placing after rewrote every recalled case twice, each time with an entry in all its indexes (the
 * owner is indexed): 117,143 cases a day at 1,000,000 loans when collectors log nothing. Its owner
 * history is one row too, written with the update: from the old owner to the new (or to none), why
 * 'recall' with the recall's reason, and the rule that placed it (migration 0024).
 */
export const SYSTEM = 'system:collections';

/** Open cases read and placed at a time. */
const FETCH = 10_000;

export interface Recall {
  /** cases taken back, staged in collection_recall for the allocation */
  recalled: number;
}

/**
 * Stages the cases to take back in `collection_recall`, with their owner and the reason, for
 * allocateCases in the same transaction (which writes their owner history), and returns their held
 * tasks to the queue.
 */
export async function recallCases(trx: Kysely<DB>, date: BusinessDate): Promise<Recall> {
  const end = instantToIso(endOfBusinessDay(date));
  // with the bucket and branch the allocation places them by, read here with the case's status
  await stagingTable(
    trx,
    'collection_recall',
    sql`case_id bigint PRIMARY KEY, bucket text NOT NULL, branch_id bigint NOT NULL, from_kind text NOT NULL, from_id bigint NOT NULL, why text NOT NULL`,
  );
  const { rows } = await sql<{ n: number }>`
    WITH breached AS MATERIALIZED (
      -- one pass over the open tasks past their SLA: each case's latest, hashed below, tells whether
      -- one was given to its collector (on or after the day they got the case). Tested case by case
      -- inside an OR, it probed the tasks of every owned case (2.5 s for 214,286 cases at 1,000,000
      -- loans, against 0.8 s)
      SELECT t.case_id, max(t.created_on) AS latest FROM collection_task t
       WHERE t.status IN ('open', 'held') AND t.for_role = 'collector' AND t.due_by <= ${end}::timestamptz
       GROUP BY t.case_id
    ), owned AS MATERIALIZED (
      -- what each owned case tells without its status: the status (1,000,000 rows at 1,000,000 loans,
      -- hashed for the 214,286 owned cases) is read below only for the cases that need it
      SELECT c.id, c.loan_id, c.owner_kind, c.owner_id, r.buckets,
             CASE WHEN c.owner_kind = 'agency' AND c.owner_until <= ${date} THEN 'agency_term_end'
                  WHEN c.owner_kind = 'collector' AND NOT EXISTS (
                         SELECT 1 FROM app_user u JOIN collector_profile p ON p.user_id = u.id
                          WHERE u.id = c.owner_id AND u.active AND p.training_valid_until > ${date}) THEN 'owner_unavailable' END AS why,
             coalesce(c.owner_kind = 'collector' AND b.latest >= c.owner_since, false) AS breached
        FROM collection_case c
        LEFT JOIN collection_allocation_rule r ON r.id = c.allocation_rule_id
        LEFT JOIN breached b ON b.case_id = c.id
       WHERE c.closed_on IS NULL AND c.owner_kind IS NOT NULL
    ), due AS (
      SELECT * FROM (
        SELECT o.id, o.owner_kind, o.owner_id, coalesce(s.bucket, 'M0') AS bucket, ${loanColumn('branch_id', sql`o.loan_id`)} AS branch_id,
               coalesce(o.why, CASE WHEN o.buckets IS NOT NULL AND NOT (s.bucket = ANY (o.buckets)) THEN 'bucket_change'
                                    WHEN o.breached THEN 'sla_breach' END) AS why
          FROM owned o LEFT JOIN loan_status s ON s.loan_id = o.loan_id
         WHERE o.why IS NOT NULL OR o.buckets IS NOT NULL OR o.breached) x
       WHERE why IS NOT NULL
    ), staged AS (
      INSERT INTO collection_recall (case_id, bucket, branch_id, from_kind, from_id, why) SELECT id, bucket, branch_id, owner_kind, owner_id, why FROM due
      RETURNING 1
    ), released AS (
      UPDATE collection_task t SET status = 'open', held_by = NULL, held_until = NULL
        FROM due WHERE t.case_id = due.id AND t.status = 'held'
      RETURNING t.id
    )
    SELECT count(*)::int AS n FROM staged`.execute(trx);
  const recalled = rows[0]?.n ?? 0;
  if (recalled > 0) await sql`ANALYZE collection_recall`.execute(trx);
  return { recalled };
}

interface Rule {
  id: number;
  code: string;
  branch_path: string | null;
  buckets: string[] | null;
  assign: OwnerKind;
  pool_path: string | null;
  skills: string[];
  team_id: number | null;
  agency_id: number | null;
  agency_term_days: number | null;
}

interface Collector {
  id: number;
  path: string;
  skills: string[];
  load: number;
}

interface Placement {
  caseId: number;
  kind: OwnerKind;
  ownerId: number;
  until: BusinessDate | null;
  ruleId: number;
  ruleCode: string;
  bucket: string;
}

/** The collector with fewer open cases, the lower id on a tie. */
const lighter = (x: Collector, than: Collector | null) => than === null || x.load < than.load || (x.load === than.load && x.id < than.id);

/** Picks the owner for one case by the rules, or null; updates the chosen collector's load. */
export function place(
  rules: readonly Rule[],
  collectors: readonly Collector[],
  c: { caseId: number; branchPath: string; bucket: string },
  date: BusinessDate,
  notThisOne: number | undefined,
  // a rule's pool for a path, kept across the cases of one run: filtering all 200 collectors again
  // for each of 117,143 cases cost about a second of CPU
  pools: Map<string, Collector[]> = new Map(),
): Placement | null {
  for (const r of rules) {
    if (r.branch_path !== null && !c.branchPath.startsWith(r.branch_path)) continue;
    if (r.buckets !== null && !r.buckets.includes(c.bucket)) continue;
    const base = { caseId: c.caseId, ruleId: r.id, ruleCode: r.code, bucket: c.bucket, until: null };
    if (r.assign === 'team') return { ...base, kind: 'team', ownerId: r.team_id! };
    if (r.assign === 'agency') return { ...base, kind: 'agency', ownerId: r.agency_id!, until: addDays(date, r.agency_term_days!) };
    const poolPath = r.pool_path ?? c.branchPath;
    const poolKey = `${r.id}|${poolPath}`;
    let pool = pools.get(poolKey);
    if (pool === undefined) {
      pool = collectors.filter((x) => x.path.startsWith(poolPath) && r.skills.every((s) => x.skills.includes(s)));
      pools.set(poolKey, pool);
    }
    let best: Collector | null = null;
    let fallback: Collector | null = null;
    for (const x of pool) {
      if (x.id === notThisOne) {
        if (lighter(x, fallback)) fallback = x;
      } else if (lighter(x, best)) best = x;
    }
    const chosen = best ?? fallback;
    if (chosen === null) continue;
    chosen.load += 1;
    return { ...base, kind: 'collector', ownerId: chosen.id };
  }
  return null;
}

/**
 * Places the unowned open cases and the ones `recall` took back (recallCases, earlier in the same
 * transaction), and writes every recalled case's new owner, or none, with the placements.
 */
export async function allocateCases(
  trx: Kysely<DB>,
  date: BusinessDate,
  recall: Recall,
  /** open cases read and placed at a time */
  fetch = FETCH,
): Promise<{ unowned: number; placed: number; /** cases that gained an owner or lost theirs: a recalled case placed again did neither */ gainedOrLost: number }> {
  const rules = (
    await sql<Rule>`
      SELECT r.id, r.code, b.path AS branch_path, r.buckets, r.assign, p.path AS pool_path, r.skills, r.team_id, r.agency_id, r.agency_term_days
        FROM collection_allocation_rule r
        LEFT JOIN branch b ON b.id = r.branch_id
        LEFT JOIN branch p ON p.id = r.pool_branch_id
        LEFT JOIN collection_agency a ON a.id = r.agency_id
       WHERE r.active AND (r.assign <> 'agency' OR a.active)
       ORDER BY r.position, r.id`.execute(trx)
  ).rows;
  // Collectors who may work cases tomorrow: active, holding the role, with training current then.
  const collectors = (
    await sql<Collector>`
      SELECT u.id, b.path, p.skills, coalesce(n.load, 0)::int AS load
        FROM app_user u
        JOIN user_role ur ON ur.user_id = u.id AND ur.role = 'collector'
        JOIN branch b ON b.id = u.branch_id
        JOIN collector_profile p ON p.user_id = u.id
        -- counted in one pass over the open cases, not collector by collector
        LEFT JOIN (SELECT c.owner_id, count(*) AS load FROM collection_case c
                    WHERE c.closed_on IS NULL AND c.owner_kind = 'collector'
                      AND NOT EXISTS (SELECT 1 FROM collection_recall r WHERE r.case_id = c.id)
                    GROUP BY c.owner_id) n ON n.owner_id = u.id
       WHERE u.active AND p.training_valid_until > ${date}
       ORDER BY u.id`.execute(trx)
  ).rows;
  // staged through COPY and written in one statement: in batches, each batch's update scanned
  // every open case again to join its few
  await stagingTable(
    trx,
    'collection_placement',
    sql`case_id bigint NOT NULL, kind text NOT NULL, owner_id bigint NOT NULL, until date, rule_id bigint NOT NULL, rule_code text NOT NULL, bucket text NOT NULL`,
  );
  const open = sql`
    SELECT o.case_id, b.path AS branch_path, o.bucket, o.recalled, o.from_collector
      FROM (SELECT c.id AS case_id, coalesce(s.bucket, 'M0') AS bucket, ${loanColumn('branch_id', sql`c.loan_id`)} AS branch_id, false AS recalled,
                   NULL::bigint AS from_collector
              FROM collection_case c LEFT JOIN loan_status s ON s.loan_id = c.loan_id
             WHERE c.closed_on IS NULL AND c.owner_kind IS NULL
            UNION ALL
            -- the recall read these with the cases it took back; a recalled case's collector gets
            -- it again only if nobody else can take it
            SELECT case_id, bucket, branch_id, true, CASE WHEN from_kind = 'collector' THEN from_id END FROM collection_recall) o
      JOIN branch b ON b.id = o.branch_id
     ORDER BY o.case_id`;
  const pools = new Map<string, Collector[]>();
  let unowned = 0;
  let placed = 0;
  let gainedOrLost = 0;
  // placed as they are read, a batch at a time, each batch's placements copied before the next is
  // read: read at once, the 117,143 cases of the bench's day (at 1,000,000 loans) and their
  // placements outlived the young generation, about 0.2 s of garbage collection in a traced run
  const batches = throughCursor<{ case_id: number; branch_path: string; bucket: string; recalled: boolean; from_collector: number | null }>(trx, 'collection_allocation_open', open, fetch);
  for await (const rows of batches) {
    unowned += rows.length;
    const lines: string[] = [];
    for (const c of rows) {
      const p = place(rules, collectors, { caseId: c.case_id, branchPath: c.branch_path, bucket: c.bucket }, date, c.from_collector ?? undefined, pools);
      if (p) lines.push(copyLine([p.caseId, p.kind, p.ownerId, p.until, p.ruleId, p.ruleCode, p.bucket]));
      if ((p !== null) !== c.recalled) gainedOrLost += 1;
    }
    placed += lines.length;
    if (lines.length > 0) await copyInto(trx, 'collection_placement', ['case_id', 'kind', 'owner_id', 'until', 'rule_id', 'rule_code', 'bucket'], lines);
  }
  if (placed === 0 && recall.recalled === 0) return { unowned, placed, gainedOrLost };
  await sql`ANALYZE collection_placement`.execute(trx);
  // a recalled case nobody can take is left without an owner; one history row for each case, a
  // recalled one's from its old owner
  await sql`
    WITH assigned AS (
      UPDATE collection_case c SET owner_kind = u.kind, owner_id = u.owner_id, owner_since = CASE WHEN u.kind IS NOT NULL THEN ${date}::date END,
                                   owner_until = u.until, allocation_rule_id = u.rule_id, owner_bucket = u.bucket
        FROM (SELECT coalesce(p.case_id, r.case_id) AS case_id, p.kind, p.owner_id, p.until, p.rule_id, p.rule_code, p.bucket, r.from_kind, r.from_id, r.why
                FROM collection_placement p FULL JOIN collection_recall r ON r.case_id = p.case_id) u
       WHERE c.id = u.case_id
      RETURNING c.id, u.kind, u.owner_id, u.rule_code, u.from_kind, u.from_id, u.why
    )
    INSERT INTO collection_case_owner (case_id, business_date, from_kind, from_id, to_kind, to_id, why, detail, rule_code, by_name)
    SELECT id, ${date}, from_kind, from_id, kind, owner_id, CASE WHEN why IS NULL THEN 'allocation' ELSE 'recall' END, coalesce(why, rule_code), rule_code, ${SYSTEM}
      FROM assigned ORDER BY id`.execute(trx);
  return { unowned, placed, gainedOrLost };
}
