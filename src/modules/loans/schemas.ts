import { z } from '@hono/zod-openapi';
import { FACT_KINDS, FACT_SOURCES, VERIFICATIONS } from '../../domain/borrower-facts.js';
import { isBusinessDate } from '../../domain/business-date.js';
import { LOAN_SORTS } from './list-cursor.js';
import { BUCKETS, LOAN_STATUSES, RISK_CLASSES } from './list.js';

/** Response and query shapes of the loan routes: the web app's generated client is typed from these. */

export const DateString = z.string().refine(isBusinessDate, { message: 'must be a calendar date YYYY-MM-DD' }).openapi({ example: '2026-11-22' });
const Fen = z.number().int();
const Localized = z.object({ 'zh-CN': z.string(), 'en-US': z.string() }).openapi('Localized');
const RiskClass = z.enum(RISK_CLASSES);
const Component = z.enum(['penalty', 'interest', 'principal']);
const Method = z.enum(['annuity', 'equal-principal', 'interest-only', 'balloon']);
const AllocationLine = z.object({ seq: z.number().int(), component: Component, amountFen: Fen }).openapi('AllocationLine');

/** `a,b,c` or a repeated parameter, each value checked against the allowed ones. */
const listOf = <T extends z.ZodType>(item: T, description: string) =>
  z
    .preprocess((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter((x) => x !== '')), z.array(item).min(1).max(10).optional())
    .openapi({ type: 'string', description });

// `M7+` written in a query string unencoded arrives as `M7 ` ('+' means a space there): both are read as M7+.
const Bucket = z.string().transform((v) => (v === 'M7' ? 'M7+' : v)).pipe(z.enum(BUCKETS));

export const LoanFilterQuery = z.object({
  branchId: z.coerce.number().int().positive().optional().openapi({ description: 'a branch and everything under it' }),
  product: z.string().max(32).optional(),
  status: z.enum(LOAN_STATUSES).optional(),
  officerUserId: z.coerce.number().int().positive().optional(),
  bucket: listOf(Bucket, 'one or more of M0, M1, … M6, M7+ (M7 for short), comma-separated; from the last close of business'),
  riskClass: listOf(RiskClass, '五级分类: one or more of normal, special_mention, substandard, doubtful, loss, comma-separated'),
  stage: listOf(z.coerce.number().int().min(1).max(3), 'IFRS 9 stage: one or more of 1, 2, 3, comma-separated'),
  dpdMin: z.coerce.number().int().min(0).max(100_000).optional().openapi({ description: 'days past due, at least (last close of business)' }),
  dpdMax: z.coerce.number().int().min(0).max(100_000).optional().openapi({ description: 'days past due, at most' }),
  sort: z.enum(LOAN_SORTS).default('id').openapi({ description: 'dpd and outstandingPrincipal come from the last close of business; loans not yet closed have none and come last' }),
  order: z.enum(['asc', 'desc']).default('asc'),
});

