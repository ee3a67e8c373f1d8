import { addDays, type BusinessDate } from '../business-date.js';
import { type Text, text } from './contact.js';
import type { RulePack } from './pack.js';

/**
 * A jurisdiction's pack versions must tile time: each starts the day after the one before ends,
 * and only the last may be open-ended. A broken timeline is refused as a whole, not just on the
 * dates it breaks, so a bad publication is caught the moment it is loaded.
 */

export type PackProblemCode = 'no-pack' | 'not-in-force' | 'duplicate-version' | 'overlap' | 'gap';

export interface PackProblem {
  code: PackProblemCode;
  message: Text;
  /** `id@version` of the packs involved */
  packs: string[];
}

export type PackChoice = { ok: true; pack: RulePack } | { ok: false; problem: PackProblem };

const label = (p: RulePack) => `${p.id}@${p.version}`;
const until = (p: RulePack) => p.effectiveTo ?? '…';

export function checkPackTimeline(versions: readonly RulePack[]): PackProblem | null {
  const sorted = [...versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : a.version - b.version));
  const seen = new Map<string, RulePack>();
  for (const p of sorted) {
    const key = `${p.id}@${p.version}`;
    const twin = seen.get(key);
    if (twin) return { code: 'duplicate-version', message: text(`规则包 ${key} 重复`, `rule pack ${key} appears twice`), packs: [key] };
    seen.set(key, p);
  }
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    const packs = [label(a), label(b)];
    if (a.effectiveTo === null || a.effectiveTo >= b.effectiveFrom) {
      return {
        code: 'overlap',
        message: text(
          `规则包 ${label(a)}（${a.effectiveFrom}–${until(a)}）与 ${label(b)}（${b.effectiveFrom}–${until(b)}）生效期重叠`,
          `rule packs ${label(a)} (${a.effectiveFrom}–${until(a)}) and ${label(b)} (${b.effectiveFrom}–${until(b)}) overlap`,
        ),
        packs,
      };
    }
    if (addDays(a.effectiveTo, 1) !== b.effectiveFrom) {
      return {
        code: 'gap',
        message: text(
          `规则包 ${label(a)} 于 ${a.effectiveTo} 失效，${label(b)} 自 ${b.effectiveFrom} 生效，中间无规则包`,
          `no rule pack between ${label(a)} ending ${a.effectiveTo} and ${label(b)} starting ${b.effectiveFrom}`,
        ),
        packs,
      };
    }
  }
  return null;
}

/** The version of a jurisdiction's pack in force on `date`, or why there is none. */
export function packInForce(packs: readonly RulePack[], jurisdiction: string, date: BusinessDate): PackChoice {
  const versions = packs.filter((p) => p.jurisdiction === jurisdiction);
  if (versions.length === 0) {
    return { ok: false, problem: { code: 'no-pack', message: text(`没有 ${jurisdiction} 的规则包`, `no rule pack for ${jurisdiction}`), packs: [] } };
  }
  const problem = checkPackTimeline(versions);
  if (problem) return { ok: false, problem };
  const pack = versions.find((p) => p.effectiveFrom <= date && (p.effectiveTo === null || date <= p.effectiveTo));
  if (pack) return { ok: true, pack };
  return {
    ok: false,
    problem: {
      code: 'not-in-force',
      message: text(`${date} 没有生效的 ${jurisdiction} 规则包`, `no ${jurisdiction} rule pack is in force on ${date}`),
      packs: versions.map(label),
    },
  };
}
