import { z } from 'zod';
import { centroid, distanceMeters, insidePolygon, isValidPoint, type Point } from './geo.js';

/**
 * GPS tracker (车载 GPS) risk rules, as data: head office lists the rules and their thresholds;
 * this file turns one device's recent events into alerts with evidence. Each alert has a `key`
 * that names the situation, not the run, so evaluating the same events again (every close of
 * business, or after a late batch) raises nothing new.
 *
 * Instants are epoch milliseconds (UTC), as trackers report them; the caller passes `now`.
 */
export const EVENT_KINDS = ['position', 'heartbeat', 'power_cut', 'tamper', 'offline'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface TelematicsEvent {
  eventId: string;
  deviceId: string;
  at: number;
  kind: EventKind;
  position: Point | null;
}

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

const PointSchema = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).strict();
const Ring = z.array(PointSchema).min(3);
const Base = { code: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/), severity: z.enum(SEVERITIES) };

export const RuleSchema = z.discriminatedUnion('kind', [
  z.object({ ...Base, kind: z.literal('offline'), afterHours: z.number().positive().max(24 * 60) }).strict(),
  z.object({ ...Base, kind: z.literal('tamper'), events: z.array(z.enum(['power_cut', 'tamper'])).min(1) }).strict(),
  z
    .object({
      ...Base,
      kind: z.literal('stationary_far'),
      days: z.number().int().min(1).max(90),
      /** every fix within this distance of their centre counts as not moving */
      radiusMeters: z.number().positive().max(5000),
      /** farther than this from both the declared home and work address */
      farMeters: z.number().positive(),
      minFixes: z.number().int().min(2).max(1000),
    })
    .strict(),
  z
    .object({
      ...Base,
      kind: z.literal('geofence_enter'),
      zones: z.array(z.object({ code: z.string().min(1), nameZh: z.string().min(1), nameEn: z.string().min(1), category: z.enum(['pawnshop', 'used_car_market', 'border', 'other']), ring: Ring }).strict()).min(1),
    })
    .strict(),
  z.object({ ...Base, kind: z.literal('region_exit'), regions: z.array(z.object({ code: z.string().min(1), ring: Ring }).strict()).min(1) }).strict(),
]);
export type Rule = z.infer<typeof RuleSchema>;

export interface DeviceContext {
  deviceId: string;
  home: Point | null;
  work: Point | null;
  /** the last event before `events`, if any: where the car was when the window opened */
  before: TelematicsEvent | null;
  /** the device's events in the window, any order */
  events: readonly TelematicsEvent[];
  now: number;
}

