import type { Fixtures } from '../support/access-check.js';
import { makeLoan } from '../support/loans.js';
import { unique, type World } from '../support/world.js';

/**
 * Access probes of the collateral, telematics and early-warning routes (merged into
 * test/access-fixtures.ts), each aimed at data of branch SH.
 */
const shVehicle = async (w: World) => {
  const loanId = await makeLoan({ db: w.db } as never, w.branches.SH.id);
  const { vehicle_id } = await w.db.selectFrom('loan_collateral').select('vehicle_id').where('loan_id', '=', loanId).executeTakeFirstOrThrow();
  return { loanId, vehicleId: vehicle_id };
};

const shBorrower = async (w: World) => {
  const { loanId } = await shVehicle(w);
  return (await w.db.selectFrom('loan').select('borrower_id').where('id', '=', loanId).executeTakeFirstOrThrow()).borrower_id;
};

const shLien = async (w: World) => {
  const { loanId, vehicleId } = await shVehicle(w);
  const lien = await w.db.insertInto('vehicle_lien').values({ vehicle_id: vehicleId, loan_id: loanId, authority: '上海车管所', certificate_no: unique('C'), registered_on: '2025-01-02', recorded_by: 'probe' }).returning('id').executeTakeFirstOrThrow();
  return lien.id;
};

