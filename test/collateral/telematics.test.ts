import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/domain/telematics/rules.js';
import { issueApiToken } from '../../src/modules/auth/api-tokens.js';
import { runTelematicsForDevices } from '../../src/modules/telematics/evaluate.js';
import { importTelematicsFile } from '../../src/modules/telematics/csv-import.js';
import { describeEachDatabase } from '../support/databases.js';
import { buildWorld, call, type World } from '../support/world.js';
import { financedVehicle } from './support.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// the world's clock reads 2026-11-22T08:00Z; events are a few days before it
const t0 = Date.UTC(2026, 10, 10, 0, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const home = { lat: 31.2304, lng: 121.4737 }; // 上海 人民广场
const hangzhou = { lat: 30.2741, lng: 120.1551 }; // ~165 km away
const square = (lat: number, lng: number, size: number) => [
  { lat, lng },
  { lat, lng: lng + size },
  { lat: lat + size, lng: lng + size },
  { lat: lat + size, lng },
];

describeEachDatabase('telematics', (ctx) => {
  let w: World;
  let vendor: string;
  let risk: string;
  let serial = 0;
  const device = async () => {
    const deviceId = `GPS-T-${process.pid}-${++serial}`;
    const financed = await financedVehicle(w.db, w.branches.BJ.id, { gpsDeviceId: deviceId });
    return { deviceId, ...financed };
  };
  const post = (events: unknown[], token = vendor) => call(w.app, 'POST', '/api/v1/telematics/events', { token, body: { events } });
  const ev = (deviceId: string, eventId: string, at: number, kind = 'position', p: { lat: number; lng: number } | null = home) => ({ eventId, deviceId, at: iso(at), kind, ...(p ? { lat: p.lat, lng: p.lng } : {}) });
  const alerts = async (deviceId: string) => (await w.db.selectFrom('telematics_alert').select(['key', 'rule_code', 'severity', 'evidence', 'at']).where('device_id', '=', deviceId).orderBy('id').execute());

  beforeAll(async () => {
    w = await buildWorld(ctx.database);
    const owner = await w.user('HO', ['admin']);
    vendor = (await issueApiToken(w.db, { userId: null, name: 'test' }, owner.id, 'GPS vendor', ['telematics.ingest'])).token;
    risk = (await w.session('HO', ['risk_officer'])).cookie;
  });

  it('the seeded rules are DEFAULT_RULES', async () => {
    const rows = await w.db.selectFrom('telematics_rule').select('definition').orderBy('code').execute();
    expect(rows.map((r) => r.definition)).toEqual([...DEFAULT_RULES].sort((a, b) => a.code.localeCompare(b.code)));
  });

  describe('ingestion', () => {
    it('a vendor token may post events and nothing else', async () => {
      expect((await call(w.app, 'GET', '/api/v1/loans', { token: vendor })).status).toBe(403);
      const ordinary = (await issueApiToken(w.db, { userId: null, name: 'test' }, (await w.user('HO', ['collector'])).id, 'dialer')).token;
      expect((await post([], ordinary)).status).toBe(403);
    });

    it('stores a batch; repeats are counted as duplicates, bad items refused by name, the rest kept', async () => {
      const { deviceId } = await device();
      const good = [ev(deviceId, 'a1', t0), ev(deviceId, 'a2', t0 + HOUR, 'heartbeat', null), ev(deviceId, 'a3', t0 + 2 * HOUR)];
      const bad = [
        { eventId: 'b1', deviceId, at: '2026-11-10 08:00:00', kind: 'position', lat: 31, lng: 121 },
        { eventId: 'b2', deviceId, at: iso(t0), kind: 'teleport' },
        { eventId: 'b3', deviceId, at: iso(t0), kind: 'position' },
        { eventId: 'b4', deviceId, at: iso(t0), kind: 'position', lat: 91, lng: 121 },
        { eventId: 'b5', deviceId, at: '2026-02-30T08:00:00+08:00', kind: 'heartbeat' },
        { eventId: 'b6', deviceId, at: iso(Date.UTC(2026, 10, 23)), kind: 'heartbeat' },
        'nonsense',
      ];
      const first = await post([...good, good[0], ...bad]);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ received: 11, stored: 3, duplicates: 1, rejected: 7, alerts: 0, unmappedDevices: 0 });
      expect(first.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'events[4].at',
        'events[5].kind',
        'events[6].lat',
        'events[7].lat',
        'events[8].at',
        'events[9].at',
        'events[10]',
      ]);
      expect(first.body.errors[0]).toMatchObject({ index: 4, eventId: 'b1', message: '应为带时区的 ISO-8601 时间（如 2026-11-20T08:30:00+08:00）' });

      // the vendor retries the whole batch: nothing new
      const again = await post(good);
      expect(again.body).toMatchObject({ received: 3, stored: 0, duplicates: 3, rejected: 0 });
      // the same id with other content is refused, not silently dropped
      const changed = await call(w.app, 'POST', '/api/v1/telematics/events?lang=en-US', { token: vendor, body: { events: [{ ...good[0], lat: 30 }] } });
      expect(changed.body).toMatchObject({ stored: 0, duplicates: 0, rejected: 1, errors: [{ field: 'events[0].eventId', message: 'this event id is already stored with different content' }] });
      expect(await w.db.selectFrom('telematics_event').select('event_id').where('device_id', '=', deviceId).orderBy('at').execute()).toEqual([{ event_id: 'a1' }, { event_id: 'a2' }, { event_id: 'a3' }]);
    });

    it('an envelope that is not a batch is refused as a whole', async () => {
      expect((await call(w.app, 'POST', '/api/v1/telematics/events', { token: vendor, body: { events: [] } })).status).toBe(400);
      expect((await call(w.app, 'POST', '/api/v1/telematics/events', { token: vendor, body: [ev('x', 'y', t0)] })).status).toBe(400);
    });

    it('events of a device on no financed vehicle are stored but not evaluated', async () => {
      const reply = await post([ev('GPS-NOBODY', 'n1', t0, 'tamper', null)]);
      expect(reply.body).toMatchObject({ stored: 1, alerts: 0, unmappedDevices: 1 });
    });
  });

  describe('rules at their boundaries, through ingestion', () => {
    it('tamper and power cut: one critical alert per event, however often it is posted', async () => {
      const { deviceId, loanId } = await device();
      const reply = await post([ev(deviceId, 'p1', t0), ev(deviceId, 'p2', t0 + 1, 'power_cut', null), ev(deviceId, 'p3', t0 + 2, 'heartbeat', null)]);
      expect(reply.body.alerts).toBe(1);
      await post([ev(deviceId, 'p2', t0 + 1, 'power_cut', null)]);
      expect(await alerts(deviceId)).toEqual([{ key: 'tamper/p2', rule_code: 'tamper', severity: 'critical', evidence: { eventId: 'p2', event: 'power_cut', position: null }, at: iso(t0 + 1) }]);
      const listed = await call(w.app, 'GET', `/api/v1/telematics/alerts?loanId=${loanId}`, { cookie: risk });
      expect(listed.body.items).toEqual([expect.objectContaining({ ruleCode: 'tamper', severity: 'critical', loanId, branchCode: 'BJ', messageZh: '设备断电', messageEn: 'power cut to the tracker' })]);
    });

    it('entering a risk geofence: a point on the fence counts, one just outside does not', async () => {
      const zone = square(30.0, 120.0, 0.01);
      const put = await call(w.app, 'PUT', '/api/v1/telematics/rules/risk-zones', {
        cookie: risk,
        body: { rule: { code: 'risk-zones', kind: 'geofence_enter', severity: 'high', zones: [{ code: 'pawn-1', nameZh: '某典当行', nameEn: 'A pawnshop', category: 'pawnshop', ring: zone }] }, reason: '新增典当行' },
      });
      expect(put.status).toBe(200);
      const outside = { lat: 29.9, lng: 120.005 };
      const a = await device();
      await post([ev(a.deviceId, 'g1', t0, 'position', outside), ev(a.deviceId, 'g2', t0 + HOUR, 'position', { lat: 30.0, lng: 120.005 })]);
      expect((await alerts(a.deviceId)).map((x) => x.key)).toEqual(['risk-zones/pawn-1/g2']);
      const b = await device();
      await post([ev(b.deviceId, 'h1', t0, 'position', outside), ev(b.deviceId, 'h2', t0 + HOUR, 'position', { lat: 29.9999999, lng: 120.005 })]);
      expect(await alerts(b.deviceId)).toEqual([]);
      // the fix before a batch counts: already inside is no new entry
      await post([ev(b.deviceId, 'h3', t0 + 2 * HOUR, 'position', { lat: 30.005, lng: 120.005 })]);
      await post([ev(b.deviceId, 'h4', t0 + 3 * HOUR, 'position', { lat: 30.006, lng: 120.005 })]);
      expect((await alerts(b.deviceId)).map((x) => x.key)).toEqual(['risk-zones/pawn-1/h3']);
    });

    it('leaving the allowed region: the edge is still inside, just beyond it is out', async () => {
      await call(w.app, 'PUT', '/api/v1/telematics/rules/region', {
        cookie: risk,
        body: { rule: { code: 'region', kind: 'region_exit', severity: 'medium', regions: [{ code: 'east', ring: square(25, 115, 10) }] }, reason: '允许行驶区域' },
      });
      const a = await device();
      await post([ev(a.deviceId, 'r1', t0, 'position', { lat: 28, lng: 120 }), ev(a.deviceId, 'r2', t0 + HOUR, 'position', { lat: 35, lng: 120 })]);
      expect(await alerts(a.deviceId)).toEqual([]);
      await post([ev(a.deviceId, 'r3', t0 + 2 * HOUR, 'position', { lat: 35.0000001, lng: 120 })]);
      expect((await alerts(a.deviceId)).map((x) => x.key)).toEqual(['region/r3']);
      await call(w.app, 'PUT', '/api/v1/telematics/rules/region', { cookie: risk, body: { rule: { code: 'region', kind: 'region_exit', severity: 'medium', regions: [{ code: 'east', ring: square(25, 115, 10) }] }, active: false, reason: '停用' } });
    });

    it('offline: quiet at exactly 72 hours of silence, an alert a millisecond later, keyed to the last sign of life', async () => {
      const { deviceId } = await device();
      await post([ev(deviceId, 'o1', t0), ev(deviceId, 'o2', t0 + HOUR, 'heartbeat', null), ev(deviceId, 'o3', t0 + 2 * HOUR, 'offline', null)]);
      expect(await runTelematicsForDevices(w.db, t0 + HOUR + 72 * HOUR, [deviceId])).toEqual({ devices: 1, alerts: 0 });
      expect(await runTelematicsForDevices(w.db, t0 + HOUR + 72 * HOUR + 1, [deviceId])).toEqual({ devices: 1, alerts: 1 });
      // the daily pass over every device finds the same silence: nothing new
      await runTelematicsForDevices(w.db, new Date(t0 + 100 * HOUR));
      expect(await alerts(deviceId)).toEqual([expect.objectContaining({ key: `offline-72h/${deviceId}/${t0 + HOUR}`, severity: 'high', evidence: { lastEventId: 'o2', lastEventAt: t0 + HOUR, silentHours: 72 } })]);
    });

    it('parked far from the declared home: seen there 7 days is an alert, a millisecond less is not', async () => {
      const { deviceId, borrowerId } = await device();
      const manager = (await w.session('BJ', ['branch_manager'])).cookie;
      expect((await call(w.app, 'POST', `/api/v1/borrowers/${borrowerId}/locations`, { cookie: manager, body: { kind: 'home', ...home, source: '地址解析' } })).status).toBe(201);
      const fixes = Array.from({ length: 17 }, (_, i) => ev(deviceId, `s${i}`, t0 + i * 12 * HOUR, 'position', { lat: hangzhou.lat + (i % 3) * 0.0005, lng: hangzhou.lng }));
      await post(fixes);
      expect((await runTelematicsForDevices(w.db, t0 + 7 * DAY - 1, [deviceId])).alerts).toBe(0);
      expect((await runTelematicsForDevices(w.db, t0 + 7 * DAY, [deviceId])).alerts).toBe(1);
      expect((await runTelematicsForDevices(w.db, t0 + 8 * DAY, [deviceId])).alerts).toBe(0);
      const [alert] = await alerts(deviceId);
      expect(alert).toMatchObject({ rule_code: 'parked-far', severity: 'medium', evidence: { nearestDeclaredKm: 165 } });
      // the declared home is personal data: masked to 0.01° unless revealed
      const masked = await call(w.app, 'GET', `/api/v1/borrowers/${borrowerId}/locations`, { cookie: manager });
      expect(masked.body.items[0]).toMatchObject({ kind: 'home', lat: 31.23, lng: 121.47 });
      const revealed = await call(w.app, 'GET', `/api/v1/borrowers/${borrowerId}/locations?reveal=true`, { cookie: manager });
      expect(revealed.body.items[0]).toMatchObject({ lat: home.lat, lng: home.lng });
    });
  });

  it('the track of a vehicle, newest first, for the map', async () => {
    const { deviceId, vehicleId } = await device();
    await post([ev(deviceId, 'k1', t0), ev(deviceId, 'k2', t0 + HOUR, 'position', hangzhou)]);
    const track = await call(w.app, 'GET', `/api/v1/vehicles/${vehicleId}/track?from=${iso(t0 - DAY)}&to=${iso(t0 + DAY)}`, { cookie: risk });
    expect(track.status).toBe(200);
    expect(track.body).toMatchObject({ vehicleId, deviceId, points: [{ eventId: 'k2', ...hangzhou }, { eventId: 'k1', ...home }] });
  });

  it('imports a vendor CSV: all rows checked first, then written through the same path', async () => {
    const { deviceId } = await device();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daihou-gps-'));
    const file = path.join(dir, 'events.csv');
    fs.writeFileSync(file, `event_id,device_id,at,kind,lat,lng\nc1,${deviceId},${iso(t0)},position,31.2,121.4\nc2,${deviceId},${iso(t0 + 1)},tamper,,\nc3,${deviceId},yesterday,heartbeat,,\n`);
    const bad = await importTelematicsFile(w.db, file, () => Date.UTC(2026, 10, 22));
    expect(bad).toMatchObject({ rows: 3, stored: 0, errors: [{ row: 4, column: 'at', value: 'yesterday' }] });
    fs.writeFileSync(file, `event_id,device_id,at,kind,lat,lng\nc1,${deviceId},${iso(t0)},position,31.2,121.4\nc2,${deviceId},${iso(t0 + 1)},tamper,,\n`);
    expect(await importTelematicsFile(w.db, file, () => Date.UTC(2026, 10, 22))).toMatchObject({ rows: 2, stored: 2, duplicates: 0, alerts: 1, errors: [] });
    expect(await importTelematicsFile(w.db, file, () => Date.UTC(2026, 10, 22))).toMatchObject({ rows: 2, stored: 0, duplicates: 2, alerts: 0 });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
