import type { Api } from '../../api/context.js';
import { registerLtvDistributionRoutes } from './routes-ltv.js';
import { registerCollateralRiskRoutes } from './routes-risk.js';
import { registerVehicleCollateralRoutes } from './routes-vehicles.js';

/** Collateral (抵押物): valuations, appraisals, liens, insurance, the index and thresholds, alerts and tasks. */
export function registerCollateralRoutes(app: Api): void {
  registerVehicleCollateralRoutes(app);
  registerCollateralRiskRoutes(app);
  registerLtvDistributionRoutes(app);
}
