import * as collectionsManage from './areas/collections-manage.js';
import * as collections from './areas/collections.js';
import * as followups from './areas/followups.js';
import * as restructuring from './areas/restructuring.js';
import * as riskModels from './areas/risk-models.js';
import * as risk from './areas/risk.js';
import { baseEn } from './base.en-US.js';
import type { MessageKey } from './zh-CN.js';

/** English, every string: the same keys as zh-CN.ts (the compiler and a test both check). */
export const enUS: Record<MessageKey, string> = {
  ...baseEn,
  ...collections.en,
  ...collectionsManage.en,
  ...followups.en,
  ...risk.en,
  ...riskModels.en,
  ...restructuring.en,
};
