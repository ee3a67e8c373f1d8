import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { classFloorByDpd, RISK_CLASSES, type RiskClass, worse } from '../../domain/delinquency.js';

const isRiskClass = (v: string | null): v is RiskClass => v !== null && (RISK_CLASSES as readonly string[]).includes(v);

/**
 * Where a loan's 五级分类 stands for a person about to set a manual class: the class of the last
 * close, the floor the rules put under it (DPD and active event flags such as 重组), the manual
 * classes still in force, and so the class the next close gives unless the arrears change
 * (close of business takes the worst of floor, override and, until the upgrade rule allows a
 * better one, the previous class). Null before the loan's first close.
 */
export async function classStanding(db: Kysely<DB>, loanId: number) {
  const status = await db.selectFrom('loan_status').select(['as_of', 'dpd', 'risk_class']).where('loan_id', '=', loanId).executeTakeFirst();
  if (!status) return null;
  const asOf = status.as_of;
  const flags = await db
    .selectFrom('loan_flag')
    .select(['flag', 'class_floor'])
    .where('loan_id', '=', loanId)
    .where('set_on', '<=', asOf)
    .where((eb) => eb.or([eb('cleared_on', 'is', null), eb('cleared_on', '>', asOf)]))
    .execute();
  const overrides = await db.selectFrom('loan_class_override').select('risk_class').where('loan_id', '=', loanId).where('withdrawn_on', 'is', null).execute();

  const dpdFloor = classFloorByDpd(status.dpd);
  const flagFloors = flags.flatMap((f) => (isRiskClass(f.class_floor) ? [{ flag: f.flag, floor: f.class_floor }] : []));
  const floor = flagFloors.reduce<RiskClass>((acc, f) => worse(acc, f.floor), dpdFloor);
  const override = overrides.map((o) => o.risk_class).reduce<RiskClass | null>((acc, c) => (acc === null ? c : worse(acc, c)), null);
  const expected = worse(worse(floor, override ?? 'normal'), status.risk_class);
  return { asOf, dpd: status.dpd, riskClass: status.risk_class, dpdFloor, flagFloors, floor, override, expectedClass: expected };
}

export type ClassStanding = NonNullable<Awaited<ReturnType<typeof classStanding>>>;
