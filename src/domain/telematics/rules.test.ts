import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceMeters, insidePolygon, type Point } from './geo.js';
import { DEFAULT_RULES, type DeviceContext, evaluateDevice, type Rule, RuleSchema, type TelematicsEvent } from './rules.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const t0 = Date.UTC(2026, 10, 1, 0, 0, 0);
const home: Point = { lat: 31.2304, lng: 121.4737 }; // 上海 人民广场
let n = 0;
const ev = (at: number, kind: TelematicsEvent['kind'] = 'position', position: Point | null = home): TelematicsEvent => ({ eventId: `e${++n}`, deviceId: 'GPS-1', at, kind, position: kind === 'position' ? position : null });
const ctx = (events: TelematicsEvent[], now: number, extra: Partial<DeviceContext> = {}): DeviceContext => ({ deviceId: 'GPS-1', home, work: null, before: null, events, now, ...extra });
const rule = (code: string) => DEFAULT_RULES.find((r) => r.code === code)!;

describe('geometry', () => {
  it('measures Shanghai to Hangzhou as about 165 km', () => {
    expect(distanceMeters(home, { lat: 30.2741, lng: 120.1551 }) / 1000).toBeCloseTo(164.9, 0);
  });
  it('counts a point on the fence as inside', () => {
    const square = [{ lat: 0, lng: 0 }, { lat: 0, lng: 1 }, { lat: 1, lng: 1 }, { lat: 1, lng: 0 }];
    expect(insidePolygon({ lat: 0.5, lng: 0.5 }, square)).toBe(true);
    expect(insidePolygon({ lat: 0, lng: 0.5 }, square)).toBe(true);
    expect(insidePolygon({ lat: 1.0000001, lng: 0.5 }, square)).toBe(false);
  });
});

describe('offline longer than 72 h', () => {
  const r = [rule('offline-72h')];
  it('is quiet at exactly 72 h and alerts one millisecond later, keyed to the last sign of life', () => {
    const events = [ev(t0), ev(t0 + HOUR, 'heartbeat')];
    expect(evaluateDevice(r, ctx(events, t0 + HOUR + 72 * HOUR))).toEqual([]);
    const [alert] = evaluateDevice(r, ctx(events, t0 + HOUR + 72 * HOUR + 1));
    expect(alert).toMatchObject({ key: `offline-72h/GPS-1/${t0 + HOUR}`, severity: 'high', at: t0 + 73 * HOUR, evidence: { lastEventId: events[1]!.eventId, silentHours: 72 } });
    expect(alert!.zh).toBe('设备已离线 72 小时（超过 72 小时）');
  });
  it("the vendor's offline notice is not a sign of life", () => {
    const events = [ev(t0), ev(t0 + 10 * HOUR, 'offline')];
    expect(evaluateDevice(r, ctx(events, t0 + 72 * HOUR + 1))).toHaveLength(1);
  });
  it('the same silence evaluated again gives the same key', () => {
    const events = [ev(t0)];
    expect(evaluateDevice(r, ctx(events, t0 + 80 * HOUR))[0]!.key).toBe(evaluateDevice(r, ctx(events, t0 + 90 * HOUR))[0]!.key);
  });
});

describe('tamper and power cut', () => {
  it('alerts once per event, critical', () => {
    const events = [ev(t0), ev(t0 + 1, 'power_cut'), ev(t0 + 2, 'tamper'), ev(t0 + 3, 'heartbeat')];
    const alerts = evaluateDevice([rule('tamper')], ctx(events, t0 + 10));
    expect(alerts.map((a) => [a.key, a.severity, a.en])).toEqual([
      [`tamper/${events[1]!.eventId}`, 'critical', 'power cut to the tracker'],
      [`tamper/${events[2]!.eventId}`, 'critical', 'tracker tampered with'],
    ]);
  });
});

describe('parked far from home for 7 days', () => {
  const r = [rule('parked-far')];
  const far: Point = { lat: 30.2741, lng: 120.1551 }; // 杭州, ~165 km away
  const fixes = (from: number, days: number, at: Point) => Array.from({ length: days * 2 + 1 }, (_, i) => ev(from + i * 12 * HOUR, 'position', { lat: at.lat + (i % 3) * 0.0005, lng: at.lng }));
  it('alerts after 7 days standing 165 km away, not after 6', () => {
    const events = fixes(t0, 8, far);
    expect(evaluateDevice(r, ctx(events, t0 + 6 * DAY + 13 * HOUR))).toEqual([]);
    expect(evaluateDevice(r, ctx(events, t0 + 7 * DAY))).toHaveLength(1);
    const [alert] = evaluateDevice(r, ctx(events, t0 + 8 * DAY));
    expect(alert).toMatchObject({ severity: 'medium', evidence: { nearestDeclaredKm: 165 } });
  });
  it('not when parked near the declared work address, nor when it moved more than the radius', () => {
    expect(evaluateDevice(r, ctx(fixes(t0, 8, far), t0 + 8 * DAY, { work: { lat: 30.28, lng: 120.16 } }))).toEqual([]);
    const moved = [...fixes(t0, 8, far), ev(t0 + 5 * DAY, 'position', { lat: far.lat + 0.01, lng: far.lng })];
    expect(evaluateDevice(r, ctx(moved, t0 + 8 * DAY))).toEqual([]);
  });
  it('the far boundary: 50 km is not far, just beyond it is', () => {
    const at = (km: number): Point => ({ lat: home.lat + km / 111.195, lng: home.lng });
    const rr: Rule[] = [{ ...(rule('parked-far') as Extract<Rule, { kind: 'stationary_far' }>), radiusMeters: 1 }];
    const still = (p: Point) => Array.from({ length: 10 }, (_, i) => ev(t0 + i * DAY, 'position', p));
    expect(distanceMeters(home, at(50)) / 1000).toBeCloseTo(50, 2);
    expect(evaluateDevice(rr, ctx(still(at(49.99)), t0 + 9 * DAY))).toEqual([]);
    expect(evaluateDevice(rr, ctx(still(at(50.01)), t0 + 9 * DAY))).toHaveLength(1);
  });
  it('needs to have seen the car at the start of the window', () => {
    expect(evaluateDevice(r, ctx(fixes(t0 + 2 * DAY, 6, far), t0 + 8 * DAY))).toEqual([]);
  });
  it('without a declared address there is nothing to be far from', () => {
    expect(evaluateDevice(r, ctx(fixes(t0, 8, far), t0 + 8 * DAY, { home: null }))).toEqual([]);
  });
});

