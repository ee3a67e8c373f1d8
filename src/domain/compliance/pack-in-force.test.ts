import { describe, expect, it } from 'vitest';
import type { BusinessDate } from '../business-date.js';
import { historyNeeded, type RulePack, RulePackSchema } from './pack.js';
import { checkPackTimeline, packInForce } from './pack-in-force.js';
import { CN_DEFAULT_V1, CN_DEFAULT_V2, SHIPPED_PACKS, US_REG_F_V1 } from './packs/index.js';

const day = (s: string) => s as BusinessDate;
const version = (v: number, from: string, to: string | null): RulePack => ({ ...CN_DEFAULT_V2, version: v, effectiveFrom: day(from), effectiveTo: to === null ? null : day(to) });

describe('picking the pack in force', () => {
  it('ships timelines without gaps or overlaps', () => {
    expect(checkPackTimeline(SHIPPED_PACKS.filter((p) => p.jurisdiction === 'CN'))).toBeNull();
    expect(checkPackTimeline(SHIPPED_PACKS.filter((p) => p.jurisdiction === 'US'))).toBeNull();
  });

  it('switches versions on the effective date', () => {
    expect(packInForce(SHIPPED_PACKS, 'CN', day('2026-01-29'))).toEqual({ ok: true, pack: CN_DEFAULT_V1 });
    expect(packInForce(SHIPPED_PACKS, 'CN', day('2026-01-30'))).toEqual({ ok: true, pack: CN_DEFAULT_V2 });
    expect(packInForce(SHIPPED_PACKS, 'CN', day('2099-12-31'))).toEqual({ ok: true, pack: CN_DEFAULT_V2 });
    expect(packInForce(SHIPPED_PACKS, 'US', day('2021-11-30'))).toEqual({ ok: true, pack: US_REG_F_V1 });
  });

  it('says when nothing is in force', () => {
    const before = packInForce(SHIPPED_PACKS, 'CN', day('2025-02-27'));
    expect(before.ok).toBe(false);
    if (!before.ok) expect(before.problem.code).toBe('not-in-force');
    const none = packInForce(SHIPPED_PACKS, 'GB', day('2026-01-01'));
    expect(!none.ok && none.problem.code).toBe('no-pack');
  });

  it('refuses overlapping versions, even on dates the overlap does not touch', () => {
    const choice = packInForce([version(1, '2025-01-01', '2025-06-30'), version(2, '2025-06-30', null)], 'CN', day('2025-03-01'));
    expect(choice.ok).toBe(false);
    if (!choice.ok) {
      expect(choice.problem.code).toBe('overlap');
      expect(choice.problem.packs).toEqual(['cn-default@1', 'cn-default@2']);
      expect(choice.problem.message['en-US']).toBe('rule packs cn-default@1 (2025-01-01–2025-06-30) and cn-default@2 (2025-06-30–…) overlap');
    }
    expect(checkPackTimeline([version(1, '2025-01-01', null), version(2, '2025-07-01', null)])?.code).toBe('overlap');
  });

  it('refuses gaps and duplicate versions', () => {
    const gap = checkPackTimeline([version(1, '2025-01-01', '2025-06-29'), version(2, '2025-07-01', null)]);
    expect(gap?.code).toBe('gap');
    expect(gap?.message['zh-CN']).toBe('规则包 cn-default@1 于 2025-06-29 失效，cn-default@2 自 2025-07-01 生效，中间无规则包');
    expect(checkPackTimeline([version(1, '2025-01-01', '2025-06-30'), version(1, '2025-07-01', null)])?.code).toBe('duplicate-version');
  });

  it('validates packs as data', () => {
    const raw = { ...CN_DEFAULT_V2 };
    expect(RulePackSchema.safeParse(raw).success).toBe(true);
    expect(RulePackSchema.safeParse({ ...raw, rules: [...raw.rules, raw.rules[0]] }).success).toBe(false);
    expect(RulePackSchema.safeParse({ ...raw, dayStartsAt: '8:00' }).success).toBe(false);
    expect(RulePackSchema.safeParse({ ...raw, defaultTimeZone: 'China/Beijing' }).success).toBe(false);
    expect(RulePackSchema.safeParse({ ...raw, effectiveFrom: '2026-02-30' }).success).toBe(false);
    expect(RulePackSchema.safeParse({ ...raw, effectiveTo: '2020-01-01' }).success).toBe(false);
    expect(RulePackSchema.safeParse({ ...raw, rules: [{ ...raw.rules[0], code: 'be-nice' }] }).success).toBe(false);
  });
});

describe('history a check needs', () => {
  it('follows the rules of the pack', () => {
    expect(historyNeeded(CN_DEFAULT_V2)).toEqual({ days: 2, borrowerFailures: 3 });
    expect(historyNeeded(US_REG_F_V1)).toEqual({ days: 8, borrowerFailures: 0 });
  });
});