const shWarning = async (w: World) => {
  const { loanId } = await shVehicle(w);
  const row = await w.db
    .insertInto('warning_alert')
    .values({ indicator_code: 'first-payment-default', indicator_version: 1, loan_id: loanId, branch_id: w.branches.SH.id, severity: 'high', raised_on: '2026-01-02', last_true_on: '2026-01-02', evidence: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
};

const probeIndicator = { code: 'probe-indicator', nameZh: '探针', nameEn: 'Probe', expression: 'dpd >= 999', severity: 'low', effectiveFrom: '2099-01-01' };

const listsSh = (b: { items: Array<{ branchCode: string }> }) => b.items.some((x) => x.branchCode === 'SH');

export const riskFixtures: Fixtures = {
  'GET /api/v1/vehicles/{id}/valuations': async (w) => ({ path: `/api/v1/vehicles/${(await shVehicle(w)).vehicleId}/valuations` }),
  'POST /api/v1/vehicles/{id}/appraisals': async (w) => ({ path: `/api/v1/vehicles/${(await shVehicle(w)).vehicleId}/appraisals`, body: { valueFen: 9_000_000, source: '第三方评估', appraisedOn: '2025-01-02' } }),
  'GET /api/v1/vehicles/{id}/liens': async (w) => ({ path: `/api/v1/vehicles/${(await shVehicle(w)).vehicleId}/liens` }),
  'POST /api/v1/vehicles/{id}/liens': async (w) => ({ path: `/api/v1/vehicles/${(await shVehicle(w)).vehicleId}/liens`, body: { authority: '上海车管所', certificateNo: unique('C'), registeredOn: '2025-01-02' } }),
  'POST /api/v1/liens/{id}/release': async (w) => ({ path: `/api/v1/liens/${await shLien(w)}/release`, body: { releasedOn: '2025-02-01', note: '已结清 paid off' } }),
  'GET /api/v1/vehicles/{id}/insurance': async (w) => ({ path: `/api/v1/vehicles/${(await shVehicle(w)).vehicleId}/insurance` }),
  'POST /api/v1/vehicles/{id}/insurance': async (w) => ({
    path: `/api/v1/vehicles/${(await shVehicle(w)).vehicleId}/insurance`,
    body: { insurer: '人保财险', policyNo: unique('P'), kind: 'compulsory', startsOn: '2025-01-01', endsOn: '2025-12-31' },
  }),
  'GET /api/v1/valuation-fits': async () => ({ path: '/api/v1/valuation-fits' }),
  'GET /api/v1/market-index': async () => ({ path: '/api/v1/market-index' }),
  'PUT /api/v1/market-index/{segment}/{month}': async () => ({ path: '/api/v1/market-index/suv/2099-01', body: { points: 100, reason: '指数 probe' } }),
  'GET /api/v1/ltv-thresholds': async () => ({ path: '/api/v1/ltv-thresholds' }),
  'PUT /api/v1/ltv-thresholds/{product}': async () => ({ path: '/api/v1/ltv-thresholds/new_car', body: { thresholdBp: 10_000, reason: '阈值 probe' } }),
  'GET /api/v1/collateral/alerts': async (w) => {
    const { loanId, vehicleId } = await shVehicle(w);
    await w.db
      .insertInto('collateral_alert')
      .values({ key: unique('probe/'), kind: 'uninsured', severity: 'high', vehicle_id: vehicleId, loan_id: loanId, branch_id: w.branches.SH.id, raised_on: '2025-01-02', evidence: '{}', message_zh: '探针', message_en: 'probe' })
      .execute();
    return { path: '/api/v1/collateral/alerts?limit=500', leaks: listsSh };
  },
  'GET /api/v1/collateral/tasks': async (w) => {
    const { loanId, vehicleId } = await shVehicle(w);
    await w.db.insertInto('collateral_task').values({ key: unique('probe/'), kind: 'lien_release', vehicle_id: vehicleId, loan_id: loanId, branch_id: w.branches.SH.id, created_on: '2025-01-02' }).execute();
    return { path: '/api/v1/collateral/tasks?limit=500', leaks: listsSh };
  },

  'POST /api/v1/telematics/events': async () => ({ path: '/api/v1/telematics/events', body: { events: [{ eventId: unique('E'), deviceId: 'GPS-PROBE', at: '2026-01-01T08:00:00+08:00', kind: 'heartbeat' }] } }),
  'GET /api/v1/telematics/rules': async () => ({ path: '/api/v1/telematics/rules' }),
  'PUT /api/v1/telematics/rules/{code}': async () => ({ path: '/api/v1/telematics/rules/probe-offline', body: { rule: { code: 'probe-offline', kind: 'offline', severity: 'low', afterHours: 1000 }, active: false, reason: '规则 probe' } }),
  'GET /api/v1/telematics/alerts': async (w) => {
    const { loanId, vehicleId } = await shVehicle(w);
    await w.db
      .insertInto('telematics_alert')
      .values({ key: unique('probe/'), rule_code: 'tamper', kind: 'tamper', severity: 'critical', device_id: 'GPS-PROBE', vehicle_id: vehicleId, loan_id: loanId, branch_id: w.branches.SH.id, at: '2026-01-01T00:00:00Z', evidence: '{}', message_zh: '探针', message_en: 'probe' })
      .execute();
    return { path: '/api/v1/telematics/alerts?limit=500', leaks: listsSh };
  },
  'GET /api/v1/vehicles/{id}/track': async (w) => ({ path: `/api/v1/vehicles/${(await shVehicle(w)).vehicleId}/track` }),
  'GET /api/v1/borrowers/{id}/locations': async (w) => ({ path: `/api/v1/borrowers/${await shBorrower(w)}/locations` }),
  'POST /api/v1/borrowers/{id}/locations': async (w) => ({ path: `/api/v1/borrowers/${await shBorrower(w)}/locations`, body: { kind: 'home', lat: 31.23, lng: 121.47, source: '地址解析' } }),

  'GET /api/v1/warnings': async (w) => {
    await shWarning(w);
    return { path: '/api/v1/warnings?limit=500', leaks: listsSh };
  },
  'POST /api/v1/warnings/{id}/ack': async (w) => ({ path: `/api/v1/warnings/${await shWarning(w)}/ack`, body: {} }),
  'POST /api/v1/warnings/{id}/resolve': async (w) => ({ path: `/api/v1/warnings/${await shWarning(w)}/resolve`, body: { note: '已处理 handled' } }),
  'GET /api/v1/warning-features': async () => ({ path: '/api/v1/warning-features' }),
  'GET /api/v1/warning-indicators': async () => ({ path: '/api/v1/warning-indicators' }),
  'POST /api/v1/warning-indicators/check': async () => ({ path: '/api/v1/warning-indicators/check', body: probeIndicator }),
  'POST /api/v1/warning-indicators': async () => ({ path: '/api/v1/warning-indicators', body: { ...probeIndicator, reason: '指标 probe' } }),
};
