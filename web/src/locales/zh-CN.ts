import * as collectionsManage from './areas/collections-manage.js';
import * as collections from './areas/collections.js';
import * as followups from './areas/followups.js';
import * as restructuring from './areas/restructuring.js';
import * as riskModels from './areas/risk-models.js';
import * as risk from './areas/risk.js';
import { baseZh } from './base.zh-CN.js';

/**
 * 简体中文, every string: the base (base.zh-CN.ts, shipped with the sign-in page) and each area's
 * (locales/areas/, loaded with the first page after sign-in: i18n/translate.ts). en-US.ts must have
 * exactly these keys (a test checks).
 */
export const zhCN = {
  ...baseZh,
  ...collections.zh,
  ...collectionsManage.zh,
  ...followups.zh,
  ...risk.zh,
  ...riskModels.zh,
  ...restructuring.zh,
} as const;

export type MessageKey = keyof typeof zhCN;
