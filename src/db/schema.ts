import type { ColumnType, Generated } from 'kysely';

/** Timestamps arrive as ISO strings (see type-parsers.ts) and may be written as strings or `sql\`now()\``. */
type Timestamp = ColumnType<string, string | undefined, string>;
type Json = ColumnType<unknown, string | null, string | null>;

export interface BranchTable {
  id: Generated<number>;
  code: string;
  name_zh: string;
  name_en: string;
  kind: 'head_office' | 'branch' | 'team';
  parent_id: number | null;
  path: string;
  created_at: Generated<string>;
}

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  branch_id: number;
  phone: string | null;
  password_hash: string;
  active: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: string | null;
  created_at: Generated<string>;
  updated_at: Timestamp;
}

export interface UserRoleTable {
  user_id: number;
  role: string;
}

export interface UserSessionTable {
  token_hash: string;
  user_id: number;
  created_at: Generated<string>;
  last_seen_at: Timestamp;
  expires_at: string;
  ended_at: string | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Generated<string>;
  created_by: number | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<string>;
  actor_user_id: number | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  branch_path: string | null;
  before: Json;
  after: Json;
  reason: string | null;
  request_id: string | null;
}

export interface BusinessDateTable {
  id: Generated<number>;
  business_date: string;
  updated_at: Timestamp;
}

export interface SchemaMigrationTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: Generated<string>;
}

export interface DB {
  branch: BranchTable;
  app_user: AppUserTable;
  user_role: UserRoleTable;
  user_session: UserSessionTable;
  api_token: ApiTokenTable;
  audit_log: AuditLogTable;
  business_date: BusinessDateTable;
  schema_migration: SchemaMigrationTable;
}
