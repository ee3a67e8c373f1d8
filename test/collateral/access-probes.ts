import type { Fixtures } from '../support/access-check.js';
import { makeLoan } from '../support/loans.js';
import { financedVehicle } from './support.js';
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

/** A draft score model (a card stood up by hand: the probes test access, not training). */
const probeModel = async (w: World) => {
  const version = unique('sc-probe-');
  const card = { schema: 'daihou.scorecard/1', version, target: 'probe', trainingData: { file: 'probe', sha256: 'a'.repeat(64), rows: 1, trainRows: 1, holdoutFrom: null }, features: [], grades: [], metrics: { train: { rows: 1, bads: 0, auc: 0.5, ks: 0, gini: 0 }, cvAuc: 0.5, foldAucs: [], holdout: null } };
  const row = await w.db.insertInto('score_model').values({ version, card: JSON.stringify(card), target: 'probe', training_sha256: 'a'.repeat(64), registered_by: 'probe' }).returning('id').executeTakeFirstOrThrow();
  return row.id;
};

/**
 * Head office's control call trains for real, so the database gets a sample it can train on once: 40
 * loans on the book at 2025-01-31, half 30 days behind then and past 60 days by the next month end.
 */
const trainable = new WeakMap<World['db'], Promise<unknown>>();
const trainableBook = (w: World) => {
  const done =
    trainable.get(w.db) ??
    (async () => {
      for (let i = 0; i < 40; i++) {
        const { loanId } = await financedVehicle(w.db, w.branches.SH.id, { disbursed: '2024-06-01' });
        const bad = i % 2 === 0;
        await w.db
          .insertInto('month_end_snapshot')
          .values([
            { month_end: '2025-01-31', loan_id: loanId, dpd: bad ? 30 : 0, bucket: bad ? 'M1' : 'M0', risk_class: 'normal', stage: 1, outstanding_principal_fen: 10_000_000 },
            { month_end: '2025-02-28', loan_id: loanId, dpd: bad ? 58 + (i % 5) * 2 : 0, bucket: bad ? 'M2' : 'M0', risk_class: 'normal', stage: 1, outstanding_principal_fen: 10_000_000 },
            { month_end: '2025-03-31', loan_id: loanId, dpd: bad ? 90 : 0, bucket: bad ? 'M3' : 'M0', risk_class: 'normal', stage: 1, outstanding_principal_fen: 10_000_000 },
          ])
          .execute();
      }
    })();
  trainable.set(w.db, done);
  return done;
};

/** An SH loan with a current score, for the distribution's leak check. */
const shScore = async (w: World) => {
  const { loanId } = await shVehicle(w);
  const modelId = await probeModel(w);
  await w.db.insertInto('loan_score').values({ loan_id: loanId, branch_id: w.branches.SH.id, as_of: '2026-01-02', model_id: modelId, score: 555, grade: 'C', score_30d_ago: null }).execute();
};

/** An SH loan measured at an LTV no other probe uses, with an outstanding principal no BJ loan reaches. */
const SH_LTV_OUTSTANDING = 987_654_321_00;
const shMeasuredLoan = async (w: World) => {
  const { loanId } = await shVehicle(w);
  await w.db
    .insertInto('loan_ltv')
    .values({ loan_id: loanId, as_of: '2026-01-02', outstanding_principal_fen: SH_LTV_OUTSTANDING, value_fen: 1_000_000, ltv_bp: null, branch_id: w.branches.SH.id })
    .onConflict((oc) => oc.column('loan_id').doNothing())
    .execute();
};

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
  'GET /api/v1/ltv-distribution': async (w) => {
    await shMeasuredLoan(w);
    return { path: '/api/v1/ltv-distribution', leaks: (b: { cells: Array<{ outstandingFen: number }> }) => b.cells.some((c) => c.outstandingFen >= SH_LTV_OUTSTANDING) };
  },
  'GET /api/v1/ltv-distribution/loans': async (w) => {
    await shMeasuredLoan(w);
    return { path: '/api/v1/ltv-distribution/loans?band=none&limit=500', leaks: listsSh };
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

  'GET /api/v1/score-models': async () => ({ path: '/api/v1/score-models' }),
  'GET /api/v1/score-models/{id}': async (w) => ({ path: `/api/v1/score-models/${await probeModel(w)}` }),
  'POST /api/v1/score-models': async (w) => {
    await trainableBook(w);
    return { path: '/api/v1/score-models', body: { asOf: '2025-01-31' } };
  },
  'POST /api/v1/score-models/{id}/approve': async (w) => ({ path: `/api/v1/score-models/${await probeModel(w)}/approve`, body: {} }),
  'GET /api/v1/score-distribution': async (w) => {
    await shScore(w);
    return { path: '/api/v1/score-distribution', leaks: listsSh };
  },
};
