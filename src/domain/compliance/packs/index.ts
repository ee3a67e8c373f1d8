import type { RulePack } from '../pack.js';
import { CN_DEFAULT_V1, CN_DEFAULT_V2 } from './cn-default.js';
import { US_REG_F_V1 } from './us-reg-f.js';

export { CN_DEFAULT_V1, CN_DEFAULT_V2, US_REG_F_V1 };

/** Every shipped pack version; `packInForce` picks one per jurisdiction and date. */
export const SHIPPED_PACKS: readonly RulePack[] = [CN_DEFAULT_V1, CN_DEFAULT_V2, US_REG_F_V1];
