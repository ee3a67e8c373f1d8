/**
 * Positions drawn on a plain box, without map tiles (the app runs where there is no internet). An
 * equirectangular projection with longitude scaled by cos(latitude) at the box's centre: over the
 * few kilometres of a car's week it distorts less than a GPS fix errs, and it needs no library.
 */
export interface LatLng {
  lat: number;
  lng: number;
}

export interface Bounds {
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
}

export interface Box {
  width: number;
  height: number;
  padding: number;
}

const KM_PER_DEGREE = 111.32;

/** The smallest bounds holding every point, at least `minSpanDeg` wide and tall (one fix still gets a map). */
export function boundsOf(points: readonly LatLng[], minSpanDeg = 0.01): Bounds | null {
  if (points.length === 0) return null;
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLng = Infinity;
  let maxLng = -Infinity;
  for (const p of points) {
    minLat = Math.min(minLat, p.lat);
    maxLat = Math.max(maxLat, p.lat);
    minLng = Math.min(minLng, p.lng);
    maxLng = Math.max(maxLng, p.lng);
  }
  const grow = (lo: number, hi: number): [number, number] => {
    const missing = minSpanDeg - (hi - lo);
    return missing > 0 ? [lo - missing / 2, hi + missing / 2] : [lo, hi];
  };
  [minLat, maxLat] = grow(minLat, maxLat);
  [minLng, maxLng] = grow(minLng, maxLng);
  return { minLat, maxLat, minLng, maxLng };
}

export interface Projection {
  project(p: LatLng): { x: number; y: number };
  /** kilometres across the drawable width, for the scale note */
  widthKm: number;
}

/** Fits the bounds in the box, keeping the aspect (north up), centred. */
export function projection(b: Bounds, box: Box): Projection {
  const midLat = (b.minLat + b.maxLat) / 2;
  const kx = Math.cos((midLat * Math.PI) / 180);
  const spanX = (b.maxLng - b.minLng) * kx;
  const spanY = b.maxLat - b.minLat;
  const innerW = box.width - 2 * box.padding;
  const innerH = box.height - 2 * box.padding;
  const scale = Math.min(innerW / spanX, innerH / spanY);
  const offsetX = box.padding + (innerW - spanX * scale) / 2;
  const offsetY = box.padding + (innerH - spanY * scale) / 2;
  return {
    project: (p) => ({ x: offsetX + (p.lng - b.minLng) * kx * scale, y: offsetY + (b.maxLat - p.lat) * scale }),
    widthKm: (innerW / scale) * KM_PER_DEGREE,
  };
}
