import type { BusinessDate } from '../business-date.js';
import type { Fen } from '../money.js';
import { licensePlate } from './plates.js';
import type { Region } from './regions.js';
import type { Rng } from './rng.js';
import { type Powertrain, type Segment, VEHICLE_MODELS, type VehicleModel } from './vehicle-catalog.js';
import { makeVin } from './vin.js';

export type Condition = 'new' | 'used';

export interface Vehicle {
  brand: string;
  model: string;
  maker: string;
  segment: Segment;
  powertrain: Powertrain;
  condition: Condition;
  modelYear: number;
  mileageKm: number;
  /** Guide price of this trim when new. */
  newPriceFen: Fen;
  /** What the borrower pays: the new price less a dealer discount, or the used car's value. */
  priceFen: Fen;
  vin: string;
  plate: string;
  gpsDeviceId: string;
}

/** Share of used cars among financed vehicles; used-car finance is the smaller, growing part. */
export const USED_SHARE = 0.2;
export const MAX_USED_AGE_YEARS = 8;
export const KM_PER_YEAR = 15_000;

const YUAN_100_IN_FEN = 10_000;
const roundTo100Yuan = (fen: number): Fen => Math.max(YUAN_100_IN_FEN, Math.round(fen / YUAN_100_IN_FEN) * YUAN_100_IN_FEN);

function pickModel(rng: Rng, latestModelYear: number): VehicleModel {
  const available = VEHICLE_MODELS.filter((v) => v.since <= latestModelYear);
  // Before the earliest model in the catalogue existed, any model will do.
  const pool = available.length > 0 ? available : VEHICLE_MODELS;
  return rng.weighted(pool.map((v) => [v, v.weight] as const));
}

/**
 * Value of a used car: 10–15 % a year off the new price (new-energy cars 3 points more, as their
 * resale market prices them), then up to ±15 % for mileage away from 15,000 km a year.
 */
function usedValueFen(rng: Rng, model: VehicleModel, newPriceFen: Fen, ageYears: number, mileageKm: number): Fen {
  const yearly = rng.int(10, 15) / 100 + (model.powertrain === 'ice' ? 0 : 0.03);
  const expectedKm = ageYears * KM_PER_YEAR;
  const mileageFactor = Math.min(1.05, Math.max(0.85, 1 - (0.03 * (mileageKm - expectedKm)) / 10_000));
  return roundTo100Yuan(newPriceFen * (1 - yearly) ** ageYears * mileageFactor);
}

/** A financed car registered in the borrower's city. Each attribute draws from its own child stream. */
export function generateVehicle(rng: Rng, asOf: BusinessDate, region: Region): Vehicle {
  const asOfYear = Number(asOf.slice(0, 4));
  const condition: Condition = rng.child('condition').chance(USED_SHARE) ? 'used' : 'new';
  const modelRng = rng.child('model');
  const model = pickModel(modelRng, condition === 'used' ? asOfYear - 1 : asOfYear);
  const [lowWan, highWan] = model.priceWan;
  const newPriceFen = roundTo100Yuan(modelRng.int(lowWan * 100, highWan * 100) * YUAN_100_IN_FEN);

  const ageRng = rng.child('age');
  let modelYear = asOfYear;
  let mileageKm = ageRng.int(0, 50);
  let priceFen: Fen;
  if (condition === 'used') {
    modelYear = ageRng.int(Math.min(asOfYear - 1, Math.max(model.since, asOfYear - MAX_USED_AGE_YEARS)), asOfYear - 1);
    const ageYears = asOfYear - modelYear;
    mileageKm = Math.max(1_000, Math.round((ageYears * KM_PER_YEAR * Math.max(0.3, ageRng.normal(1, 0.3))) / 100) * 100);
    priceFen = usedValueFen(ageRng, model, newPriceFen, ageYears, mileageKm);
  } else {
    // Dealers discount off the guide price, up to 8 %.
    priceFen = roundTo100Yuan(newPriceFen * (1 - ageRng.int(0, 80) / 1000));
  }

  return {
    brand: model.brand,
    model: model.model,
    maker: model.maker,
    segment: model.segment,
    powertrain: model.powertrain,
    condition,
    modelYear,
    mileageKm,
    newPriceFen,
    priceFen,
    vin: makeVin(rng.child('vin'), model.wmi, model.vds, model.plants, modelYear),
    plate: licensePlate(rng.child('plate'), region, model.powertrain),
    gpsDeviceId: 'GPS' + rng.child('gps').digits(12),
  };
}
