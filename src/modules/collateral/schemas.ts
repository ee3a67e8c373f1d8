import { z } from '@hono/zod-openapi';
import { isBusinessDate } from '../../domain/business-date.js';
import { SEGMENTS } from '../../domain/valuation/depreciation.js';
import { LTV_BAND_CODES } from './ltv-bands.js';

export const DateString = z.string().refine(isBusinessDate, { message: 'must be a calendar date YYYY-MM-DD' }).openapi({ example: '2026-11-20' });
const Fen = z.number().int().positive().max(Number.MAX_SAFE_INTEGER).openapi({ description: 'fen (分)', example: 9_800_000 });
const Severity = z.enum(['low', 'medium', 'high', 'critical']);

export const SegmentParam = z.object({
  segment: z.enum(SEGMENTS).openapi({ param: { name: 'segment', in: 'path' }, example: 'suv' }),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM').openapi({ param: { name: 'month', in: 'path' }, example: '2026-11' }),
});
export const ProductParam = z.object({ product: z.string().min(1).max(32).openapi({ param: { name: 'product', in: 'path' }, example: 'used_car' }) });

export const AppraisalPost = z
  .object({
    valueFen: Fen,
    source: z.string().trim().min(2).max(100).openapi({ description: 'who appraised it: 二手车评估机构, 经销商, field visit, …', example: '第三方评估机构' }),
    appraisedOn: DateString.openapi({ description: 'not after the business date' }),
    note: z.string().trim().max(500).optional(),
  })
  .strict()
  .openapi('AppraisalPost');

export const Appraisal = z
  .object({ id: z.number().int(), vehicleId: z.number().int(), valueFen: z.number().int(), appraisedOn: z.string(), source: z.string(), note: z.string().nullable(), recordedBy: z.string(), recordedAt: z.string() })
  .openapi('Appraisal');

const ValuationItem = z
  .object({
    valuedOn: z.string(),
    valueFen: z.number().int(),
    basis: z.enum(['appraisal', 'model']),
    modelValueFen: z.number().int(),
    fitVersion: z.number().int(),
    segment: z.string(),
    ageYears: z.number(),
    kmEstimate: z.number().int(),
    indexBase: z.number().nullable(),
    indexNow: z.number().nullable(),
    appraisalId: z.number().int().nullable(),
  })
  .openapi('VehicleValuation');

export const ValuationHistory = z
  .object({
    vehicle: z.object({ id: z.number().int(), make: z.string(), model: z.string(), modelYear: z.number().int(), condition: z.string(), priceFen: z.number().int(), mileageKm: z.number().int().nullable(), segment: z.string().nullable() }),
    current: ValuationItem.nullable(),
    history: z.array(ValuationItem).openapi({ description: 'newest first; a row only on the dates the value or its basis changed' }),
    appraisals: z.array(Appraisal),
  })
  .openapi('ValuationHistory');

export const LienPost = z
  .object({
    authority: z.string().trim().min(2).max(200).openapi({ example: '北京市公安局公安交通管理局车辆管理所' }),
    certificateNo: z.string().trim().min(1).max(100).openapi({ example: '京A-2026-001234' }),
    registeredOn: DateString,
    loanId: z.number().int().positive().optional().openapi({ description: 'the loan it secures' }),
  })
  .strict()
  .openapi('LienPost');

export const LienRelease = z.object({ releasedOn: DateString, note: z.string().trim().min(2).max(500) }).strict().openapi('LienRelease');

export const Lien = z
  .object({
    id: z.number().int(),
    vehicleId: z.number().int(),
    loanId: z.number().int().nullable(),
    status: z.enum(['registered', 'released']),
    authority: z.string(),
    certificateNo: z.string(),
    registeredOn: z.string(),
    releasedOn: z.string().nullable(),
    releaseNote: z.string().nullable(),
    recordedBy: z.string(),
    releasedBy: z.string().nullable(),
  })
  .openapi('Lien');

export const PolicyPost = z
  .object({
    insurer: z.string().trim().min(2).max(200).openapi({ example: '中国人民财产保险' }),
    policyNo: z.string().trim().min(1).max(100),
    kind: z.enum(['compulsory', 'commercial']).openapi({ description: 'compulsory 交强险, commercial 商业险' }),
    startsOn: DateString,
    endsOn: DateString,
  })
  .strict()
  .openapi('InsurancePolicyPost');

