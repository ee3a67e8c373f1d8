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

export interface ProductTable {
  code: string;
  name_zh: string;
  name_en: string;
  max_term_months: number;
  penalty_markup: ColumnType<string, string | undefined, string>;
  day_count: ColumnType<'ACT/360' | 'ACT/365', 'ACT/360' | 'ACT/365' | undefined, 'ACT/360' | 'ACT/365'>;
  compound_penalty: ColumnType<boolean, boolean | undefined, boolean>;
  waterfall: ColumnType<unknown, string | undefined, string>;
}

export interface BorrowerTable {
  id: Generated<number>;
  external_id: string;
  kind: 'individual' | 'enterprise';
  name: string;
  id_number: string | null;
  branch_id: number;
  created_at: Generated<string>;
}

export type FactName = 'mobile' | 'phone' | 'email' | 'home_address' | 'work_address' | 'employer' | 'position' | 'monthly_income_fen';

export interface BorrowerFactTable {
  id: Generated<number>;
  borrower_id: number;
  fact: FactName;
  value: string;
  effective_from: string;
  source: 'application' | 'follow_up' | 'import' | 'borrower';
  verification: ColumnType<'unverified' | 'verified' | 'differs' | 'unverifiable', 'unverified' | 'verified' | 'differs' | 'unverifiable' | undefined, never>;
  supersedes_id: number | null;
  recorded_at: Generated<string>;
  recorded_by: string;
  reason: string | null;
}

export interface BorrowerContactTable {
  id: Generated<number>;
  borrower_id: number;
  role: 'guarantor' | 'emergency_contact';
  name: string;
  relation: string | null;
  mobile: string | null;
  id_number: string | null;
  created_at: Generated<string>;
}

export interface VehicleTable {
  id: Generated<number>;
  vin: string | null;
  plate: string | null;
  make: string;
  model: string;
  model_year: number;
  condition: 'new' | 'used';
  price_fen: number;
  mileage_km: number | null;
  gps_device_id: string | null;
  created_at: Generated<string>;
}

export interface LoanTable {
  id: Generated<number>;
  external_id: string;
  borrower_id: number;
  branch_id: number;
  officer_user_id: number | null;
  product_code: string;
  principal_fen: number;
  annual_rate: string;
  term_months: number;
  method: 'annuity' | 'equal-principal' | 'interest-only' | 'balloon';
  balloon_fen: Generated<number>;
  disbursement_date: string;
  first_due_date: string;
  status: Generated<'active' | 'paid_off' | 'written_off'>;
  schedule_version: Generated<number>;
  created_at: Generated<string>;
}

export interface LoanCollateralTable {
  loan_id: number;
  vehicle_id: number;
}

export interface InstallmentTable {
  loan_id: number;
  version: number;
  seq: number;
  due_date: string;
  principal_fen: number;
  interest_fen: number;
  balance_after_fen: number;
  principal_paid_fen: Generated<number>;
  interest_paid_fen: Generated<number>;
  penalty_fen: Generated<number>;
  penalty_paid_fen: Generated<number>;
  /** numeric: a decimal string */
  penalty_exact: Generated<string>;
  penalty_as_of: string | null;
  settled_on: string | null;
}

export interface RepaymentTable {
  id: Generated<number>;
  loan_id: number;
  external_id: string;
  value_date: string;
  amount_fen: number;
  channel: 'bank_transfer' | 'direct_debit' | 'counter' | 'online' | 'collection' | 'import';
  reverses_id: number | null;
  reason: string | null;
  posted_at: Generated<string>;
  posted_by: string;
}

export interface ScheduleRevisionTable {
  loan_id: number;
  version: number;
  previous_version: number;
  cause: 'prepayment' | 'restructuring';
  repayment_id: number | null;
  option: string | null;
  created_at: Generated<string>;
  withdrawn_at: string | null;
}

export interface LoanStatusTable {
  loan_id: number;
  as_of: string;
  overdue_since: string | null;
  dpd: number;
  bucket: string;
  risk_class: 'normal' | 'special_mention' | 'substandard' | 'doubtful' | 'loss';
  stage: number;
  cleared_on: string | null;
  closed: boolean;
}

