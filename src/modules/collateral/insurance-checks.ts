import { type Kysely, sql } from 'kysely';
import { arrayLiteral } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { financedVehicles } from './financed.js';
import type { CollateralSettings } from './settings.js';

const KIND_ZH = sql`CASE p.kind WHEN 'compulsory' THEN '交强险' ELSE '商业险' END`;

/**
 * A reminder for each policy in force that ends within the reminder window and has no renewal of
 * the same kind starting by the day after it ends; keyed by the policy, so it is raised once.
 */
export async function remindExpiringPolicies(db: Kysely<DB>, date: BusinessDate, settings: CollateralSettings): Promise<number> {
  const result = await sql`
    WITH ${financedVehicles(date)}
    INSERT INTO collateral_alert (key, kind, severity, vehicle_id, loan_id, branch_id, raised_on, evidence, message_zh, message_en)
    SELECT 'insurance-expiring/' || p.id, 'insurance_expiring', 'low', f.vehicle_id, f.loan_id, f.branch_id, ${date}::date,
           jsonb_build_object('policyId', p.id, 'kind', p.kind, 'insurer', p.insurer, 'policyNo', p.policy_no, 'endsOn', p.ends_on::text, 'daysLeft', p.ends_on - ${date}::date),
           format('%s（%s %s）将于 %s 到期，还有 %s 天，尚无续保', ${KIND_ZH}, p.insurer, p.policy_no, p.ends_on, p.ends_on - ${date}::date),
           format('The %s policy %s %s ends on %s, in %s days, with no renewal recorded', p.kind, p.insurer, p.policy_no, p.ends_on, p.ends_on - ${date}::date)
      FROM financed f
      JOIN insurance_policy p ON p.vehicle_id = f.vehicle_id
     WHERE p.starts_on <= ${date}::date AND p.ends_on >= ${date}::date AND p.ends_on <= ${date}::date + ${settings.insuranceReminderDays}::int
       AND NOT EXISTS (SELECT 1 FROM insurance_policy r
                        WHERE r.vehicle_id = p.vehicle_id AND r.kind = p.kind AND r.id <> p.id AND r.starts_on <= p.ends_on + 1 AND r.ends_on > p.ends_on)
    ON CONFLICT (key) DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * An alert for each financed vehicle without a policy of a required kind in force on the date. The
 * key names the gap (vehicle, kind, the day cover stopped, or the first financing if it never had
 * any), so one gap is reported once however many days it lasts.
 */
export async function flagUninsured(db: Kysely<DB>, date: BusinessDate, settings: CollateralSettings): Promise<number> {
  if (settings.requiredInsurance.length === 0) return 0;
  const result = await sql`
    WITH ${financedVehicles(date)},
    gaps AS (
      SELECT f.vehicle_id, f.loan_id, f.branch_id, k.kind,
             coalesce((SELECT max(p.ends_on) + 1 FROM insurance_policy p WHERE p.vehicle_id = f.vehicle_id AND p.kind = k.kind AND p.ends_on < ${date}::date), f.first_disbursed) AS since
        FROM financed f
       CROSS JOIN unnest(${arrayLiteral(settings.requiredInsurance, 'text')}::text[]) AS k(kind)
       WHERE NOT EXISTS (SELECT 1 FROM insurance_policy p WHERE p.vehicle_id = f.vehicle_id AND p.kind = k.kind AND p.starts_on <= ${date}::date AND p.ends_on >= ${date}::date))
    INSERT INTO collateral_alert (key, kind, severity, vehicle_id, loan_id, branch_id, raised_on, evidence, message_zh, message_en)
    SELECT 'uninsured/' || g.vehicle_id || '/' || g.kind || '/' || g.since::text, 'uninsured', 'high', g.vehicle_id, g.loan_id, g.branch_id, ${date}::date,
           jsonb_build_object('kind', g.kind, 'since', g.since::text),
           format('抵押车辆自 %s 起无有效%s', g.since, CASE g.kind WHEN 'compulsory' THEN '交强险' ELSE '商业险' END),
           format('The financed vehicle has had no %s policy in force since %s', g.kind, g.since)
      FROM gaps g
    ON CONFLICT (key) DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
