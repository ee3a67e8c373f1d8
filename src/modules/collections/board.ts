import { type Kysely, sql } from 'kysely';
import type { DB, OwnerKind } from '../../db/schema.js';

/**
 * The managers' team board: the cases of a branch subtree with their owners, and the workload of
 * every owner a case may be given to there (collectors, team queues, agencies). A case belongs to
 * the subtree when its loan is booked there or its owner sits there (collectors work in teams
 * beneath the booking branch; see case-lookup.ts), the same rule as for opening one case.
 */
const like = (path: string) => `${path.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

export interface CaseListQuery {
  ownerKind?: OwnerKind | 'none' | undefined;
  ownerId?: number | undefined;
  bucket?: string | undefined;
  open: boolean;
  limit: number;
  /** the last case id of the page before: cases come newest first */
  cursor?: number | undefined;
}

interface CaseRow {
  id: number;
  loan_id: number;
  external_id: string;
  branch_code: string;
  opened_on: string;
  closed_on: string | null;
  close_reason: string | null;
  bucket: string | null;
  dpd: number | null;
  overdue_fen: number | null;
  owner_kind: OwnerKind | null;
  owner_id: number | null;
  owner_since: string | null;
  owner_until: string | null;
  owner_name: string | null;
  strategy_group: string | null;
  segment: string | null;
  open_tasks: number;
  last_contact_at: string | null;
  plan_kept: boolean;
}

export async function listCases(db: Kysely<DB>, scopePath: string, q: CaseListQuery) {
  const scope = like(scopePath);
  const owner =
    q.ownerKind === undefined
      ? sql`true`
      : q.ownerKind === 'none'
        ? sql`c.owner_kind IS NULL`
        : q.ownerId === undefined
          ? sql`c.owner_kind = ${q.ownerKind}`
          : sql`c.owner_kind = ${q.ownerKind} AND c.owner_id = ${q.ownerId}`;
  const { rows } = await sql<CaseRow>`
    SELECT c.id, c.loan_id, l.external_id, lb.code AS branch_code, c.opened_on, c.closed_on, c.close_reason,
           s.bucket, s.dpd, s.overdue_fen, c.owner_kind, c.owner_id, c.owner_since, c.owner_until,
           coalesce(u.display_name, tb.code, a.code) AS owner_name, c.strategy_group, c.segment,
           (SELECT count(*) FROM collection_task t WHERE t.case_id = c.id AND t.status IN ('open', 'held'))::int AS open_tasks,
           (SELECT max(k.at) FROM collection_contact k WHERE k.case_id = c.id AND k.status = 'made')::text AS last_contact_at,
           EXISTS (SELECT 1 FROM collection_case_plan p JOIN collection_case pc ON pc.id = p.case_id
                    WHERE pc.loan_id = c.loan_id AND p.broken_on IS NULL AND p.ended_on IS NULL) AS plan_kept
      FROM collection_case c
      JOIN loan l ON l.id = c.loan_id
      JOIN branch lb ON lb.id = l.branch_id
      LEFT JOIN loan_status s ON s.loan_id = c.loan_id
      LEFT JOIN app_user u ON c.owner_kind = 'collector' AND u.id = c.owner_id
      LEFT JOIN branch ub ON ub.id = u.branch_id
      LEFT JOIN branch tb ON c.owner_kind = 'team' AND tb.id = c.owner_id
      LEFT JOIN collection_agency a ON c.owner_kind = 'agency' AND a.id = c.owner_id
      LEFT JOIN branch ab ON ab.id = a.branch_id
     WHERE (lb.path LIKE ${scope} OR coalesce(ub.path, tb.path, ab.path) LIKE ${scope})
       AND ${q.open ? sql`c.closed_on IS NULL` : sql`true`}
       AND ${owner}
       AND ${q.bucket === undefined ? sql`true` : sql`s.bucket = ${q.bucket}`}
       AND ${q.cursor === undefined ? sql`true` : sql`c.id < ${q.cursor}`}
     ORDER BY c.id DESC
     LIMIT ${q.limit + 1}`.execute(db);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      loanId: r.loan_id,
      loanExternalId: r.external_id,
      branchCode: r.branch_code,
      openedOn: r.opened_on,
      closedOn: r.closed_on,
      closeReason: r.close_reason,
      bucket: r.bucket,
      dpd: r.dpd,
      overdueFen: r.overdue_fen,
      owner: r.owner_kind === null || r.owner_id === null ? null : { kind: r.owner_kind, id: r.owner_id, name: r.owner_name, since: r.owner_since, until: r.owner_until },
      strategyGroup: r.strategy_group,
      segment: r.segment,
      openTasks: r.open_tasks,
      lastContactAt: r.last_contact_at,
      planKept: r.plan_kept,
    })),
    nextCursor: rows.length > q.limit ? String(page[page.length - 1]!.id) : null,
  };
}

interface LoadRow {
  kind: OwnerKind;
  id: number;
  name: string;
  branch_code: string;
  training_valid_until: string | null;
  open_cases: number;
  overdue_fen: number;
  open_tasks: number;
  late_tasks: number;
}

/**
 * Every owner in the subtree with its open cases, their overdue amount and its open tasks (late:
 * past their SLA now), and the open cases nobody owns. A collector is anyone active with the
 * collector role; whether they may take a case today (current training) is shown, and the
 * allocation itself refuses one without it.
 */
export async function caseWorkloads(db: Kysely<DB>, scopePath: string, now: Date) {
  const scope = like(scopePath);
  const at = now.toISOString();
  const { rows } = await sql<LoadRow>`
    WITH owners AS (
      SELECT 'collector'::text AS kind, u.id, u.display_name AS name, b.code AS branch_code, p.training_valid_until::text AS training_valid_until
        FROM app_user u JOIN branch b ON b.id = u.branch_id
        JOIN user_role r ON r.user_id = u.id AND r.role = 'collector'
        LEFT JOIN collector_profile p ON p.user_id = u.id
       WHERE u.active AND b.path LIKE ${scope}
      UNION ALL
      SELECT 'team', b.id, b.code, b.code, NULL FROM branch b WHERE b.kind = 'team' AND b.path LIKE ${scope}
      UNION ALL
      SELECT 'agency', a.id, a.code, b.code, NULL FROM collection_agency a JOIN branch b ON b.id = a.branch_id WHERE a.active AND b.path LIKE ${scope}
    )
    SELECT o.kind, o.id, o.name, o.branch_code, o.training_valid_until,
           count(c.id)::int AS open_cases, coalesce(sum(s.overdue_fen), 0)::bigint AS overdue_fen,
           coalesce(sum(t.open), 0)::int AS open_tasks, coalesce(sum(t.late), 0)::int AS late_tasks
      FROM owners o
      LEFT JOIN collection_case c ON c.closed_on IS NULL AND c.owner_kind = o.kind AND c.owner_id = o.id
      LEFT JOIN loan_status s ON s.loan_id = c.loan_id
      LEFT JOIN LATERAL (SELECT count(*) AS open, count(*) FILTER (WHERE t.due_by < ${at}::timestamptz) AS late
                           FROM collection_task t WHERE t.case_id = c.id AND t.status IN ('open', 'held')) t ON true
     GROUP BY o.kind, o.id, o.name, o.branch_code, o.training_valid_until
     ORDER BY CASE o.kind WHEN 'collector' THEN 0 WHEN 'team' THEN 1 ELSE 2 END, o.branch_code, o.name, o.id`.execute(db);
  const { rows: unowned } = await sql<{ n: number; fen: number }>`
    SELECT count(*)::int AS n, coalesce(sum(s.overdue_fen), 0)::bigint AS fen
      FROM collection_case c JOIN loan l ON l.id = c.loan_id JOIN branch b ON b.id = l.branch_id
      LEFT JOIN loan_status s ON s.loan_id = c.loan_id
     WHERE c.closed_on IS NULL AND c.owner_kind IS NULL AND b.path LIKE ${scope}`.execute(db);
  return {
    owners: rows.map((r) => ({
      kind: r.kind,
      id: r.id,
      name: r.name,
      branchCode: r.branch_code,
      trainingValidUntil: r.training_valid_until,
      openCases: r.open_cases,
      overdueFen: Number(r.overdue_fen),
      openTasks: r.open_tasks,
      lateTasks: r.late_tasks,
    })),
    unowned: { openCases: unowned[0]?.n ?? 0, overdueFen: Number(unowned[0]?.fen ?? 0) },
  };
}
