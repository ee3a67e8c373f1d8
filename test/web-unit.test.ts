import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, permissionsOf } from '../src/domain/access.js';
import { loginPath, reasonOf, safeNext } from '../web/src/auth/paths.js';
import { formatFen, formatRate, parseYuanToFen } from '../web/src/format.js';
import { translate } from '../web/src/i18n/translate.js';
import { baseEn } from '../web/src/locales/base.en-US.js';
import { baseZh } from '../web/src/locales/base.zh-CN.js';
import { enUS } from '../web/src/locales/en-US.js';
import { zhCN } from '../web/src/locales/zh-CN.js';
import { exportQuery, loanQueryToParams, loansLink, parseLoanQuery } from '../web/src/loans/filters.js';
import { homePath, NAV, visibleNav } from '../web/src/nav.js';

describe('locales', () => {
  it('zh-CN and en-US have exactly the same keys, none empty', () => {
    expect(Object.keys(enUS).sort()).toEqual(Object.keys(zhCN).sort());
    for (const [key, text] of [...Object.entries(zhCN), ...Object.entries(enUS)]) expect(text.trim(), key).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    const holes = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) expect(holes(enUS[key]), key).toEqual(holes(zhCN[key]));
  });

  it('name every role and permission of src/domain/access.ts (the roles page shows them all)', () => {
    const keys = new Set(Object.keys(zhCN));
    const missing = [...ROLES.map((r) => `role.${r}`), ...PERMISSIONS.map((p) => `permission.${p}`)].filter((k) => !keys.has(k));
    expect(missing, 'add these keys to web/src/locales/zh-CN.ts and en-US.ts').toEqual([]);
  });

  it('ship every menu label with the sign-in page, so the layout never shows a key before the areas load', () => {
    const base = new Set(Object.keys(baseZh));
    const groups = [...new Set(NAV.flatMap((i) => (i.group && i.group !== 'admin' ? [`nav.group.${i.group}`] : [])))];
    expect([...NAV.map((i) => i.label), ...groups].filter((k) => !base.has(k))).toEqual([]);
    expect(Object.keys(baseEn).sort()).toEqual([...base].sort());
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh-CN', 'common.total', { n: '1,234' })).toBe('共 1,234 条');
    expect(translate('en-US', 'common.total', { n: 7 })).toBe('7 in all');
    expect(translate('en-US', 'common.total')).toBe('{n} in all');
  });
});

describe('money and rates', () => {
  it('shows fen as yuan with thousands separators, exactly', () => {
    expect(formatFen(123456)).toBe('¥1,234.56');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(-100)).toBe('-¥1.00');
    expect(formatFen(123456789012)).toBe('¥1,234,567,890.12');
    expect(formatFen(Number.MAX_SAFE_INTEGER)).toBe('¥90,071,992,547,409.91');
    expect(formatFen(null)).toBe('—');
  });

  it('reads typed yuan into fen without float error', () => {
    expect(parseYuanToFen('1,234.56')).toBe(123456);
    expect(parseYuanToFen('¥0.1')).toBe(10);
    expect(parseYuanToFen('0.29')).toBe(29); // 0.29 * 100 is 28.999999999999996 as a float
    expect(parseYuanToFen('1.005')).toBeNull();
    expect(parseYuanToFen('-1')).toBeNull();
    expect(parseYuanToFen('abc')).toBeNull();
  });

  it('shows a decimal annual rate as a percentage', () => {
    expect(formatRate('0.0588')).toBe('5.88%');
    expect(formatRate('0.12')).toBe('12%');
    expect(formatRate('0.123456')).toBe('12.3456%');
    expect(formatRate('0')).toBe('0%');
  });
});

