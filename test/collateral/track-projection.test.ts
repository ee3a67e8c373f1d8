import { describe, expect, it } from 'vitest';
import { caretLine } from '../../web/src/risk/indicators/caret.js';
import { boundsOf, projection } from '../../web/src/risk/track/projection.js';
import { areasOf } from '../../web/src/risk/track/rules.js';

describe('the track map projection (no tiles)', () => {
  const box = { width: 700, height: 400, padding: 20 };

  it('fits the points in the box with north up, keeping distances in proportion', () => {
    const west = { lat: 39.9, lng: 116.3 };
    const east = { lat: 39.9, lng: 116.5 };
    const north = { lat: 40.0, lng: 116.4 };
    const b = boundsOf([west, east, north])!;
    expect(b).toEqual({ minLat: 39.9, maxLat: 40.0, minLng: 116.3, maxLng: 116.5 });
    const { project, widthKm } = projection(b, box);
    const [w, e, n] = [project(west), project(east), project(north)];
    for (const p of [w, e, n]) {
      expect(p.x).toBeGreaterThanOrEqual(box.padding - 1e-9);
      expect(p.x).toBeLessThanOrEqual(box.width - box.padding + 1e-9);
      expect(p.y).toBeGreaterThanOrEqual(box.padding - 1e-9);
      expect(p.y).toBeLessThanOrEqual(box.height - box.padding + 1e-9);
    }
    expect(n.y).toBeLessThan(w.y);
    expect(w.x).toBeLessThan(e.x);
    expect(w.y).toBeCloseTo(e.y, 9);
    // 0.2° of longitude at 39.95° N is 17.1 km, 0.1° of latitude 11.1 km: their drawn lengths keep that ratio
    const ratio = (e.x - w.x) / (w.y - n.y);
    expect(ratio).toBeCloseTo((0.2 * Math.cos((39.95 * Math.PI) / 180)) / 0.1, 6);
    // the height binds here (11.1 km over 360 px), so the drawable width spans 660 px at that scale
    expect(widthKm).toBeCloseTo((660 / 360) * 0.1 * 111.32, 6);
  });

  it('gives a single fix a small map around it, centred', () => {
    const b = boundsOf([{ lat: 31.23, lng: 121.47 }], 0.01)!;
    expect(b.maxLat - b.minLat).toBeCloseTo(0.01, 12);
    expect(b.maxLng - b.minLng).toBeCloseTo(0.01, 12);
    const p = projection(b, box).project({ lat: 31.23, lng: 121.47 });
    expect(p.x).toBeCloseTo(350, 9);
    expect(p.y).toBeCloseTo(200, 9);
    expect(boundsOf([])).toBeNull();
  });

  it('reads the polygons of the active zone and region rules, skipping what is not a polygon', () => {
    const ring = [{ lat: 1, lng: 1 }, { lat: 1, lng: 2 }, { lat: 2, lng: 2 }];
    const rule = (code: string, kind: string, active: boolean, definition: Record<string, unknown>) => ({ code, kind, active, definition, updatedBy: 't', updatedAt: '2026-01-01T00:00:00Z' });
    const areas = areasOf([
      rule('pawn', 'geofence_enter', true, { zones: [{ code: 'Z1', nameZh: '典当', nameEn: 'Pawn', ring }, { code: 'Z2', nameZh: '坏', nameEn: 'bad', ring: ring.slice(0, 2) }] }),
      rule('home', 'region_exit', true, { regions: [{ code: 'R1', ring }] }),
      rule('old', 'geofence_enter', false, { zones: [{ code: 'Z3', nameZh: '旧', nameEn: 'old', ring }] }),
      rule('offline', 'offline', true, { afterHours: 72 }),
    ]);
    expect(areas.map((a) => [a.rule, a.code, a.kind])).toEqual([
      ['pawn', 'Z1', 'zone'],
      ['home', 'R1', 'region'],
    ]);
  });
});

describe('the indicator editor’s caret line', () => {
  it('puts ^ under each offset the check reported, including just past the end', () => {
    expect(caretLine(10, [0, 4])).toBe('^   ^');
    expect(caretLine(3, [3])).toBe('   ^');
  });
});
