import { type Kysely, sql } from 'kysely';
import { pathInScope } from '../../api/access.js';
import type { Actor } from '../../api/context.js';
import type { Lang } from '../../api/i18n.js';
import type { DB } from '../../db/schema.js';
import type { OptionKind } from '../../domain/restructuring/eligibility.js';
import type { RestructureTerms } from '../../domain/restructuring/options.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { csvField } from '../loans/export-columns.js';
import { currentBusinessDate } from '../system/business-date.js';

export interface RestructuredQuery {
  branchId?: number | undefined;
  /** observed: under observation now (default); all: with those whose period was served */
  include?: 'observed' | 'all' | undefined;
}

/** The options a request combined, in the order the form offers them. */
export function optionsOf(terms: RestructureTerms): OptionKind[] {
  const out: OptionKind[] = [];
  if (terms.extensionMonths !== undefined) out.push('extension');
  if (terms.rateReduction !== undefined) out.push('rateReduction');
  if (terms.holiday !== undefined) out.push('holiday');
  if (terms.newTermMonths !== undefined) out.push('reamortise');
  if (terms.capitaliseArrears) out.push('capitaliseArrears');
  if (terms.waivePenalty !== undefined) out.push('waivePenalty');
  return out;
}

const underBranch = (branchId: number) => sql<boolean>`b.path LIKE (SELECT replace(replace(f.path, '_', '\\_'), '%', '\\%') || '%' FROM branch f WHERE f.id = ${branchId})`;

/**
 * Restructured loans (重组贷款) reported apart from the rest of the book, as the classification
 * rules require: each approved restructuring still under observation (or, with include=all, also
 * those served) with its options, dates, the floor it holds and the loan's status on the last
 * close; and a summary of restructured against other active loans in the same scope.
 */
export async function restructuredLoans(db: Kysely<DB>, actor: Actor, q: RestructuredQuery) {
  const [op, pattern] = pathInScope(actor);
  let rows = db
    .selectFrom('restructuring as r')
    .innerJoin('loan as l', 'l.id', 'r.loan_id')
    .innerJoin('branch as b', 'b.id', 'r.branch_id')
    .leftJoin('loan_status as s', 's.loan_id', 'r.loan_id')
    .select([
      'r.id', 'r.loan_id', 'l.external_id', 'b.code', 'r.terms', 'r.comparison', 'r.effective_on', 'r.decided_on', 'r.decided_by', 'r.waived_fen', 'r.extra_months', 'r.from_version', 'r.to_version',
      'r.was_non_performing', 'r.observation_start', 'r.observation_earliest_end', 'r.observation_missed', 'r.observation_ended_on',
      's.dpd', 's.bucket', 's.risk_class', 's.stage', 's.outstanding_principal_fen', 's.as_of',
    ])
    .where('b.path', op, pattern)
    .where('r.status', '=', 'approved')
    .orderBy('r.decided_on', 'desc')
    .orderBy('r.id', 'desc');
  if ((q.include ?? 'observed') === 'observed') rows = rows.where('r.observation_ended_on', 'is', null);
  if (q.branchId !== undefined) rows = rows.where(underBranch(q.branchId));
  const found = await rows.execute();

  let summary = db
    .selectFrom('loan_status as s')
    .innerJoin('branch as b', 'b.id', 's.branch_id')
    .select([
      sql<boolean>`EXISTS (SELECT 1 FROM restructuring r WHERE r.loan_id = s.loan_id AND r.status = 'approved' AND r.observation_ended_on IS NULL)`.as('restructured'),
      sql<number>`count(*)::int`.as('n'),
      sql<string>`coalesce(sum(s.outstanding_principal_fen), 0)::text`.as('principal'),
      sql<string>`coalesce(sum(s.overdue_fen), 0)::text`.as('overdue'),
    ])
    .where('b.path', op, pattern)
    .where('s.closed', '=', false)
    .groupBy(sql`1`);
  if (q.branchId !== undefined) summary = summary.where(underBranch(q.branchId));
  const groups = await summary.execute();
  const group = (restructured: boolean) => {
    const g = groups.find((x) => x.restructured === restructured);
    return { count: g?.n ?? 0, principalFen: Number(g?.principal ?? 0), overdueFen: Number(g?.overdue ?? 0) };
  };

  return {
    asOf: await currentBusinessDate(db),
    summary: { restructured: group(true), rest: group(false) },
    items: found.map((r) => {
      const observed = r.observation_ended_on === null;
      const comparison = (r.comparison ?? {}) as { newMaturity?: string; oldMaturity?: string };
      return {
        restructuringId: r.id,
        loanId: r.loan_id,
        loanExternalId: r.external_id,
        branchCode: r.code,
        options: optionsOf(r.terms as RestructureTerms),
        terms: r.terms,
        effectiveOn: r.effective_on,
        decidedOn: r.decided_on!,
        decidedBy: r.decided_by,
        waivedFen: r.waived_fen,
        extraMonths: r.extra_months,
        oldMaturity: comparison.oldMaturity ?? null,
        newMaturity: comparison.newMaturity ?? null,
        fromVersion: r.from_version,
        toVersion: r.to_version,
        observed,
        observationStart: r.observation_start,
        observationEarliestEnd: r.observation_earliest_end,
        observationMissed: (Array.isArray(r.observation_missed) ? r.observation_missed : []) as string[],
        observationEndedOn: r.observation_ended_on,
        classFloor: observed ? (r.was_non_performing ? ('substandard' as const) : ('special_mention' as const)) : null,
        stageFloor: observed ? (2 as const) : null,
        status: r.as_of === null ? null : { asOf: r.as_of, dpd: r.dpd!, bucket: r.bucket!, riskClass: r.risk_class!, stage: r.stage!, outstandingPrincipalFen: r.outstanding_principal_fen! },
      };
    }),
  };
}