export interface Alert {
  key: string;
  rule: string;
  kind: Rule['kind'];
  severity: Severity;
  deviceId: string;
  /** when the situation began (or was first seen) */
  at: number;
  evidence: Record<string, unknown>;
  zh: string;
  en: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function offline(rule: Extract<Rule, { kind: 'offline' }>, c: DeviceContext, sorted: TelematicsEvent[]): Alert[] {
  // the vendor's own "offline" notice is not a sign of life
  const alive = [...(c.before ? [c.before] : []), ...sorted].filter((e) => e.kind !== 'offline');
  const last = alive.at(-1);
  if (last === undefined) return [];
  const silentMs = c.now - last.at;
  if (silentMs <= rule.afterHours * HOUR) return [];
  const hours = Math.floor(silentMs / HOUR);
  return [
    {
      key: `${rule.code}/${c.deviceId}/${last.at}`,
      rule: rule.code,
      kind: rule.kind,
      severity: rule.severity,
      deviceId: c.deviceId,
      at: last.at + rule.afterHours * HOUR,
      evidence: { lastEventId: last.eventId, lastEventAt: last.at, silentHours: hours },
      zh: `设备已离线 ${hours} 小时（超过 ${rule.afterHours} 小时）`,
      en: `device silent for ${hours} h (over ${rule.afterHours} h)`,
    },
  ];
}

function tamper(rule: Extract<Rule, { kind: 'tamper' }>, c: DeviceContext, sorted: TelematicsEvent[]): Alert[] {
  return sorted
    .filter((e) => (rule.events as string[]).includes(e.kind))
    .map((e) => ({
      key: `${rule.code}/${e.eventId}`,
      rule: rule.code,
      kind: rule.kind,
      severity: rule.severity,
      deviceId: c.deviceId,
      at: e.at,
      evidence: { eventId: e.eventId, event: e.kind, position: e.position },
      zh: e.kind === 'power_cut' ? '设备断电' : '设备被拆除或破坏',
      en: e.kind === 'power_cut' ? 'power cut to the tracker' : 'tracker tampered with',
    }));
}

function stationaryFar(rule: Extract<Rule, { kind: 'stationary_far' }>, c: DeviceContext, sorted: TelematicsEvent[]): Alert[] {
  const anchors = [c.home, c.work].filter((p): p is Point => p !== null);
  if (anchors.length === 0) return [];
  const from = c.now - rule.days * DAY;
  const before = [...(c.before ? [c.before] : []), ...sorted].filter((e) => e.position !== null && e.at <= from).at(-1);
  // the car must be seen at the start of the window, or nobody knows it stood there all along
  if (before === undefined) return [];
  const fixes = [before, ...sorted.filter((e) => e.position !== null && e.at > from && e.at <= c.now)].map((e) => e.position!);
  if (fixes.length < rule.minFixes) return [];
  const centre = centroid(fixes);
  if (fixes.some((p) => distanceMeters(p, centre) > rule.radiusMeters)) return [];
  const nearest = Math.min(...anchors.map((a) => distanceMeters(a, centre)));
  if (nearest <= rule.farMeters) return [];
  const km = Math.round(nearest / 1000);
  return [
    {
      key: `${rule.code}/${c.deviceId}/${centre.lat.toFixed(3)},${centre.lng.toFixed(3)}`,
      rule: rule.code,
      kind: rule.kind,
      severity: rule.severity,
      deviceId: c.deviceId,
      at: before.at,
      evidence: { centre, fixes: fixes.length, nearestDeclaredKm: km, sinceAt: before.at },
      zh: `车辆已在距登记住址/单位 ${km} 公里处停放超过 ${rule.days} 天`,
      en: `vehicle parked ${km} km from the declared home and work for over ${rule.days} days`,
    },
  ];
}

function geofenceEnter(rule: Extract<Rule, { kind: 'geofence_enter' }>, c: DeviceContext, sorted: TelematicsEvent[]): Alert[] {
  const alerts: Alert[] = [];
  for (const zone of rule.zones) {
    let wasInside = c.before?.position ? insidePolygon(c.before.position, zone.ring) : false;
    for (const e of sorted) {
      if (e.position === null) continue;
      const inside = insidePolygon(e.position, zone.ring);
      if (inside && !wasInside) {
        alerts.push({
          key: `${rule.code}/${zone.code}/${e.eventId}`,
          rule: rule.code,
          kind: rule.kind,
          severity: rule.severity,
          deviceId: c.deviceId,
          at: e.at,
          evidence: { zone: zone.code, category: zone.category, eventId: e.eventId, position: e.position },
          zh: `车辆进入风险区域：${zone.nameZh}`,
          en: `vehicle entered a risk zone: ${zone.nameEn}`,
        });
      }
      wasInside = inside;
    }
  }
  return alerts;
}

function regionExit(rule: Extract<Rule, { kind: 'region_exit' }>, c: DeviceContext, sorted: TelematicsEvent[]): Alert[] {
  const inRegion = (p: Point) => rule.regions.some((r) => insidePolygon(p, r.ring));
  const alerts: Alert[] = [];
  let wasIn = c.before?.position ? inRegion(c.before.position) : true;
  for (const e of sorted) {
    if (e.position === null) continue;
    const now = inRegion(e.position);
    if (!now && wasIn) {
      alerts.push({
        key: `${rule.code}/${e.eventId}`,
        rule: rule.code,
        kind: rule.kind,
        severity: rule.severity,
        deviceId: c.deviceId,
        at: e.at,
        evidence: { eventId: e.eventId, position: e.position },
        zh: '车辆驶出允许行驶区域',
        en: 'vehicle left the allowed region',
      });
    }
    wasIn = now;
  }
  return alerts;
}

/** Every alert the rules raise for one device; positions that are not valid coordinates are ignored. */
export function evaluateDevice(rules: readonly Rule[], c: DeviceContext): Alert[] {
  const sorted = c.events
    .filter((e) => e.deviceId === c.deviceId)
    .map((e) => (e.position !== null && !isValidPoint(e.position) ? { ...e, position: null } : e))
    .sort((a, b) => a.at - b.at || (a.eventId < b.eventId ? -1 : 1));
  return rules.flatMap((rule) => {
    switch (rule.kind) {
      case 'offline':
        return offline(rule, c, sorted);
      case 'tamper':
        return tamper(rule, c, sorted);
      case 'stationary_far':
        return stationaryFar(rule, c, sorted);
      case 'geofence_enter':
        return geofenceEnter(rule, c, sorted);
      case 'region_exit':
        return regionExit(rule, c, sorted);
    }
  });
}

/** Head office's starter rules; geofences and regions are filled in per lender. */
export const DEFAULT_RULES: Rule[] = [
  { code: 'offline-72h', kind: 'offline', severity: 'high', afterHours: 72 },
  { code: 'tamper', kind: 'tamper', severity: 'critical', events: ['power_cut', 'tamper'] },
  { code: 'parked-far', kind: 'stationary_far', severity: 'medium', days: 7, radiusMeters: 500, farMeters: 50_000, minFixes: 3 },
];
