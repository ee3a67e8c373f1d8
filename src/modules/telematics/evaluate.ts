import { type Kysely, sql } from 'kysely';
import { arrayLiteral } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import type { Point } from '../../domain/telematics/geo.js';
import { type Alert, evaluateDevice, type Rule, type TelematicsEvent } from '../../domain/telematics/rules.js';
import { activeRules } from './rules-store.js';

/**
 * The GPS rules (src/domain/telematics/rules.ts) over stored events, in two passes:
 * - on arrival (`evaluateArrivals`, after each ingested batch): the rules about events — tamper or
 *   power cut, entering a risk zone, leaving the allowed region — over each device's events from
 *   the earliest one that just arrived, with the fix before them (was it already inside?);
 * - over time (`runTelematicsForDevices`, daily or whenever): the rules about silence and standing
 *   still — offline longer than the limit, parked far from home for days — which no arrival raises.
 * Alerts carry a key naming the situation and are stored ON CONFLICT DO NOTHING, so evaluating the
 * same events again (a late batch, a rerun) raises nothing twice. Only devices fitted to a vehicle
 * that secures a loan are evaluated: an alert belongs to a loan and its branch.
 */
const ARRIVAL_KINDS: ReadonlySet<Rule['kind']> = new Set(['tamper', 'geofence_enter', 'region_exit']);
const DEVICE_BATCH = 500;
const DAY_MS = 86_400_000;

interface DeviceLink {
  device_id: string;
  vehicle_id: number;
  loan_id: number;
  branch_id: number;
  borrower_id: number;
}

interface EventRow {
  device_id: string;
  event_id: string;
  /** epoch milliseconds: read as a number, not as a timestamp string to parse (a hot path) */
  at_ms: number;
  kind: TelematicsEvent['kind'];
  lat: number | null;
  lng: number | null;
}

const toEvent = (r: EventRow): TelematicsEvent => ({
  eventId: r.event_id,
  deviceId: r.device_id,
  at: r.at_ms,
  kind: r.kind,
  position: r.lat === null || r.lng === null ? null : { lat: r.lat, lng: r.lng },
});
const iso = (ms: number) => new Date(ms).toISOString();
const AT_MS = sql`(extract(epoch FROM e.at) * 1000)::float8 AS at_ms`;
const texts = (xs: readonly string[]) => sql`${arrayLiteral(xs, 'text')}::text[]`;

/** Each device's vehicle and the loan it is counted under (its latest active loan, else its latest). */
async function deviceLinks(db: Kysely<DB>, ids: readonly string[]): Promise<Array<DeviceLink & { active: boolean }>> {
  const { rows } = await sql<DeviceLink & { active: boolean }>`
    SELECT DISTINCT ON (v.gps_device_id) v.gps_device_id AS device_id, v.id AS vehicle_id, l.id AS loan_id, l.branch_id, l.borrower_id, l.status = 'active' AS active
      FROM vehicle v JOIN loan_collateral lc ON lc.vehicle_id = v.id JOIN loan l ON l.id = lc.loan_id
     WHERE v.gps_device_id = ANY(${texts(ids)})
     ORDER BY v.gps_device_id, (l.status = 'active') DESC, v.id DESC, l.id DESC`.execute(db);
  return rows;
}