export const Policy = z
  .object({ id: z.number().int(), vehicleId: z.number().int(), insurer: z.string(), policyNo: z.string(), kind: z.enum(['compulsory', 'commercial']), startsOn: z.string(), endsOn: z.string(), inForce: z.boolean(), recordedBy: z.string(), recordedAt: z.string() })
  .openapi('InsurancePolicy');

export const MarketIndexPut = z.object({ points: z.number().positive().max(10_000), reason: z.string().trim().min(2).max(500) }).strict().openapi('MarketIndexPut');
export const MarketIndexPoint = z.object({ segment: z.string(), month: z.string(), points: z.number(), setBy: z.string(), setAt: z.string() }).openapi('MarketIndexPoint');

export const ThresholdPut = z.object({ thresholdBp: z.number().int().min(1).max(100_000).openapi({ description: 'basis points: 10,000 = LTV 100 %' }), reason: z.string().trim().min(2).max(500) }).strict().openapi('LtvThresholdPut');
export const Threshold = z.object({ product: z.string(), thresholdBp: z.number().int(), setBy: z.string(), setAt: z.string() }).openapi('LtvThreshold');

export const CollateralAlert = z
  .object({
    id: z.number().int(),
    kind: z.enum(['ltv_breach', 'insurance_expiring', 'uninsured']),
    severity: Severity,
    vehicleId: z.number().int(),
    loanId: z.number().int().nullable(),
    branchCode: z.string(),
    raisedOn: z.string(),
    evidence: z.record(z.string(), z.unknown()),
    messageZh: z.string(),
    messageEn: z.string(),
  })
  .openapi('CollateralAlert');

export const CollateralTask = z
  .object({
    id: z.number().int(),
    kind: z.enum(['lien_release']),
    vehicleId: z.number().int(),
    loanId: z.number().int(),
    lienId: z.number().int().nullable(),
    authority: z.string().nullable(),
    certificateNo: z.string().nullable(),
    branchCode: z.string(),
    createdOn: z.string(),
    status: z.enum(['open', 'done']),
    closedOn: z.string().nullable(),
    closedBy: z.string().nullable(),
  })
  .openapi('CollateralTask');

export const ListQuery = z.object({
  cursor: z.string().regex(/^\d+$/).optional().openapi({ description: 'nextCursor from the previous page' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const ValuationFit = z
  .object({ version: z.number().int(), segment: z.string(), perYear: z.number(), per10kKm: z.number(), r2Within: z.number(), rmseLog: z.number(), medianApe: z.number(), listings: z.number().int(), models: z.number().int(), dataHash: z.string(), source: z.string(), fittedBy: z.string(), fittedAt: z.string() })
  .openapi('ValuationFit');

const BranchIdQuery = z.coerce.number().int().positive().optional().openapi({ description: 'a branch in my scope (my own by default); it covers the branches under it' });

export const LtvDistributionQuery = z.object({ branchId: BranchIdQuery, product: z.string().min(1).max(32).optional() });

export const LtvDistribution = z
  .object({
    branch: z.object({ id: z.number().int(), code: z.string() }),
    asOf: z.string().nullable().openapi({ description: 'the latest close that measured LTV; null before the first' }),
    bands: z.array(z.object({ code: z.string(), fromBp: z.number().int().nullable(), toBp: z.number().int().nullable() })).openapi({ description: 'fromBp ≤ LTV < toBp; band `none` is collateral worth nothing (infinite LTV)' }),
    products: z.array(z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), thresholdBp: z.number().int().nullable() })),
    cells: z.array(z.object({ product: z.string(), band: z.string(), loans: z.number().int(), outstandingFen: z.number().int(), valueFen: z.number().int() })).openapi({ description: 'one per product and band holding any loan' }),
  })
  .openapi('LtvDistribution');

export const LtvBandLoansQuery = LtvDistributionQuery.extend({
  band: z.enum(LTV_BAND_CODES),
  cursor: z.string().regex(/^\d+$/).optional().openapi({ description: 'nextCursor from the previous page' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const LtvBandLoan = z
  .object({ loanId: z.number().int(), externalId: z.string(), branchCode: z.string(), product: z.string(), ltvBp: z.number().int().nullable(), outstandingFen: z.number().int(), valueFen: z.number().int(), asOf: z.string() })
  .openapi('LtvBandLoan');
