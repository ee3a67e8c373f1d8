import type { Lang, Localized } from '../../api/i18n.js';
import { formatYuan } from '../../domain/money.js';
import type { LoanItem } from './list.js';

/** A cell as it leaves the export: text, a whole number, or money (fen, written as yuan with 2 decimals). */
export type LoanExportCell = { text: string } | { int: number } | { fen: number } | null;

interface Column {
  header: Localized;
  width: number;
  /** Money: a number formatted #,##0.00 in a workbook. */
  money?: boolean;
  value: (row: LoanItem, lang: Lang) => LoanExportCell;
}

const t = (zh: string, en: string): Localized => ({ 'zh-CN': zh, 'en-US': en });
const text = (value: string | null): LoanExportCell => (value === null ? null : { text: value });
const int = (value: number | null): LoanExportCell => (value === null ? null : { int: value });
const fen = (value: number | null): LoanExportCell => (value === null ? null : { fen: value });

const STATUS: Record<string, Localized> = { active: t('正常还款中', 'active'), paid_off: t('已结清', 'paid off'), written_off: t('已核销', 'written off') };
const RISK_CLASS: Record<string, Localized> = {
  normal: t('正常', 'normal'),
  special_mention: t('关注', 'special mention'),
  substandard: t('次级', 'substandard'),
  doubtful: t('可疑', 'doubtful'),
  loss: t('损失', 'loss'),
};
const METHOD: Record<string, Localized> = {
  'annuity': t('等额本息', 'annuity'),
  'equal-principal': t('等额本金', 'equal principal'),
  'interest-only': t('先息后本', 'interest only'),
  'balloon': t('尾款贷', 'balloon'),
};
const named = (names: Record<string, Localized>, code: string | null, lang: Lang): LoanExportCell => (code === null ? null : text(names[code]?.[lang] ?? code));

/** The columns of a loans export, in order; headers and coded values in the request's language. */
export const EXPORT_COLUMNS: readonly Column[] = [
  { header: t('贷款编号', 'Loan ID'), width: 18, value: (r) => text(r.externalId) },
  { header: t('机构', 'Branch'), width: 10, value: (r) => text(r.branchCode) },
  { header: t('借款人', 'Borrower'), width: 12, value: (r) => text(r.borrowerName) },
  { header: t('产品', 'Product'), width: 16, value: (r, lang) => text(r.productName[lang]) },
  { header: t('贷款本金(元)', 'Principal (CNY)'), width: 16, money: true, value: (r) => fen(r.principalFen) },
  { header: t('剩余本金(元)', 'Outstanding principal (CNY)'), width: 16, money: true, value: (r) => fen(r.outstandingPrincipalFen) },
  { header: t('逾期本息(元)', 'Overdue principal and interest (CNY)'), width: 16, money: true, value: (r) => fen(r.overdueFen) },
  { header: t('未还罚息(元)', 'Penalty interest due (CNY)'), width: 14, money: true, value: (r) => fen(r.penaltyDueFen) },
  { header: t('年利率', 'Annual rate'), width: 10, value: (r) => text(r.annualRate.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')) },
  { header: t('期限(月)', 'Term (months)'), width: 10, value: (r) => int(r.termMonths) },
  { header: t('还款方式', 'Repayment method'), width: 14, value: (r, lang) => named(METHOD, r.method, lang) },
  { header: t('放款日', 'Disbursed on'), width: 12, value: (r) => text(r.disbursementDate) },
  { header: t('状态', 'Status'), width: 12, value: (r, lang) => named(STATUS, r.status, lang) },
  { header: t('逾期天数', 'DPD'), width: 10, value: (r) => int(r.dpd) },
  { header: t('逾期阶段', 'Bucket'), width: 10, value: (r) => text(r.bucket) },
  { header: t('五级分类', 'Risk class'), width: 14, value: (r, lang) => named(RISK_CLASS, r.riskClass, lang) },
  { header: t('减值阶段', 'IFRS 9 stage'), width: 10, value: (r) => int(r.stage) },
  { header: t('状态日期', 'Status as of'), width: 12, value: (r) => text(r.statusAsOf) },
  { header: t('客户经理', 'Loan officer'), width: 14, value: (r) => text(r.officerName) },
];

/**
 * A text cell that a spreadsheet would read as a formula (=, +, -, @, or a leading tab or CR) is
 * prefixed with an apostrophe: names and ids come from imports and must not run in Excel.
 */
export function defuse(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
export function csvField(cell: LoanExportCell): string {
  if (cell === null) return '';
  if ('int' in cell) return String(cell.int);
  if ('fen' in cell) return formatYuan(cell.fen);
  const value = defuse(cell.text);
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