async function storeAlerts(db: Kysely<DB>, alerts: ReadonlyArray<{ alert: Alert; link: DeviceLink }>): Promise<number> {
  if (alerts.length === 0) return 0;
  const col = <T>(f: (a: { alert: Alert; link: DeviceLink }) => T) => alerts.map(f);
  const result = await sql`
    INSERT INTO telematics_alert (key, rule_code, kind, severity, device_id, vehicle_id, loan_id, branch_id, at, evidence, message_zh, message_en)
    SELECT * FROM unnest(${texts(col((a) => a.alert.key))}, ${texts(col((a) => a.alert.rule))}, ${texts(col((a) => a.alert.kind))}, ${texts(col((a) => a.alert.severity))},
                         ${texts(col((a) => a.alert.deviceId))}, ${arrayLiteral(col((a) => a.link.vehicle_id), 'bigint')}::bigint[], ${arrayLiteral(col((a) => a.link.loan_id), 'bigint')}::bigint[],
                         ${arrayLiteral(col((a) => a.link.branch_id), 'bigint')}::bigint[], ${arrayLiteral(col((a) => iso(a.alert.at)), 'text')}::timestamptz[],
                         ${arrayLiteral(col((a) => JSON.stringify(a.alert.evidence)), 'text')}::jsonb[], ${texts(col((a) => a.alert.zh))}, ${texts(col((a) => a.alert.en))})
    ON CONFLICT (key) DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

const byDevice = (rows: EventRow[]) => {
  const out = new Map<string, TelematicsEvent[]>();
  for (const r of rows) {
    const list = out.get(r.device_id) ?? [];
    list.push(toEvent(r));
    out.set(r.device_id, list);
  }
  return out;
};

/** The event rules over what just arrived: `arrivals` maps each device to its earliest new event. */
export async function evaluateArrivals(db: Kysely<DB>, now: number, arrivals: ReadonlyMap<string, number>): Promise<{ alerts: number; unmapped: number }> {
  if (arrivals.size === 0) return { alerts: 0, unmapped: 0 };
  const rules = (await activeRules(db)).filter((r) => ARRIVAL_KINDS.has(r.kind));
  const links = await deviceLinks(db, [...arrivals.keys()]);
  const unmapped = arrivals.size - links.length;
  if (rules.length === 0 || links.length === 0) return { alerts: 0, unmapped };
  const devices = links.map((l) => l.device_id);
  const since = links.map((l) => iso(arrivals.get(l.device_id)!));
  const needBefore = rules.some((r) => r.kind !== 'tamper');
  const from = sql`unnest(${texts(devices)}, ${arrayLiteral(since, 'text')}::timestamptz[]) AS d(device_id, since)`;
  const [before, window] = await Promise.all([
    needBefore
      ? sql<EventRow>`
          SELECT b.* FROM ${from}
          CROSS JOIN LATERAL (SELECT e.device_id, e.event_id, ${AT_MS}, e.kind, e.lat, e.lng FROM telematics_event e
                               WHERE e.device_id = d.device_id AND e.at < d.since AND e.lat IS NOT NULL
                               ORDER BY e.at DESC, e.event_id DESC LIMIT 1) b`.execute(db)
      : Promise.resolve({ rows: [] as EventRow[] }),
    sql<EventRow>`
      SELECT e.device_id, e.event_id, ${AT_MS}, e.kind, e.lat, e.lng FROM ${from}
        JOIN telematics_event e ON e.device_id = d.device_id AND e.at >= d.since`.execute(db),
  ]);
  const beforeOf = new Map(before.rows.map((r) => [r.device_id, toEvent(r)]));
  const events = byDevice(window.rows);
  const alerts = links.flatMap((link) =>
    evaluateDevice(rules, { deviceId: link.device_id, home: null, work: null, before: beforeOf.get(link.device_id) ?? null, events: events.get(link.device_id) ?? [], now }).map((alert) => ({ alert, link })),
  );
  return { alerts: await storeAlerts(db, alerts), unmapped };
}

async function declaredPlaces(db: Kysely<DB>, borrowerIds: number[]): Promise<Map<number, { home: Point | null; work: Point | null }>> {
  const out = new Map<number, { home: Point | null; work: Point | null }>();
  if (borrowerIds.length === 0) return out;
  const rows = await db
    .selectFrom('declared_location')
    .select(['borrower_id', 'kind', 'lat', 'lng'])
    .distinctOn(['borrower_id', 'kind'])
    .where('borrower_id', 'in', borrowerIds)
    .orderBy('borrower_id')
    .orderBy('kind')
    .orderBy('id', 'desc')
    .execute();
  for (const r of rows) {
    const places = out.get(r.borrower_id) ?? { home: null, work: null };
    places[r.kind] = { lat: r.lat, lng: r.lng };
    out.set(r.borrower_id, places);
  }
  return out;
}

async function timePass(db: Kysely<DB>, rules: Rule[], links: DeviceLink[], now: number): Promise<number> {
  const offline = rules.filter((r) => r.kind === 'offline');
  const standing = rules.filter((r) => r.kind === 'stationary_far');
  const devices = texts(links.map((l) => l.device_id));
  const alerts: Array<{ alert: Alert; link: DeviceLink }> = [];
  if (offline.length > 0) {
    // the last sign of life (the vendor's own offline notice is none) up to now
    const { rows } = await sql<EventRow>`
      SELECT b.* FROM unnest(${devices}) AS d(device_id)
      CROSS JOIN LATERAL (SELECT e.device_id, e.event_id, ${AT_MS}, e.kind, e.lat, e.lng FROM telematics_event e
                           WHERE e.device_id = d.device_id AND e.kind <> 'offline' AND e.at <= ${iso(now)}::timestamptz
                           ORDER BY e.at DESC, e.event_id DESC LIMIT 1) b`.execute(db);
    const last = new Map(rows.map((r) => [r.device_id, toEvent(r)]));
    for (const link of links) {
      for (const alert of evaluateDevice(offline, { deviceId: link.device_id, home: null, work: null, before: last.get(link.device_id) ?? null, events: [], now })) alerts.push({ alert, link });
    }
  }
  if (standing.length > 0) {
    const places = await declaredPlaces(db, [...new Set(links.map((l) => l.borrower_id))]);
    const start = iso(now - Math.max(...standing.map((r) => (r.kind === 'stationary_far' ? r.days : 0))) * DAY_MS);
    const [before, window] = await Promise.all([
      sql<EventRow>`
        SELECT b.* FROM unnest(${devices}) AS d(device_id)
        CROSS JOIN LATERAL (SELECT e.device_id, e.event_id, ${AT_MS}, e.kind, e.lat, e.lng FROM telematics_event e
                             WHERE e.device_id = d.device_id AND e.lat IS NOT NULL AND e.at < ${start}::timestamptz
                             ORDER BY e.at DESC, e.event_id DESC LIMIT 1) b`.execute(db),
      sql<EventRow>`
        SELECT e.device_id, e.event_id, ${AT_MS}, e.kind, e.lat, e.lng FROM unnest(${devices}) AS d(device_id)
          JOIN telematics_event e ON e.device_id = d.device_id AND e.lat IS NOT NULL AND e.at >= ${start}::timestamptz AND e.at <= ${iso(now)}::timestamptz`.execute(db),
    ]);
    const beforeOf = new Map(before.rows.map((r) => [r.device_id, toEvent(r)]));
    const events = byDevice(window.rows);
    for (const link of links) {
      const p = places.get(link.borrower_id) ?? { home: null, work: null };
      const ctx = { deviceId: link.device_id, home: p.home, work: p.work, before: beforeOf.get(link.device_id) ?? null, events: events.get(link.device_id) ?? [], now };
      for (const alert of evaluateDevice(standing, ctx)) alerts.push({ alert, link });
    }
  }
  return storeAlerts(db, alerts);
}

/**
 * The time rules (offline, parked far) as of `now`, for the given devices or every device on a
 * vehicle with an active loan, a batch of devices at a time. Run it daily; it is safe to run often.
 */
export async function runTelematicsForDevices(db: Kysely<DB>, now: Date | number, deviceIds?: readonly string[]): Promise<{ devices: number; alerts: number }> {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const rules = (await activeRules(db)).filter((r) => !ARRIVAL_KINDS.has(r.kind));
  if (rules.length === 0) return { devices: 0, alerts: 0 };
  let devices = 0;
  let alerts = 0;
  const pass = async (ids: readonly string[], activeOnly: boolean) => {
    const links = (await deviceLinks(db, ids)).filter((l) => l.active || !activeOnly);
    devices += links.length;
    if (links.length > 0) alerts += await timePass(db, rules, links, nowMs);
  };
  if (deviceIds !== undefined) {
    for (let k = 0; k < deviceIds.length; k += DEVICE_BATCH) await pass(deviceIds.slice(k, k + DEVICE_BATCH), false);
    return { devices, alerts };
  }
  // every fitted device, in device-id order along the partial index on vehicle.gps_device_id
  let after = '';
  for (;;) {
    const next = await db.selectFrom('vehicle').select('gps_device_id').distinct().where('gps_device_id', 'is not', null).where('gps_device_id', '>', after).orderBy('gps_device_id').limit(DEVICE_BATCH).execute();
    if (next.length === 0) break;
    after = next[next.length - 1]!.gps_device_id!;
    await pass(next.map((n) => n.gps_device_id!), true);
  }
  return { devices, alerts };
}
