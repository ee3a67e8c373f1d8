import { createRoute, z } from '@hono/zod-openapi';
import { requirePermission } from '../../api/access.js';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, IdParam, json, jsonBody } from '../../api/schemas.js';
import { auditWhoOf } from '../audit/record.js';
import { borrowerBranchPath } from '../borrowers/facts.js';
import { vehicleBranchPath } from '../collateral/scope.js';
import { ingestEvents } from './ingest.js';
import { borrowerLocations, recordLocation } from './locations.js';
import { listTelematicsAlerts, vehicleTrack } from './reads.js';
import { listRules, putRule } from './rules-store.js';
import { AlertQuery, EventBatch, IngestReply, Location, LocationPost, RuleCodeParam, RulePut, RuleView, TelematicsAlert, TrackPoint, TrackQuery } from './schemas.js';

const tags = ['telematics'];
const WEEK_MS = 7 * 86_400_000;

export function registerTelematicsRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/telematics/events',
      tags,
      summary: 'GPS 事件上报 A GPS vendor posts a batch of events (position, heartbeat, power cut, tamper, offline); idempotent by the vendor’s event id; each bad item is refused by name, the rest stored',
      description: 'Authenticate with an API token scoped to telematics.ingest (`daihou token create --username U --name VENDOR --scope telematics.ingest`).',
      request: { body: jsonBody(EventBatch) },
      responses: { 200: json(IngestReply, 'What was stored, what repeated, what was refused and why'), ...errorResponses },
    }),
    // vendor data about devices, not any branch's: the token's permission is the whole check
    { kind: 'global', permission: 'telematics.ingest' },
    async (c) => {
      const { events } = c.req.valid('json');
      const deps = c.get('deps');
      return c.json(await ingestEvents(deps.db, events, deps.clock.now().getTime(), c.get('lang')), 200);
    },
  );

  addRoute(
    app,
    createRoute({ method: 'get', path: '/api/v1/telematics/rules', tags, summary: 'GPS 规则 The GPS risk rules, geofences and regions', responses: { 200: json(z.object({ items: z.array(RuleView) }), 'Rules'), ...errorResponses } }),
    { kind: 'global', permission: 'loan.read' },
    async (c) => c.json({ items: await listRules(c.get('deps').db) }, 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'put',
      path: '/api/v1/telematics/rules/{code}',
      tags,
      summary: '设置 GPS 规则 Add or replace a rule (offline hours, parked-far distances, a geofence or region list); applies to events evaluated from now on',
      request: { params: RuleCodeParam, body: jsonBody(RulePut) },
      responses: { 200: json(RuleView, 'Stored'), ...errorResponses },
    }),
    // head office's rules: only users scoped at head office change them
    { kind: 'entity', permission: 'risk.configure', branchOf: async () => '/HO/' },
    async (c) => {
      const body = c.req.valid('json');
      return c.json(await putRule(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').code, body.rule, body.active, body.reason), 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/telematics/alerts',
      tags,
      summary: 'GPS 告警 GPS alerts of loans in the caller’s branches, newest first, with severity and evidence',
      request: { query: AlertQuery },
      responses: { 200: json(z.object({ items: z.array(TelematicsAlert), nextCursor: z.string().nullable() }), 'A page of alerts'), ...errorResponses },
    }),
    { kind: 'list', permission: 'loan.read' },
    async (c) => c.json(await listTelematicsAlerts(c.get('deps').db, c.get('actor'), c.req.valid('query')), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/vehicles/{id}/track',
      tags,
      summary: '车辆轨迹 A vehicle’s GPS track for the map (default: the last 7 days), newest first; the read is audited',
      request: { params: IdParam, query: TrackQuery },
      responses: { 200: json(z.object({ vehicleId: z.number().int(), deviceId: z.string().nullable(), points: z.array(TrackPoint) }), 'The track'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'loan.read', branchOf: (c) => vehicleBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const q = c.req.valid('query');
      const toMs = q.to ? Date.parse(q.to) : c.get('deps').clock.now().getTime();
      const fromMs = q.from ? Date.parse(q.from) : toMs - WEEK_MS;
      return c.json(await vehicleTrack(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, { fromMs, toMs, limit: q.limit }), 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/borrowers/{id}/locations',
      tags,
      summary: '住址/单位坐标 Where the borrower declared to live and work, as coordinates (masked to 0.01° unless reveal=true)',
      request: { params: IdParam, query: z.object({ reveal: z.enum(['true', 'false']).default('false') }) },
      responses: { 200: json(z.object({ items: z.array(Location) }), 'Locations, newest first'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'loan.read', branchOf: (c) => borrowerBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const reveal = c.req.valid('query').reveal === 'true';
      if (reveal) requirePermission(c.get('actor'), 'pii.reveal');
      return c.json({ items: await borrowerLocations(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, reveal) }, 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/borrowers/{id}/locations',
      tags,
      summary: '登记坐标 Record the coordinates of the borrower’s declared home or work (the parked-far rule measures from them)',
      request: { params: IdParam, body: jsonBody(LocationPost) },
      responses: { 201: json(Location, 'Recorded'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'fact.record', branchOf: (c) => borrowerBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => c.json(await recordLocation(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, c.req.valid('json')), 201),
  );
}
