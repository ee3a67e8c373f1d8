import { type Kysely, sql } from 'kysely';
import { requireInScope } from '../../api/access.js';
import type { Actor } from '../../api/context.js';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { RISK_CLASSES } from '../../domain/delinquency.js';
import { Dec } from '../../domain/money.js';
import { lastMonthEnds } from '../../jobs/eod-portfolio.js';
import type { DashboardBody, LoanListFilterBody } from './schema.js';

/**
 * The dashboard reads only what close of business added up (portfolio_daily for the latest closed
 * date, portfolio_month_end for the trend): a few thousand rows at a million loans. The chosen
 * node is a branch in the caller's subtree (their own by default); its figures cover its subtree.
 */

const TREND_MONTHS = 12;

interface Node {
  id: number;
  code: string;
  name_zh: string;
  name_en: string;
  kind: 'head_office' | 'branch' | 'team';
  path: string;
}

interface Sums {
  loans: number;
  outstanding_principal_fen: number;
  overdue_fen: number;
  penalty_due_fen: number;
  overdue_loans: number;
  overdue_principal_fen: number;
  dpd30_loans: number;
  dpd30_principal_fen: number;
}

interface SliceRow extends Sums {
  dim: 'bucket' | 'class' | 'stage' | 'unit' | 'total';
  bucket: string | null;
  risk_class: string | null;
  stage: number | null;
  unit: number | null;
}

const ZERO: Sums = { loans: 0, outstanding_principal_fen: 0, overdue_fen: 0, penalty_due_fen: 0, overdue_loans: 0, overdue_principal_fen: 0, dpd30_loans: 0, dpd30_principal_fen: 0 };

/** part ÷ whole to 6 places, half-up; null when the whole is nothing. */
export function rate(part: number, whole: number): string | null {
  return whole === 0 ? null : new Dec(part).div(whole).toFixed(6);
}

function figures(s: Sums) {
  return {
    loans: s.loans,
    outstandingPrincipalFen: s.outstanding_principal_fen,
    overdueFen: s.overdue_fen,
    penaltyDueFen: s.penalty_due_fen,
    overdueLoans: s.overdue_loans,
    overduePrincipalFen: s.overdue_principal_fen,
    overdueRate: rate(s.overdue_principal_fen, s.outstanding_principal_fen),
    dpd30Loans: s.dpd30_loans,
    dpd30PrincipalFen: s.dpd30_principal_fen,
    dpd30Rate: rate(s.dpd30_principal_fen, s.outstanding_principal_fen),
  };
}

/** The chosen branch (the caller's own when none is asked for), which must be in the caller's subtree. */
export async function dashboardNode(db: Kysely<DB>, actor: Actor, branchId: number | undefined): Promise<Node> {
  const node = await db.selectFrom('branch').select(['id', 'code', 'name_zh', 'name_en', 'kind', 'path']).where('id', '=', branchId ?? actor.branchId).executeTakeFirst();
  requireInScope(actor, node?.path ?? null);
  return node as Node;
}

const SUMS = sql.raw(
  ['loans', 'outstanding_principal_fen', 'overdue_fen', 'penalty_due_fen', 'overdue_loans', 'overdue_principal_fen', 'dpd30_loans', 'dpd30_principal_fen']
    .map((m) => `coalesce(sum(p.${m}), 0)::bigint AS ${m}`)
    .join(', '),
);

/**
 * The date's figures under the node in one pass: by bucket, by class, by stage, by unit (each
 * branch directly under the node with its own subtree, or the node itself for loans booked at
 * it), and in total.
 */
async function slices(db: Kysely<DB>, node: Node, date: string): Promise<SliceRow[]> {
  const { rows } = await sql<SliceRow>`
    WITH units AS MATERIALIZED (
      SELECT b.id AS branch_id, coalesce(c.id, ${node.id}) AS unit
        FROM branch b LEFT JOIN branch c ON c.parent_id = ${node.id} AND starts_with(b.path, c.path)
       WHERE starts_with(b.path, ${node.path}))
    SELECT CASE WHEN GROUPING(p.bucket) = 0 THEN 'bucket' WHEN GROUPING(p.risk_class) = 0 THEN 'class'
                WHEN GROUPING(p.stage) = 0 THEN 'stage' WHEN GROUPING(u.unit) = 0 THEN 'unit' ELSE 'total' END AS dim,
           p.bucket, p.risk_class, p.stage, u.unit, ${SUMS}
      FROM portfolio_daily p JOIN units u ON u.branch_id = p.branch_id
     WHERE p.business_date = ${date}
     GROUP BY GROUPING SETS ((p.bucket), (p.risk_class), (p.stage), (u.unit), ())`.execute(db);
  return rows;
}

