import { z } from '@hono/zod-openapi';
import { EVENT_KINDS, RuleSchema } from '../../domain/telematics/rules.js';

export const MAX_BATCH = 10_000;

// Items are checked one by one by the handler (validate.ts), so that a bad item is named and refused
// without refusing the batch; the schema here documents them and checks only the envelope.
export const EventBatch = z
  .object({
    events: z
      .array(z.unknown())
      .min(1)
      .max(MAX_BATCH)
      .openapi({
        description: `1–${MAX_BATCH} events, each {eventId, deviceId, at, kind, lat?, lng?}: eventId the vendor's id (unique per device; a repeat with the same content is a duplicate, not an error), deviceId = vehicle.gps_device_id, at an ISO-8601 instant with its offset, kind one of ${EVENT_KINDS.join(', ')}, lat/lng WGS-84 degrees (required for position)`,
        example: [{ eventId: 'E-000001', deviceId: 'GPS000000000001', at: '2026-11-20T08:30:00+08:00', kind: 'position', lat: 31.2304, lng: 121.4737 }],
      }),
  })
  .strict()
  .openapi('TelematicsEventBatch');

export const IngestReply = z
  .object({
    received: z.number().int(),
    stored: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.number().int(),
    alerts: z.number().int(),
    unmappedDevices: z.number().int(),
    errors: z.array(z.object({ index: z.number().int(), eventId: z.string().nullable(), field: z.string(), message: z.string() })),
  })
  .openapi('TelematicsIngestReply');

export const RuleCodeParam = z.object({ code: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/).openapi({ param: { name: 'code', in: 'path' }, example: 'pawnshops' }) });

export const RulePut = z.object({ rule: RuleSchema, active: z.boolean().default(true), reason: z.string().trim().min(2).max(500) }).strict().openapi('TelematicsRulePut');

export const RuleView = z
  .object({ code: z.string(), kind: z.string(), active: z.boolean(), definition: z.record(z.string(), z.unknown()), updatedBy: z.string(), updatedAt: z.string() })
  .openapi('TelematicsRule');

export const TelematicsAlert = z
  .object({
    id: z.number().int(),
    ruleCode: z.string(),
    kind: z.string(),
    severity: z.enum(['low', 'medium', 'high', 'critical']),
    deviceId: z.string(),
    vehicleId: z.number().int(),
    loanId: z.number().int(),
    branchCode: z.string(),
    at: z.string(),
    evidence: z.record(z.string(), z.unknown()),
    messageZh: z.string(),
    messageEn: z.string(),
  })
  .openapi('TelematicsAlert');

export const AlertQuery = z.object({
  cursor: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  vehicleId: z.coerce.number().int().positive().optional(),
  loanId: z.coerce.number().int().positive().optional(),
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
});

export const TrackQuery = z.object({
  from: z.string().datetime({ offset: true }).optional().openapi({ description: 'default: 7 days before `to`' }),
  to: z.string().datetime({ offset: true }).optional().openapi({ description: 'default: now' }),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

export const TrackPoint = z.object({ eventId: z.string(), at: z.string(), kind: z.string(), lat: z.number().nullable(), lng: z.number().nullable() }).openapi('TrackPoint');

export const LocationPost = z
  .object({ kind: z.enum(['home', 'work']), lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), source: z.string().trim().min(2).max(100).openapi({ example: '地址解析 geocoded address' }) })
  .strict()
  .openapi('DeclaredLocationPost');

export const Location = z
  .object({ id: z.number().int(), kind: z.enum(['home', 'work']), lat: z.number(), lng: z.number(), source: z.string(), recordedBy: z.string(), recordedAt: z.string() })
  .openapi('DeclaredLocation');
