import type { Schemas } from '../../api/types.js';
import type { LatLng } from './projection.js';

/** A polygon the map draws: a risk zone (geofence_enter) to stay out of, or a region (region_exit) to stay in. */
export interface Area {
  rule: string;
  code: string;
  kind: 'zone' | 'region';
  name: { zh: string; en: string } | null;
  ring: LatLng[];
}

const isPoint = (p: unknown): p is LatLng => typeof p === 'object' && p !== null && typeof (p as LatLng).lat === 'number' && typeof (p as LatLng).lng === 'number';
const ringOf = (x: unknown): LatLng[] => (Array.isArray(x) ? x.filter(isPoint) : []);

/** The polygons of the active GPS rules; the rules are data the API sends as stored, read defensively. */
export function areasOf(rules: readonly Schemas['TelematicsRule'][]): Area[] {
  const out: Area[] = [];
  for (const r of rules) {
    if (!r.active) continue;
    const d = r.definition;
    if (r.kind === 'geofence_enter' && Array.isArray(d.zones)) {
      for (const z of d.zones as Array<Record<string, unknown>>) {
        out.push({ rule: r.code, code: String(z.code), kind: 'zone', name: { zh: String(z.nameZh ?? z.code), en: String(z.nameEn ?? z.code) }, ring: ringOf(z.ring) });
      }
    }
    if (r.kind === 'region_exit' && Array.isArray(d.regions)) {
      for (const z of d.regions as Array<Record<string, unknown>>) out.push({ rule: r.code, code: String(z.code), kind: 'region', name: null, ring: ringOf(z.ring) });
    }
  }
  return out.filter((a) => a.ring.length >= 3);
}
