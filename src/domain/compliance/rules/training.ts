import { localDate } from '../local-time.js';
import type { RuleOf } from '../pack.js';
import { pass, refuse, type RuleEnv, type Verdict } from './verdict.js';

/** Collectors need current collection training (GB/T 45251—2025: pre-job and annual); expiry never lifts by waiting. */
export function collectorTraining(params: RuleOf<'collector-training'>['params'], env: RuleEnv): Verdict {
  const { collector, at } = env.attempt;
  const today = localDate(at, params.timeZone);
  if (collector.trainingValidUntil === null) {
    return refuse(null, `催收员 ${collector.id} 无培训记录，不得作业`, `collector ${collector.id} has no training on record and may not work cases`);
  }
  if (today > collector.trainingValidUntil) {
    return refuse(
      null,
      `催收员 ${collector.id} 的培训已于 ${collector.trainingValidUntil} 到期，须重新培训考核后方可作业`,
      `collector ${collector.id}'s training expired on ${collector.trainingValidUntil}; retraining is needed before working cases`,
    );
  }
  return pass(`培训有效至 ${collector.trainingValidUntil}`, `training valid until ${collector.trainingValidUntil}`);
}
