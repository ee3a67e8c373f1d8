import { VEHICLE_MODELS } from '../../domain/generate/vehicle-catalog.js';
import { type Segment, segmentOf } from '../../domain/valuation/depreciation.js';

/**
 * The valuation segment of a financed vehicle from its make and model. Chinese-market models are
 * looked up in the catalog the book is generated from (src/domain/generate/vehicle-catalog.ts):
 * electric and plug-in cars are new-energy whatever their body, as in the fit; light commercial
 * vans and trucks are valued as MPVs, the fitted segment whose bodies and use are nearest. Other
 * names (imported tapes, UK or US model names) go through the listings' own segmentOf.
 */
const CATALOG_SEGMENT = { economy: 'economy', mid: 'mid', luxury: 'luxury', SUV: 'suv', MPV: 'mpv', 'new-energy': 'new_energy', commercial: 'mpv' } as const;

const key = (make: string, model: string) => `${make.trim().toLowerCase()}|${model.trim().toLowerCase()}`;
const CATALOG = new Map<string, Segment>(VEHICLE_MODELS.map((m) => [key(m.brand, m.model), m.powertrain === 'ice' ? CATALOG_SEGMENT[m.segment] : 'new_energy']));

export function vehicleSegment(make: string, model: string): Segment {
  return CATALOG.get(key(make, model)) ?? segmentOf(model, '');
}
