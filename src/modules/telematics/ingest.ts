import { type Kysely, sql } from 'kysely';
import type { Lang } from '../../api/i18n.js';
import { arrayLiteral } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import { evaluateArrivals } from './evaluate.js';
import { type EventIn, type ItemError, validateEvents } from './validate.js';

export interface IngestResult {
  received: number;
  /** new events written */
  stored: number;
  /** repeats of an event already stored or earlier in the batch, with the same content: not errors */
  duplicates: number;
  /** items refused: invalid, or an event id reused with different content (each in `errors`) */
  rejected: number;
  /** alerts the new events raised */
  alerts: number;
  /** devices with new events that are fitted to no financed vehicle (stored, not evaluated) */
  unmappedDevices: number;
  errors: ItemError[];
}

const key = (e: { deviceId: string; eventId: string }) => `${e.deviceId}\u0000${e.eventId}`;
const same = (a: EventIn, b: EventIn) => a.at === b.at && a.kind === b.kind && a.lat === b.lat && a.lng === b.lng;

const REUSED = {
  batch: { 'zh-CN': '与本批中同一事件编号的内容不同', 'en-US': 'repeats an event id of this batch with different content' },
  stored: { 'zh-CN': '该事件编号已存在且内容不同', 'en-US': 'this event id is already stored with different content' },
} as const;

/**
 * Stores a vendor's batch, idempotent by (device, event id): a repeat with the same content counts
 * as a duplicate; a repeat with different content is refused by name, as is an invalid item; the
 * rest is written in one multi-row INSERT … ON CONFLICT DO NOTHING. Then the event rules run over
 * the devices that got new events.
 */
export async function ingestEvents(db: Kysely<DB>, items: readonly unknown[], nowMs: number, lang: Lang): Promise<IngestResult> {
  const { events, errors } = validateEvents(items, nowMs, lang);
  const firstOf = new Map<string, EventIn & { index: number }>();
  const unique: Array<EventIn & { index: number }> = [];
  let duplicates = 0;
  for (const e of events) {
    const seen = firstOf.get(key(e));
    if (seen === undefined) {
      firstOf.set(key(e), e);
      unique.push(e);
    } else if (same(seen, e)) duplicates++;
    else errors.push({ index: e.index, eventId: e.eventId, field: `events[${e.index}].eventId`, message: REUSED.batch[lang] });
  }

  const inserted = new Set<string>();
  if (unique.length > 0) {
    const col = <T>(f: (e: EventIn) => T) => unique.map(f);
    const { rows } = await sql<{ device_id: string; event_id: string }>`
      INSERT INTO telematics_event (device_id, event_id, at, kind, lat, lng)
      SELECT * FROM unnest(${arrayLiteral(col((e) => e.deviceId), 'text')}::text[], ${arrayLiteral(col((e) => e.eventId), 'text')}::text[],
                           ${arrayLiteral(col((e) => new Date(e.at).toISOString()), 'text')}::timestamptz[], ${arrayLiteral(col((e) => e.kind), 'text')}::text[],
                           ${arrayLiteral(col((e) => e.lat), 'numeric')}::float8[], ${arrayLiteral(col((e) => e.lng), 'numeric')}::float8[])
      ON CONFLICT (device_id, event_id) DO NOTHING
      RETURNING device_id, event_id`.execute(db);
    for (const r of rows) inserted.add(key({ deviceId: r.device_id, eventId: r.event_id }));
  }

  const repeats = unique.filter((e) => !inserted.has(key(e)));
  if (repeats.length > 0) {
    const { rows } = await sql<{ device_id: string; event_id: string; at_ms: number; kind: EventIn['kind']; lat: number | null; lng: number | null }>`
      SELECT e.device_id, e.event_id, (extract(epoch FROM e.at) * 1000)::float8 AS at_ms, e.kind, e.lat, e.lng
        FROM unnest(${arrayLiteral(repeats.map((e) => e.deviceId), 'text')}::text[], ${arrayLiteral(repeats.map((e) => e.eventId), 'text')}::text[]) AS k(device_id, event_id)
        JOIN telematics_event e ON e.device_id = k.device_id AND e.event_id = k.event_id`.execute(db);
    const stored = new Map(rows.map((r) => [key({ deviceId: r.device_id, eventId: r.event_id }), { eventId: r.event_id, deviceId: r.device_id, at: r.at_ms, kind: r.kind, lat: r.lat, lng: r.lng }]));
    for (const e of repeats) {
      const s = stored.get(key(e));
      if (s !== undefined && same(s, e)) duplicates++;
      else errors.push({ index: e.index, eventId: e.eventId, field: `events[${e.index}].eventId`, message: REUSED.stored[lang] });
    }
  }

  const arrivals = new Map<string, number>();
  for (const e of unique) {
    if (!inserted.has(key(e))) continue;
    const earliest = arrivals.get(e.deviceId);
    if (earliest === undefined || e.at < earliest) arrivals.set(e.deviceId, e.at);
  }
  const evaluated = await evaluateArrivals(db, nowMs, arrivals);
  errors.sort((a, b) => a.index - b.index);
  return {
    received: items.length,
    stored: inserted.size,
    duplicates,
    rejected: new Set(errors.map((e) => e.index)).size,
    alerts: evaluated.alerts,
    unmappedDevices: evaluated.unmapped,
    errors,
  };
}