export const LoanListQuery = LoanFilterQuery.extend({
  cursor: z.string().max(300).optional().openapi({ description: 'nextCursor from the previous page (opaque; only valid with the same sort and order)' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const LoanExportQuery = LoanFilterQuery.extend({
  format: z.enum(['csv', 'xlsx']).default('csv'),
});

export const LoanRow = z
  .object({
    id: z.number().int(),
    externalId: z.string(),
    branchCode: z.string(),
    borrowerName: z.string().openapi({ description: 'masked' }),
    product: z.string(),
    productName: Localized,
    principalFen: Fen,
    outstandingPrincipalFen: Fen.openapi({ description: 'as of the last close of business; from the schedule for a loan not yet closed' }),
    overdueFen: Fen.nullable().openapi({ description: 'principal and interest overdue at the last close of business (null: not closed yet)' }),
    penaltyDueFen: Fen.nullable().openapi({ description: '罚息 charged and unpaid at the last close of business' }),
    annualRate: z.string(),
    termMonths: z.number().int(),
    method: Method,
    disbursementDate: z.string(),
    status: z.enum(LOAN_STATUSES),
    officerUserId: z.number().int().nullable(),
    officerName: z.string().nullable(),
    dpd: z.number().int().nullable().openapi({ description: 'null: no close of business has seen the loan yet' }),
    bucket: z.string().nullable(),
    riskClass: RiskClass.nullable(),
    stage: z.number().int().nullable(),
    statusAsOf: z.string().nullable().openapi({ description: 'the business date the status columns are as of' }),
  })
  .openapi('LoanRow');

const LoanStatusBadges = z
  .object({
    asOf: z.string(),
    dpd: z.number().int(),
    bucket: z.string(),
    riskClass: RiskClass,
    stage: z.number().int(),
    overdueSince: z.string().nullable(),
    clearedOn: z.string().nullable(),
    closed: z.boolean(),
  })
  .openapi('LoanStatusBadges');

const Installment = z
  .object({
    seq: z.number().int(),
    dueDate: z.string(),
    principalFen: Fen,
    interestFen: Fen,
    principalPaidFen: Fen,
    interestPaidFen: Fen,
    penaltyFen: Fen.openapi({ description: '罚息 accrued to the date, rounded to the fen' }),
    penaltyExact: z.string(),
    penaltyPaidFen: Fen,
    interestWaivedFen: Fen,
    owedFen: Fen.openapi({ description: 'still owed on it: principal, interest and 罚息 less what was paid' }),
    settledOn: z.string().nullable(),
    state: z.enum(['paid', 'partly-paid', 'overdue', 'due', 'future']),
  })
  .openapi('LoanInstallment');

const Payment = z
  .object({
    id: z.number().int(),
    externalId: z.string(),
    valueDate: z.string(),
    amountFen: Fen,
    channel: z.string(),
    postedAt: z.string(),
    postedBy: z.string(),
    reversesId: z.number().int().nullable().openapi({ description: 'set on a reversal: the payment it cancels' }),
    reversedById: z.number().int().nullable().openapi({ description: 'set on a reversed payment: its reversal' }),
    reversed: z.boolean(),
    reason: z.string().nullable(),
    allocation: z
      .object({ principalFen: Fen, interestFen: Fen, penaltyFen: Fen, creditFen: Fen.openapi({ description: 'held as credit (挂账)' }), lines: z.array(AllocationLine) })
      .nullable()
      .openapi({ description: 'null for a reversed payment and for a reversal' }),
  })
  .openapi('LoanPayment');

const Vehicle = z
  .object({
    id: z.number().int(),
    vin: z.string().nullable(),
    plate: z.string().nullable(),
    make: z.string(),
    model: z.string(),
    modelYear: z.number().int(),
    condition: z.enum(['new', 'used']),
    priceFen: Fen,
    mileageKm: z.number().int().nullable(),
    gpsDeviceId: z.string().nullable(),
  })
  .openapi('Vehicle');

export const Loan360 = z
  .object({
    loan: z.object({
      id: z.number().int(),
      externalId: z.string(),
      branchCode: z.string(),
      branchName: Localized,
      product: z.string(),
      productName: Localized,
      principalFen: Fen,
      annualRate: z.string(),
      termMonths: z.number().int(),
      method: Method,
      balloonFen: Fen,
      disbursementDate: z.string(),
      firstDueDate: z.string(),
      status: z.enum(LOAN_STATUSES),
      scheduleVersion: z.number().int(),
      officerUserId: z.number().int().nullable(),
      officerName: z.string().nullable(),
    }),
    asOf: z.string().openapi({ description: 'the business date the schedule and summary are replayed to' }),
    status: LoanStatusBadges.nullable().openapi({ description: 'from the last close of business; null before the first' }),
    summary: z.object({ overduePrincipalFen: Fen, overdueInterestFen: Fen, penaltyFen: Fen, principalFen: Fen, creditFen: Fen }),
    borrower: z.object({
      id: z.number().int(),
      kind: z.enum(['individual', 'enterprise']),
      name: z.string(),
      idNumber: z.string().nullable(),
      facts: z.array(
        z.object({ id: z.number().int(), fact: z.enum(FACT_KINDS), value: z.string(), effectiveFrom: z.string(), source: z.enum(FACT_SOURCES), verification: z.enum(VERIFICATIONS) }),
      ),
      contacts: z.array(
        z.object({ id: z.number().int(), role: z.enum(['guarantor', 'emergency_contact']), name: z.string(), relation: z.string().nullable(), mobile: z.string().nullable(), idNumber: z.string().nullable() }),
      ),
      revealed: z.boolean(),
    }),
    vehicle: Vehicle.nullable().openapi({ description: 'the first vehicle pledged' }),
    vehicles: z.array(Vehicle),
    flags: z.array(
      z.object({ id: z.number().int(), flag: z.string(), classFloor: z.string().nullable(), setOn: z.string(), clearedOn: z.string().nullable(), reason: z.string(), active: z.boolean() }),
    ),
    schedule: z.array(Installment),
    payments: z.array(Payment),
    creditApplications: z.array(z.object({ date: z.string(), lines: z.array(AllocationLine) })),
  })
  .openapi('Loan360');

export const PostedPayment = z
  .object({
    repaymentId: z.number().int(),
    duplicate: z.boolean().openapi({ description: 'true: this externalId was posted before; nothing was written' }),
    allocation: z
      .object({ repaymentId: z.string(), valueDate: z.string(), amountFen: Fen, lines: z.array(AllocationLine), toCreditFen: Fen })
      .nullable(),
    creditFen: Fen.openapi({ description: 'credit held on the loan after the posting' }),
    loanStatus: z.enum(LOAN_STATUSES),
  })
  .openapi('PostedPayment');

export const LoanEvent = z
  .object({
    id: z.number().int(),
    businessDate: z.string(),
    kind: z.enum(['became_overdue', 'bucket_up', 'bucket_down', 'cured', 'class_changed', 'stage_changed', 'paid_off', 'history_corrected', 'restructured', 'restructuring_broken', 'observation_ended']),
    fromValue: z.string().nullable(),
    toValue: z.string().nullable(),
    recordedAt: z.string(),
  })
  .openapi('LoanEvent');

export const LoanStatusHistory = z
  .object({
    asOf: z.string().nullable().openapi({ description: 'the last close of business that saw the loan' }),
    corrections: z.number().int().openapi({ description: 'rows replaced by re-derives after back-dated changes' }),
    items: z.array(
      z.object({
        validFrom: z.string(),
        validTo: z.string().nullable(),
        overdueSince: z.string().nullable(),
        dpdFrom: z.number().int(),
        dpdTo: z.number().int(),
        bucket: z.string(),
        riskClass: z.string(),
        stage: z.number().int(),
      }),
    ),
  })
  .openapi('LoanStatusHistory');
