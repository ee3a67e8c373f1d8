import type { Hold } from '../contact.js';
import type { Instant } from '../instant.js';
import { formatLocal } from '../local-time.js';
import { HOLD_KIND_NAMES } from '../names.js';
import type { RuleOf } from '../pack.js';
import { pass, refuse, type RuleEnv, type Verdict } from './verdict.js';

/** 停催: while a hold is active nobody is contacted about the debt, by any channel. */

const activeAt = (holds: readonly Hold[], at: Instant) => holds.filter((h) => h.from <= at && (h.until === null || at < h.until));

/** Holds can overlap or follow each other, so contact resumes when none is left, not when the first ends. */
function resumesAt(holds: readonly Hold[], at: Instant): Instant | null {
  let t = at;
  for (let active = activeAt(holds, t); active.length > 0; active = activeAt(holds, t)) {
    if (active.some((h) => h.until === null)) return null;
    t = Math.max(...active.map((h) => h.until!)) as Instant;
  }
  return t;
}

export function holdsRule(params: RuleOf<'holds'>['params'], env: RuleEnv): Verdict {
  const holds = env.context.holds.filter((h) => params.kinds.includes(h.kind));
  const active = activeAt(holds, env.attempt.at);
  if (active.length === 0) return pass('无生效中的停催', 'no hold in force');
  const next = resumesAt(holds, env.attempt.at);
  const until = (h: Hold) => (h.until === null ? { zh: '无到期日', en: 'open-ended' } : { zh: `至 ${formatLocal(h.until, env.timeZone)}`, en: `until ${formatLocal(h.until, env.timeZone)}` });
  const zh = active.map((h) => `${HOLD_KIND_NAMES[h.kind]['zh-CN']}停催（${h.reason}，${until(h).zh}）`).join('；');
  const en = active.map((h) => `${HOLD_KIND_NAMES[h.kind]['en-US']} hold (${h.reason}, ${until(h).en})`).join('; ');
  if (next === null) return refuse(null, `${zh}：解除前不得联系`, `${en}: no contact until lifted`);
  const nextText = formatLocal(next, env.timeZone);
  return refuse(next, `${zh}：${nextText} 起方可联系`, `${en}: contact allowed from ${nextText}`);
}
