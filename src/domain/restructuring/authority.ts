/**
 * Who may approve a restructuring, and how many a branch may grant a month: both data. A request
 * is measured by what it gives away (罚息 and interest waived, in fen) and by how far it pushes
 * the loan (months of extension or holiday); an approver's limit must cover both. Maker and checker
 * are different people, whatever their roles.
 */
export interface RequestSize {
  waivedFen: number;
  extraMonths: number;
}

export interface AuthorityLimit {
  role: string;
  maxWaivedFen: number;
  maxExtraMonths: number;
}

export const DEFAULT_AUTHORITY: readonly AuthorityLimit[] = [
  { role: 'branch_manager', maxWaivedFen: 5_000_000, maxExtraMonths: 6 },
  { role: 'risk_officer', maxWaivedFen: 20_000_000, maxExtraMonths: 12 },
  { role: 'admin', maxWaivedFen: Number.MAX_SAFE_INTEGER, maxExtraMonths: 120 },
];

export type ApprovalCheck = { ok: true; role: string } | { ok: false; code: 'same-person' | 'no-authority' | 'over-limit'; zh: string; en: string };

export function checkApprover(limits: readonly AuthorityLimit[], approver: { userId: number; roles: readonly string[] }, makerUserId: number, size: RequestSize): ApprovalCheck {
  if (approver.userId === makerUserId) return { ok: false, code: 'same-person', zh: '申请人不能审批自己的申请', en: 'the person who made a request cannot approve it' };
  const own = limits.filter((l) => approver.roles.includes(l.role));
  if (own.length === 0) return { ok: false, code: 'no-authority', zh: '您的角色无权审批重组', en: 'none of your roles may approve restructurings' };
  const enough = own.find((l) => size.waivedFen <= l.maxWaivedFen && size.extraMonths <= l.maxExtraMonths);
  if (enough) return { ok: true, role: enough.role };
  const best = own.reduce((a, b) => (b.maxWaivedFen >= a.maxWaivedFen && b.maxExtraMonths >= a.maxExtraMonths ? b : a));
  return {
    ok: false,
    code: 'over-limit',
    zh: `超出审批权限：减免 ${size.waivedFen} 分（上限 ${best.maxWaivedFen}）、延长 ${size.extraMonths} 个月（上限 ${best.maxExtraMonths}），请提交上级审批`,
    en: `over your approval limit: ${size.waivedFen} fen waived (limit ${best.maxWaivedFen}), ${size.extraMonths} months added (limit ${best.maxExtraMonths}); refer it upward`,
  };
}

export interface Quota {
  maxCount: number;
  maxWaivedFen: number;
}

export type QuotaCheck = { ok: true } | { ok: false; zh: string; en: string };

/** A branch's monthly quota counts approved requests; a request that would pass it is refused before it is made. */
export function checkQuota(quota: Quota, used: { count: number; waivedFen: number }, size: RequestSize, month: string): QuotaCheck {
  if (used.count + 1 > quota.maxCount) {
    return { ok: false, zh: `本机构 ${month} 的重组名额已用完（${used.count}/${quota.maxCount} 笔）`, en: `the branch has used its ${month} quota of restructurings (${used.count} of ${quota.maxCount})` };
  }
  if (used.waivedFen + size.waivedFen > quota.maxWaivedFen) {
    const left = Math.max(0, quota.maxWaivedFen - used.waivedFen);
    return { ok: false, zh: `本机构 ${month} 的减免额度不足：剩余 ${left} 分，本次 ${size.waivedFen} 分`, en: `the branch's ${month} waiver quota is short: ${left} fen left, this request ${size.waivedFen} fen` };
  }
  return { ok: true };
}