export interface LoanStatusHistoryTable {
  loan_id: number;
  valid_from: string;
  valid_to: string | null;
  overdue_since: string | null;
  bucket: string;
  risk_class: string;
  stage: number;
}

/** A history row replaced by a re-derive after a back-dated change (src/jobs/eod-rederive.ts). */
export interface LoanStatusHistoryCorrectionTable extends LoanStatusHistoryTable {
  id: Generated<number>;
  rederived_from: string;
  corrected_on: string;
  cause: 'repayment' | 'reversal' | 'flag' | 'class_override' | 'loan';
  corrected_at: Generated<string>;
}

export interface LoanEventTable {
  id: Generated<number>;
  loan_id: number;
  business_date: string;
  kind: 'became_overdue' | 'bucket_up' | 'bucket_down' | 'cured' | 'class_changed' | 'stage_changed' | 'paid_off' | 'history_corrected';
  from_value: string | null;
  to_value: string | null;
  created_at: Generated<string>;
}

export interface LoanFlagTable {
  id: Generated<number>;
  loan_id: number;
  flag: 'restructured' | 'loan_use_breach' | 'significant_increase' | 'credit_impaired' | 'evasion';
  class_floor: string | null;
  set_on: string;
  cleared_on: string | null;
  reason: string;
  set_by: string;
  created_at: Generated<string>;
}

export interface MonthEndSnapshotTable {
  month_end: string;
  loan_id: number;
  dpd: number;
  bucket: string;
  risk_class: string;
  stage: number;
  outstanding_principal_fen: number;
}

export interface EodRunTable {
  business_date: string;
  status: 'running' | 'done' | 'failed';
  started_at: string;
  finished_at: string | null;
  steps: unknown;
  error: string | null;
}

export interface EodChunkTable {
  business_date: string;
  chunk: number;
  first_loan_id: number;
  last_loan_id: number;
  done_at: string | null;
  worker: string | null;
  steps: unknown;
}

export interface EodDirtyTable {
  loan_id: number;
  since: string;
  marked_at: Generated<string>;
}

export interface EodStageTable {
  business_date: string;
  loan_id: number;
  status: string;
  overdue_since: string | null;
  dpd: number;
  bucket: string;
  risk_class: string;
  stage: number;
  cleared_on: string | null;
}

export interface LoanClassOverrideTable {
  id: Generated<number>;
  loan_id: number;
  risk_class: 'special_mention' | 'substandard' | 'doubtful' | 'loss';
  reason: string;
  role: string;
  set_by_user_id: number | null;
  set_on: string;
  withdrawn_on: string | null;
  created_at: Generated<string>;
  withdrawn_reason: string | null;
  withdrawn_role: string | null;
  withdrawn_by_user_id: number | null;
  withdrawn_at: string | null;
}

export interface DB {
  loan_class_override: LoanClassOverrideTable;
  loan_status: LoanStatusTable;
  loan_status_history: LoanStatusHistoryTable;
  loan_status_history_correction: LoanStatusHistoryCorrectionTable;
  loan_event: LoanEventTable;
  loan_flag: LoanFlagTable;
  month_end_snapshot: MonthEndSnapshotTable;
  eod_run: EodRunTable;
  eod_chunk: EodChunkTable;
  eod_dirty: EodDirtyTable;
  eod_stage: EodStageTable;
  eod_stage_snapshot: MonthEndSnapshotTable;
  schedule_revision: ScheduleRevisionTable;
  product: ProductTable;
  borrower: BorrowerTable;
  borrower_fact: BorrowerFactTable;
  borrower_contact: BorrowerContactTable;
  vehicle: VehicleTable;
  loan: LoanTable;
  loan_collateral: LoanCollateralTable;
  installment: InstallmentTable;
  repayment: RepaymentTable;
  branch: BranchTable;
  app_user: AppUserTable;
  user_role: UserRoleTable;
  user_session: UserSessionTable;
  api_token: ApiTokenTable;
  audit_log: AuditLogTable;
  business_date: BusinessDateTable;
  schema_migration: SchemaMigrationTable;
}