type Item = Awaited<ReturnType<typeof restructuredLoans>>['items'][number];
const text = (v: string | number | null | undefined) => (v === null || v === undefined ? null : { text: String(v) });
const COLUMNS: { header: Record<Lang, string>; value: (r: Item) => ReturnType<typeof csvField> }[] = [
  { header: { 'zh-CN': '贷款编号', 'en-US': 'Loan' }, value: (r) => csvField(text(r.loanExternalId)) },
  { header: { 'zh-CN': '机构', 'en-US': 'Branch' }, value: (r) => csvField(text(r.branchCode)) },
  { header: { 'zh-CN': '重组方式', 'en-US': 'Options' }, value: (r) => csvField(text(r.options.join(' + '))) },
  { header: { 'zh-CN': '变更日', 'en-US': 'Change date' }, value: (r) => csvField(text(r.effectiveOn)) },
  { header: { 'zh-CN': '批准日', 'en-US': 'Approved on' }, value: (r) => csvField(text(r.decidedOn)) },
  { header: { 'zh-CN': '原到期日', 'en-US': 'Old maturity' }, value: (r) => csvField(text(r.oldMaturity)) },
  { header: { 'zh-CN': '新到期日', 'en-US': 'New maturity' }, value: (r) => csvField(text(r.newMaturity)) },
  { header: { 'zh-CN': '减免（元）', 'en-US': 'Waived (yuan)' }, value: (r) => csvField({ fen: r.waivedFen }) },
  { header: { 'zh-CN': '观察期起', 'en-US': 'Observation from' }, value: (r) => csvField(text(r.observationStart)) },
  { header: { 'zh-CN': '最早结束', 'en-US': 'Earliest end' }, value: (r) => csvField(text(r.observationEarliestEnd)) },
  { header: { 'zh-CN': '未按期还款', 'en-US': 'Missed due dates' }, value: (r) => csvField(text(r.observationMissed.join(' '))) },
  { header: { 'zh-CN': '观察期结束', 'en-US': 'Observation ended' }, value: (r) => csvField(text(r.observationEndedOn)) },
  { header: { 'zh-CN': '分类下限', 'en-US': 'Class floor' }, value: (r) => csvField(text(r.classFloor)) },
  { header: { 'zh-CN': '当前分类', 'en-US': 'Class now' }, value: (r) => csvField(text(r.status?.riskClass)) },
  { header: { 'zh-CN': '减值阶段', 'en-US': 'Stage' }, value: (r) => csvField(text(r.status?.stage)) },
  { header: { 'zh-CN': '逾期天数', 'en-US': 'DPD' }, value: (r) => csvField(text(r.status?.dpd)) },
  { header: { 'zh-CN': '剩余本金（元）', 'en-US': 'Principal outstanding (yuan)' }, value: (r) => (r.status ? csvField({ fen: r.status.outstandingPrincipalFen }) : '') },
];

/** The report as CSV (UTF-8 with a byte-order mark, so Excel reads the Chinese); audited like every export. */
export async function restructuredLoansCsv(db: Kysely<DB>, actor: Actor, who: AuditWho, q: RestructuredQuery, lang: Lang) {
  const report = await restructuredLoans(db, actor, q);
  await recordAudit(db, who, { action: 'restructuring.export', entityType: 'restructuring', entityId: null, branchPath: actor.branchPath, after: { filters: q, rows: report.items.length, lang } });
  const lines = [COLUMNS.map((c) => csvField({ text: c.header[lang] })).join(','), ...report.items.map((r) => COLUMNS.map((c) => c.value(r)).join(','))];
  return { asOf: report.asOf, rows: report.items.length, body: `\uFEFF${lines.join('\r\n')}\r\n` };
}