describe('geofences and the allowed region', () => {
  const market = [{ lat: 31.0, lng: 121.0 }, { lat: 31.0, lng: 121.01 }, { lat: 31.01, lng: 121.01 }, { lat: 31.01, lng: 121.0 }];
  const fence = RuleSchema.parse({ code: 'risk-zones', kind: 'geofence_enter', severity: 'high', zones: [{ code: 'sh-used-market', nameZh: '二手车市场', nameEn: 'used-car market', category: 'used_car_market', ring: market }] });
  const region = RuleSchema.parse({ code: 'stay-in-sh', kind: 'region_exit', severity: 'medium', regions: [{ code: 'sh', ring: [{ lat: 30.6, lng: 120.8 }, { lat: 30.6, lng: 122.0 }, { lat: 31.9, lng: 122.0 }, { lat: 31.9, lng: 120.8 }] }] });
  it('alerts on entering, once per visit, and again on a new visit', () => {
    const inside = { lat: 31.005, lng: 121.005 };
    const events = [ev(t0, 'position', home), ev(t0 + 1, 'position', inside), ev(t0 + 2, 'position', inside), ev(t0 + 3, 'position', home), ev(t0 + 4, 'position', inside)];
    const alerts = evaluateDevice([fence], ctx(events, t0 + 5));
    expect(alerts.map((a) => a.evidence.eventId)).toEqual([events[1]!.eventId, events[4]!.eventId]);
    expect(alerts[0]!.zh).toBe('车辆进入风险区域：二手车市场');
    // already inside before the window: no new entry
    expect(evaluateDevice([fence], ctx(events.slice(2, 3), t0 + 5, { before: events[1]! }))).toEqual([]);
  });
  it('alerts on leaving the allowed region, not while outside', () => {
    const hangzhou = { lat: 30.2741, lng: 120.1551 };
    const events = [ev(t0, 'position', home), ev(t0 + 1, 'position', hangzhou), ev(t0 + 2, 'position', hangzhou)];
    expect(evaluateDevice([region], ctx(events, t0 + 3)).map((a) => a.evidence.eventId)).toEqual([events[1]!.eventId]);
  });
  it('refuses a zone with fewer than three corners or a bad coordinate', () => {
    expect(RuleSchema.safeParse({ code: 'z', kind: 'geofence_enter', severity: 'high', zones: [{ code: 'x', nameZh: 'x', nameEn: 'x', category: 'other', ring: market.slice(0, 2) }] }).success).toBe(false);
    expect(RuleSchema.safeParse({ code: 'z', kind: 'region_exit', severity: 'high', regions: [{ code: 'x', ring: [...market.slice(0, 2), { lat: 91, lng: 0 }] }] }).success).toBe(false);
  });
});

describe('properties', () => {
  it('evaluation does not depend on the order events arrive in, and repeats give the same keys', () => {
    const rules = [...DEFAULT_RULES, RuleSchema.parse({ code: 'g', kind: 'geofence_enter', severity: 'low', zones: [{ code: 'z', nameZh: 'z', nameEn: 'z', category: 'other', ring: [{ lat: 31.2, lng: 121.4 }, { lat: 31.2, lng: 121.5 }, { lat: 31.3, lng: 121.5 }] }] })];
    const arb = fc.array(fc.record({ dt: fc.integer({ min: 0, max: 10 * DAY }), kind: fc.constantFrom('position', 'heartbeat', 'power_cut', 'tamper', 'offline' as const), dLat: fc.double({ min: -0.2, max: 0.2, noNaN: true }), dLng: fc.double({ min: -0.2, max: 0.2, noNaN: true }) }), { maxLength: 30 });
    fc.assert(
      fc.property(arb, (raw) => {
        const events = raw.map((x, i) => ({ eventId: `p${i}`, deviceId: 'GPS-1', at: t0 + x.dt, kind: x.kind, position: x.kind === 'position' ? { lat: home.lat + x.dLat, lng: home.lng + x.dLng } : null }));
        const now = t0 + 11 * DAY;
        const a = evaluateDevice(rules, ctx(events, now)).map((x) => x.key).sort();
        const b = evaluateDevice(rules, ctx([...events].reverse(), now)).map((x) => x.key).sort();
        expect(b).toEqual(a);
        expect(new Set(a).size).toBe(a.length);
      }),
    );
  });
});
