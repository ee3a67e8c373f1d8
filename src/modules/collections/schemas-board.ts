import { z } from '@hono/zod-openapi';
import { DateString } from './schemas.js';

/** Shapes of the managers' routes: the team board (cases, workloads) and the champion/challenger report. */

const Branch = z.coerce.number().int().positive().optional().openapi({ description: 'a branch in your scope (default: your own)' });

export const CaseListQuery = z.object({
  branchId: Branch,
  ownerKind: z.enum(['collector', 'team', 'agency', 'none']).optional().openapi({ description: 'none: cases nobody owns' }),
  ownerId: z.coerce.number().int().positive().optional(),
  bucket: z.string().min(1).max(8).optional(),
  open: z.enum(['true', 'false']).default('true').openapi({ description: 'false: closed cases too' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().regex(/^\d+$/).optional(),
});

export const CaseList = z
  .object({
    items: z.array(
      z.object({
        id: z.number().int(),
        loanId: z.number().int(),
        loanExternalId: z.string(),
        branchCode: z.string(),
        openedOn: z.string(),
        closedOn: z.string().nullable(),
        closeReason: z.string().nullable(),
        bucket: z.string().nullable(),
        dpd: z.number().int().nullable(),
        overdueFen: z.number().int().nullable(),
        owner: z.object({ kind: z.enum(['collector', 'team', 'agency']), id: z.number().int(), name: z.string().nullable(), since: z.string().nullable(), until: z.string().nullable() }).nullable(),
        strategyGroup: z.string().nullable(),
        segment: z.string().nullable(),
        openTasks: z.number().int(),
        lastContactAt: z.string().nullable(),
        planKept: z.boolean().openapi({ description: 'a restructuring plan is in force and kept: its steps are paused' }),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .openapi('CaseList');

export const WorkloadQuery = z.object({ branchId: Branch });

export const Workloads = z
  .object({
    owners: z.array(
      z.object({
        kind: z.enum(['collector', 'team', 'agency']),
        id: z.number().int(),
        name: z.string(),
        branchCode: z.string(),
        trainingValidUntil: z.string().nullable(),
        openCases: z.number().int(),
        overdueFen: z.number().int(),
        openTasks: z.number().int(),
        lateTasks: z.number().int().openapi({ description: 'open tasks already past their SLA' }),
      }),
    ),
    unowned: z.object({ openCases: z.number().int(), overdueFen: z.number().int() }),
  })
  .openapi('CaseWorkloads');

export const ComparisonQuery = z.object({
  branchId: Branch,
  from: DateString.optional().openapi({ description: 'default: 30 days before to' }),
  to: DateString.optional().openapi({ description: 'default: the last closed business date' }),
});

const Rate = z.object({ hits: z.number().int(), of: z.number().int(), rate: z.number().nullable() });
const Difference = z
  .object({ diff: z.number(), z: z.number().nullable(), low: z.number(), high: z.number(), reliable: z.boolean() })
  .nullable()
  .openapi({ description: 'challenger − champion; z null when a group has fewer than 5 hits or misses' });

export const Comparison = z
  .object({
    from: z.string(),
    to: z.string(),
    groups: z.array(
      z.object({
        group: z.enum(['champion', 'challenger']),
        cases: z.number().int(),
        rollForward: Rate,
        cure: Rate,
        collectedFen: z.number().int(),
        collectedPerCaseFen: z.number().int().nullable(),
        contacts: z.number().int(),
        contactsPerCure: z.number().nullable(),
      }),
    ),
    strategies: z.array(z.object({ code: z.string().nullable(), version: z.number().int().nullable(), group: z.string(), cases: z.number().int() })),
    difference: z.object({ rollForward: Difference, cure: Difference }),
  })
  .openapi('ChampionChallengerReport');
