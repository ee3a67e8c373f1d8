import { z } from '@hono/zod-openapi';

/**
 * The portfolio dashboard's answer. Every figure is a code and numbers (labels are the web app's),
 * and carries the loan-list filter (GET /api/v1/loans query) that lists the loans behind it.
 */

const Rate = z
  .string()
  .nullable()
  .openapi({ description: 'A decimal fraction with 6 places ("0.012345" is 1.2345 %); null when nothing is outstanding', example: '0.012345' });

export const LoanListFilter = z
  .object({
    branchId: z.number().int().optional(),
    status: z.literal('active').optional(),
    bucket: z.string().optional(),
    riskClass: z.enum(['normal', 'special_mention', 'substandard', 'doubtful', 'loss']).optional(),
    stage: z.number().int().min(1).max(3).optional(),
    dpdMin: z.number().int().optional(),
    dpdMax: z.number().int().optional(),
  })
  .openapi('LoanListFilter', { description: 'Query parameters of GET /api/v1/loans that list the loans behind a figure' });

const figures = {
  loans: z.number().int().openapi({ description: 'open loans' }),
  outstandingPrincipalFen: z.number().int(),
  overdueFen: z.number().int().openapi({ description: 'principal and interest past due and unpaid (罚息 apart)' }),
  penaltyDueFen: z.number().int().openapi({ description: '罚息 charged and unpaid' }),
  overdueLoans: z.number().int().openapi({ description: 'loans with DPD > 0' }),
  overduePrincipalFen: z.number().int().openapi({ description: 'outstanding principal of the loans with DPD > 0' }),
  overdueRate: Rate.openapi({ description: '逾期率: overduePrincipalFen ÷ outstandingPrincipalFen' }),
  dpd30Loans: z.number().int(),
  dpd30PrincipalFen: z.number().int().openapi({ description: 'outstanding principal of the loans with DPD > 30' }),
  dpd30Rate: Rate.openapi({ description: 'dpd30PrincipalFen ÷ outstandingPrincipalFen' }),
};

export const Figures = z.object(figures);

export const Dashboard = z
  .object({
    asOf: z.string().nullable().openapi({ description: 'The closed business date the figures are of; null before the first close', example: '2026-11-21' }),
    node: z.object({ id: z.number().int(), code: z.string(), nameZh: z.string(), nameEn: z.string(), kind: z.enum(['head_office', 'branch', 'team']) }),
    totals: z.object({
      ...figures,
      filter: LoanListFilter,
      overdueFilter: LoanListFilter,
      dpd30Filter: LoanListFilter,
    }),
    aging: z.array(z.object({ bucket: z.string(), minDpd: z.number().int(), maxDpd: z.number().int().nullable(), ...figures, filter: LoanListFilter })),
    riskClasses: z.array(z.object({ riskClass: z.string(), ...figures, filter: LoanListFilter })),
    stages: z.array(z.object({ stage: z.number().int(), ...figures, filter: LoanListFilter })),
    branches: z.array(
      z.object({
        branchId: z.number().int(),
        code: z.string(),
        nameZh: z.string(),
        nameEn: z.string(),
        own: z.boolean().openapi({ description: 'the loans booked at the chosen branch itself, not at a branch under it' }),
        ...figures,
        filter: LoanListFilter.nullable().openapi({ description: 'null for `own` beside other rows: the list filters a branch with the branches under it' }),
      }),
    ),
    trend: z.array(
      z.object({
        monthEnd: z.string(),
        loans: z.number().int(),
        outstandingPrincipalFen: z.number().int(),
        overduePrincipalFen: z.number().int(),
        overdueRate: Rate,
        dpd30Loans: z.number().int(),
        dpd30PrincipalFen: z.number().int(),
        dpd30Rate: Rate,
      }),
    ),
  })
  .openapi('Dashboard');

export type DashboardBody = z.infer<typeof Dashboard>;
export type LoanListFilterBody = z.infer<typeof LoanListFilter>;