describe('navigation by role', () => {
  const navOf = (...roles: (typeof ROLES)[number][]) => visibleNav([...permissionsOf(roles)]).map((i) => i.path);

  it('shows a collector the loan, collections and read-only risk pages, an admin everything', () => {
    expect(navOf('collector')).toEqual([
      '/dashboard', '/loans', '/collections/queue', '/collections/coverage', '/collections/champion-challenger',
      '/risk/alerts', '/risk/ltv', '/risk/models', '/risk/score-distribution', '/restructuring/report',
    ]);
    expect(navOf('followup_agent')).toEqual(['/dashboard', '/loans', '/followups', '/followups/kpis', '/risk/alerts', '/risk/ltv', '/risk/models', '/risk/score-distribution', '/restructuring/report']);
    expect(navOf('admin')).toEqual([
      '/dashboard', '/loans', '/collections/queue', '/collections/board', '/collections/coverage', '/collections/strategies', '/collections/champion-challenger',
      '/followups', '/followups/amendments', '/followups/qa', '/followups/kpis', '/risk/alerts', '/risk/ltv', '/risk/indicators', '/risk/models', '/risk/score-distribution',
      '/restructuring/inbox', '/restructuring/report', '/restructuring/limits', '/admin/users', '/admin/branches', '/admin/roles', '/admin/eod-runs', '/admin/tokens', '/admin/audit',
    ]);
    // the auditor reads everything and changes nothing: no queue, board, strategy editor, inbox or limits
    expect(navOf('auditor')).toEqual([
      '/dashboard', '/loans', '/collections/coverage', '/collections/champion-challenger', '/followups/kpis', '/risk/ltv', '/risk/models', '/risk/score-distribution',
      '/restructuring/report', '/admin/users', '/admin/branches', '/admin/roles', '/admin/audit',
    ]);
  });

  it('lands every role on a page it may see', () => {
    for (const role of ROLES) expect(navOf(role)).toContain(homePath([...permissionsOf([role])]));
  });
});

describe('sign-in redirects', () => {
  it('carries where the user was and why', () => {
    expect(loginPath('expired', '/loans?bucket=M2')).toBe('/login?reason=expired&next=%2Floans%3Fbucket%3DM2');
    expect(loginPath(null, '/')).toBe('/login');
    expect(reasonOf('expired')).toBe('expired');
    expect(reasonOf('bogus')).toBeNull();
  });

  it('never follows a next that leaves the app', () => {
    expect(safeNext('/loans/3')).toBe('/loans/3');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});

describe('loans list filters in the URL', () => {
  it('reads every filter, sort and page the API takes, and drops what is malformed', () => {
    const q = parseLoanQuery(new URLSearchParams('branchId=3&product=new_car&status=active&officerUserId=9&bucket=M1,M2&riskClass=substandard&stage=2,3&dpdMin=31&dpdMax=90&sort=dpd&order=desc&cursor=abc&limit=20'));
    expect(q).toEqual({ branchId: 3, product: 'new_car', status: 'active', officerUserId: 9, bucket: 'M1,M2', riskClass: 'substandard', stage: '2,3', dpdMin: 31, dpdMax: 90, sort: 'dpd', order: 'desc', cursor: 'abc', limit: 20 });
    expect(parseLoanQuery(new URLSearchParams('branchId=x&status=bogus&bucket=M1;drop&sort=name&order=up&limit=9999&dpdMin=-1&other=1'))).toEqual({});
  });

  it('writes a query back to the same URL, leaving out what is empty', () => {
    const params = new URLSearchParams('bucket=M2&dpdMin=31&sort=dpd&order=desc');
    expect(loanQueryToParams(parseLoanQuery(params)).toString()).toBe('bucket=M2&dpdMin=31&sort=dpd&order=desc');
    expect(loanQueryToParams({ product: '', bucket: undefined }).toString()).toBe('');
  });

  it('links a dashboard figure to the loans behind it', () => {
    expect(loansLink({ branchId: 2, status: 'active', dpdMin: 31 })).toBe('/loans?branchId=2&status=active&dpdMin=31');
    expect(loansLink({ bucket: 'M7+', riskClass: 'loss', stage: 3 })).toBe('/loans?bucket=M7%2B&riskClass=loss&stage=3');
    expect(loansLink({})).toBe('/loans');
  });

  it('exports the same filters and order without paging', () => {
    expect(exportQuery({ bucket: 'M1', sort: 'dpd', order: 'desc', cursor: 'abc', limit: 20 }, 'xlsx')).toEqual({ bucket: 'M1', sort: 'dpd', order: 'desc', format: 'xlsx' });
  });
});