async function trend(db: Kysely<DB>, node: Node, asOf: string | null) {
  const ends = asOf === null ? null : lastMonthEnds(asOf as BusinessDate, TREND_MONTHS);
  let q = db
    .selectFrom('portfolio_month_end as m')
    .innerJoin('branch as b', 'b.id', 'm.branch_id')
    .where(sql<boolean>`starts_with(b.path, ${node.path})`)
    .select([
      'm.month_end',
      sql<number>`sum(m.loans)::bigint`.as('loans'),
      sql<number>`sum(m.outstanding_principal_fen)::bigint`.as('outstanding_principal_fen'),
      sql<number>`sum(m.overdue_principal_fen)::bigint`.as('overdue_principal_fen'),
      sql<number>`sum(m.dpd30_loans)::bigint`.as('dpd30_loans'),
      sql<number>`sum(m.dpd30_principal_fen)::bigint`.as('dpd30_principal_fen'),
    ])
    .groupBy('m.month_end')
    .orderBy('m.month_end', 'desc')
    .limit(TREND_MONTHS);
  if (ends !== null) q = q.where('m.month_end', 'in', ends);
  const rows = await q.execute();
  return rows.reverse().map((r) => ({
    monthEnd: r.month_end,
    loans: r.loans,
    outstandingPrincipalFen: r.outstanding_principal_fen,
    overduePrincipalFen: r.overdue_principal_fen,
    overdueRate: rate(r.overdue_principal_fen, r.outstanding_principal_fen),
    dpd30Loans: r.dpd30_loans,
    dpd30PrincipalFen: r.dpd30_principal_fen,
    dpd30Rate: rate(r.dpd30_principal_fen, r.outstanding_principal_fen),
  }));
}

export async function portfolioDashboard(db: Kysely<DB>, node: Node): Promise<DashboardBody> {
  const latest = await db.selectFrom('portfolio_daily').select((eb) => eb.fn.max('business_date').as('d')).executeTakeFirst();
  const asOf = latest?.d ?? null;
  const [rows, bands, children, months] = await Promise.all([
    asOf === null ? Promise.resolve([]) : slices(db, node, asOf),
    db.selectFrom('delinquency_band').select(['code', 'min_dpd', 'max_dpd']).orderBy('position').execute(),
    db.selectFrom('branch').select(['id', 'code', 'name_zh', 'name_en']).where((eb) => eb.or([eb('parent_id', '=', node.id), eb('id', '=', node.id)])).execute(),
    trend(db, node, asOf),
  ]);
  const find = (dim: SliceRow['dim'], match: (r: SliceRow) => boolean): Sums => rows.find((r) => r.dim === dim && match(r)) ?? ZERO;
  const base: LoanListFilterBody = { branchId: node.id, status: 'active' };

  const units = rows.filter((r) => r.dim === 'unit' && r.loans > 0);
  const byId = new Map(children.map((c) => [c.id, c]));
  const branches = units
    .map((u) => ({ unit: u, branch: byId.get(u.unit ?? 0) }))
    .filter((x): x is { unit: SliceRow; branch: NonNullable<typeof x.branch> } => x.branch !== undefined)
    .sort((a, b) => (a.branch.id === node.id ? -1 : b.branch.id === node.id ? 1 : a.branch.code.localeCompare(b.branch.code)))
    .map(({ unit, branch }) => {
      const own = branch.id === node.id;
      // The list's branchId takes a branch with its subtree: the node's own loans alone are
      // reachable only when no branch under it has loans.
      const filter = own && units.length > 1 ? null : { branchId: branch.id, status: 'active' as const };
      return { branchId: branch.id, code: branch.code, nameZh: branch.name_zh, nameEn: branch.name_en, own, ...figures(unit), filter };
    });

  return {
    asOf,
    node: { id: node.id, code: node.code, nameZh: node.name_zh, nameEn: node.name_en, kind: node.kind },
    totals: { ...figures(find('total', () => true)), filter: base, overdueFilter: { ...base, dpdMin: 1 }, dpd30Filter: { ...base, dpdMin: 31 } },
    aging: bands.map((b) => ({ bucket: b.code, minDpd: b.min_dpd, maxDpd: b.max_dpd, ...figures(find('bucket', (r) => r.bucket === b.code)), filter: { ...base, bucket: b.code } })),
    riskClasses: RISK_CLASSES.map((c) => ({ riskClass: c, ...figures(find('class', (r) => r.risk_class === c)), filter: { ...base, riskClass: c } })),
    stages: [1, 2, 3].map((s) => ({ stage: s, ...figures(find('stage', (r) => r.stage === s)), filter: { ...base, stage: s } })),
    branches,
    trend: months,
  };
}
