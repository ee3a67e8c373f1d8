import { z } from '@hono/zod-openapi';
import { ROLES } from '../../domain/access.js';
import { Reason } from '../../api/schemas.js';
import { MIN_PASSWORD_LENGTH } from '../auth/credentials.js';

export const BranchCode = z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,31}$/).openapi({ example: 'BJ01' });
const Name = z.string().trim().min(1).max(100);

export const Branch = z
  .object({
    id: z.number().int(),
    code: BranchCode,
    nameZh: z.string(),
    nameEn: z.string(),
    kind: z.enum(['head_office', 'branch', 'team']),
    parentId: z.number().int().nullable(),
    path: z.string().openapi({ example: '/HO/BJ01/' }),
    createdAt: z.string(),
  })
  .openapi('Branch');

export const BranchCreate = z
  .object({
    code: BranchCode,
    nameZh: Name.openapi({ example: '北京分行' }),
    nameEn: Name.openapi({ example: 'Beijing Branch' }),
    kind: z.enum(['branch', 'team']),
    parentId: z.number().int().positive(),
  })
  .strict()
  .openapi('BranchCreate');

export const BranchUpdate = z
  .object({ nameZh: Name.optional(), nameEn: Name.optional(), reason: Reason })
  .strict()
  .openapi('BranchUpdate');

export const RoleName = z.enum(ROLES);
export const Password = z.string().min(MIN_PASSWORD_LENGTH).max(200);
export const Phone = z.string().trim().regex(/^\+?[0-9 -]{5,20}$/);

export const User = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    branchId: z.number().int(),
    branchCode: z.string(),
    roles: z.array(RoleName),
    active: z.boolean(),
    phone: z.string().nullable().openapi({ description: 'Masked (138****5678) unless reveal=true was asked by a role allowed to see it' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('User');

export const UserCreate = z
  .object({
    username: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/).openapi({ example: 'zhang.wei' }),
    displayName: Name.openapi({ example: '张伟' }),
    branchId: z.number().int().positive(),
    roles: z.array(RoleName).min(1),
    password: Password,
    phone: Phone.optional(),
  })
  .strict()
  .openapi('UserCreate');

export const UserUpdate = z
  .object({
    displayName: Name.optional(),
    branchId: z.number().int().positive().optional(),
    roles: z.array(RoleName).min(1).optional(),
    active: z.boolean().optional(),
    phone: Phone.nullable().optional(),
    reason: Reason,
  })
  .strict()
  .openapi('UserUpdate');

export const PasswordReset = z.object({ password: Password, reason: Reason }).strict().openapi('PasswordReset');

export const ApiToken = z
  .object({ id: z.number().int(), name: z.string(), prefix: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() })
  .openapi('ApiToken');

export const IssuedApiToken = z
  .object({ id: z.number().int(), name: z.string(), prefix: z.string(), createdAt: z.string(), token: z.string().openapi({ description: 'Shown once; store it now' }) })
  .openapi('IssuedApiToken');
