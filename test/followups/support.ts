import type { Kysely } from 'kysely';
import type { DB, FactName } from '../../src/db/schema.js';
import { parseBusinessDate } from '../../src/domain/business-date.js';
import { insertBorrowers } from '../../src/modules/loans/book.js';
import { insertLoans } from '../../src/modules/loans/create.js';
import { identities } from '../support/loans.js';

/** The borrower of the scenario, as the application recorded them. */
export const APPLICATION_FACTS: { fact: FactName; value: string }[] = [
  { fact: 'mobile', value: '13812345678' },
  { fact: 'home_address', value: '上海市浦东新区世纪大道100号' },
  { fact: 'employer', value: '上海汽车销售有限公司' },
  { fact: 'position', value: '销售经理' },
  { fact: 'monthly_income_fen', value: '2000000' },
];

/** A 100,000.00 loan over 36 months disbursed on a date, first due a month later. */
export async function disburse(
  db: Kysely<DB>,
  branchId: number,
  on: string,
  options: { firstDue?: string; facts?: { fact: FactName; value: string }[]; kind?: 'individual' | 'enterprise'; principalFen?: number } = {},
): Promise<{ loanId: number; borrowerId: number }> {
  const ids = identities();
  const [borrowerId = 0] = await insertBorrowers(
    db,
    [{ externalId: `FB-${ids.key}`, kind: options.kind ?? 'individual', name: '王芳', idNumber: ids.idNumber, branchId, facts: options.facts ?? APPLICATION_FACTS, contacts: [] }],
    'application',
    parseBusinessDate(on),
    'test',
  );
  const firstDue = options.firstDue ?? `${on.slice(0, 5)}${String(Number(on.slice(5, 7)) + 1).padStart(2, '0')}${on.slice(7)}`;
  const [loanId = 0] = await insertLoans(db, [
    {
      externalId: `FL-${ids.key}`,
      borrowerId,
      branchId,
      officerUserId: null,
      productCode: 'new_car',
      principalFen: options.principalFen ?? 10_000_000,
      annualRate: '0.06',
      termMonths: 36,
      method: 'annuity',
      balloonFen: 0,
      disbursementDate: parseBusinessDate(on),
      firstDueDate: parseBusinessDate(firstDue),
      vehicleId: null,
    },
  ]);
  return { loanId, borrowerId };
}

/** The current fact of a kind, as stored. */
export async function currentFact(db: Kysely<DB>, borrowerId: number, fact: FactName) {
  return db
    .selectFrom('borrower_fact')
    .select(['id', 'value', 'source', 'verification', 'supersedes_id', 'effective_from'])
    .where('borrower_id', '=', borrowerId)
    .where('fact', '=', fact)
    .orderBy('effective_from', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
}
