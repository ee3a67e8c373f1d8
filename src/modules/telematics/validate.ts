import type { Lang } from '../../api/i18n.js';
import { isBusinessDate } from '../../domain/business-date.js';
import { EVENT_KINDS, type EventKind } from '../../domain/telematics/rules.js';

/**
 * One GPS vendor event, checked item by item so one bad point does not cost the batch: each problem
 * names the item and its field (`events[12].at`). Checked by hand rather than by a schema library:
 * it runs for every event of a 10,000-events-per-second stream.
 */
export interface EventIn {
  eventId: string;
  deviceId: string;
  /** epoch milliseconds */
  at: number;
  kind: EventKind;
  lat: number | null;
  lng: number | null;
}

export interface ItemError {
  index: number;
  eventId: string | null;
  field: string;
  message: string;
}

// ISO-8601 with a date, a time and an explicit offset (Z or ±hh:mm): a vendor's local time without
// its zone cannot be placed on the timeline.
const INSTANT = /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;
const parseInstant = (text: unknown): number => (typeof text === 'string' && INSTANT.test(text) && isBusinessDate(text.slice(0, 10)) ? Date.parse(text) : Number.NaN);
const ID = /^[\x21-\x7e]{1,100}$/;
const KINDS = new Set<string>(EVENT_KINDS);
/** Trackers' clocks drift; an event further ahead than this is refused. */
export const FUTURE_TOLERANCE_MS = 10 * 60_000;

const MESSAGES = {
  object: { 'zh-CN': '应为对象', 'en-US': 'must be an object' },
  id: { 'zh-CN': '应为 1–100 个可见 ASCII 字符', 'en-US': 'must be 1–100 printable ASCII characters' },
  at: { 'zh-CN': '应为带时区的 ISO-8601 时间（如 2026-11-20T08:30:00+08:00）', 'en-US': 'must be an ISO-8601 instant with its offset (e.g. 2026-11-20T08:30:00+08:00)' },
  future: { 'zh-CN': '晚于当前时间过多', 'en-US': 'is too far in the future' },
  kind: { 'zh-CN': `取值应为 ${EVENT_KINDS.join(' / ')}`, 'en-US': `must be one of ${EVENT_KINDS.join(', ')}` },
  lat: { 'zh-CN': '应为 -90 到 90 之间的数', 'en-US': 'must be a number from -90 to 90' },
  lng: { 'zh-CN': '应为 -180 到 180 之间的数', 'en-US': 'must be a number from -180 to 180' },
  position: { 'zh-CN': '定位事件需要 lat 和 lng', 'en-US': 'a position event needs lat and lng' },
  pair: { 'zh-CN': 'lat 与 lng 须同时给出', 'en-US': 'lat and lng go together' },
  unknownField: { 'zh-CN': '不认识的字段', 'en-US': 'unknown field' },
} as const;

const FIELDS = new Set(['eventId', 'deviceId', 'at', 'kind', 'lat', 'lng']);

export function validateEvents(items: readonly unknown[], nowMs: number, lang: Lang): { events: Array<EventIn & { index: number }>; errors: ItemError[] } {
  const events: Array<EventIn & { index: number }> = [];
  const errors: ItemError[] = [];
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    const fail = (field: string, key: keyof typeof MESSAGES, eventId: string | null) => errors.push({ index, eventId, field: `events[${index}]${field ? `.${field}` : ''}`, message: MESSAGES[key][lang] });
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      fail('', 'object', null);
      continue;
    }
    const r = item as Record<string, unknown>;
    const eventId = typeof r.eventId === 'string' && ID.test(r.eventId) ? r.eventId : null;
    const before = errors.length;
    for (const k of Object.keys(r)) if (!FIELDS.has(k)) fail(k, 'unknownField', eventId);
    if (eventId === null) fail('eventId', 'id', null);
    const deviceId = typeof r.deviceId === 'string' && ID.test(r.deviceId) ? r.deviceId : null;
    if (deviceId === null) fail('deviceId', 'id', eventId);
    const at = parseInstant(r.at);
    if (!Number.isFinite(at)) fail('at', 'at', eventId);
    else if (at > nowMs + FUTURE_TOLERANCE_MS) fail('at', 'future', eventId);
    const kind = typeof r.kind === 'string' && KINDS.has(r.kind) ? (r.kind as EventKind) : null;
    if (kind === null) fail('kind', 'kind', eventId);
    const hasLat = r.lat !== undefined && r.lat !== null;
    const hasLng = r.lng !== undefined && r.lng !== null;
    const lat = typeof r.lat === 'number' && r.lat >= -90 && r.lat <= 90 ? r.lat : null;
    const lng = typeof r.lng === 'number' && r.lng >= -180 && r.lng <= 180 ? r.lng : null;
    if (hasLat && lat === null) fail('lat', 'lat', eventId);
    if (hasLng && lng === null) fail('lng', 'lng', eventId);
    if (hasLat !== hasLng) fail(hasLat ? 'lng' : 'lat', 'pair', eventId);
    if (kind === 'position' && !hasLat && !hasLng) fail('lat', 'position', eventId);
    if (errors.length > before || eventId === null || deviceId === null || kind === null) continue;
    events.push({ index, eventId, deviceId, at, kind, lat, lng });
  }
  return { events, errors };
}
