import { z } from '@hono/zod-openapi';

/** Shapes shared by many routes. */
export const IdParam = z.object({
  id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' }, example: 12 }),
});

export const Problem = z
  .object({
    type: z.string().openapi({ example: 'urn:daihou:problem:validation' }),
    title: z.string().openapi({ example: '请求参数不合法' }),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  })
  .openapi('Problem');

const problemContent = { 'application/problem+json': { schema: Problem } };

/** The error answers every protected route can give, for the OpenAPI document. */
export const errorResponses = {
  400: { description: 'Invalid request', content: problemContent },
  401: { description: 'Not signed in or session expired', content: problemContent },
  403: { description: 'Role or branch scope does not allow it', content: problemContent },
  404: { description: 'Not found', content: problemContent },
} as const;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const Reason = z.string().trim().min(2).max(500).openapi({ description: 'Why (kept in the audit log)', example: '岗位调整' });

export const CursorQuery = z.object({
  cursor: z.string().regex(/^\d+$/).optional().openapi({ description: 'nextCursor from the previous page' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export function page<T extends { id: number }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? String(last.id) : null };
}
