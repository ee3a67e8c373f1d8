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

/** M-buckets as data (migration 0003): DPD from min_dpd to max_dpd (null: no upper bound). */
export interface DelinquencyBandTable {
  code: string;
  position: number;
  min_dpd: number;
  max_dpd: number | null;
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
  /** the loan's branch and product when it was last derived: the group it is counted in */
  branch_id: number;
  product_code: string;
  outstanding_principal_fen: ColumnType<number, number | undefined, number>;
  /** principal + interest due before as_of and unpaid (罚息 apart) */
  overdue_fen: ColumnType<number, number | undefined, number>;
  penalty_due_fen: ColumnType<number, number | undefined, number>;
  /** the first unpaid due date on or after as_of (migration 0025) */
  next_due: ColumnType<string | null, string | null | undefined, string | null>;
  /** for a loan not overdue, the unpaid due date after next_due (migration 0025) */
  following_due: ColumnType<string | null, string | null | undefined, string | null>;
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
  kind: 'became_overdue' | 'bucket_up' | 'bucket_down' | 'cured' | 'class_changed' | 'stage_changed' | 'paid_off' | 'history_corrected' | 'restructured' | 'restructuring_broken' | 'observation_ended';
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
  /** the chunk staged its change to portfolio_current (eod_stage_portfolio) */
  portfolio_staged: Generated<boolean>;
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
  branch_id: number;
  product_code: string;
  outstanding_principal_fen: ColumnType<number, number | undefined, number>;
  overdue_fen: ColumnType<number, number | undefined, number>;
  penalty_due_fen: ColumnType<number, number | undefined, number>;
  next_due: ColumnType<string | null, string | null | undefined, string | null>;
  following_due: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The open loans added up by group (migration 0008): loans, amounts, and the overdue and DPD 30+ parts. */
export interface PortfolioMeasures {
  loans: number;
  outstanding_principal_fen: number;
  overdue_fen: number;
  penalty_due_fen: number;
  overdue_loans: number;
  overdue_principal_fen: number;
  dpd30_loans: number;
  dpd30_principal_fen: number;
}

export interface PortfolioGroup {
  branch_id: number;
  product_code: string;
  bucket: string;
  risk_class: string;
  stage: number;
}

export type PortfolioCurrentTable = PortfolioGroup & PortfolioMeasures;

export interface PortfolioDailyTable extends PortfolioCurrentTable {
  business_date: string;
}

export interface EodStagePortfolioTable extends PortfolioCurrentTable {
  business_date: string;
  chunk: number;
}

export interface PortfolioMonthEndTable {
  month_end: string;
  branch_id: number;
  loans: number;
  outstanding_principal_fen: number;
  overdue_principal_fen: number;
  dpd30_loans: number;
  dpd30_principal_fen: number;
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
  delinquency_band: DelinquencyBandTable;
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
  eod_stage_portfolio: EodStagePortfolioTable;
  portfolio_current: PortfolioCurrentTable;
  portfolio_daily: PortfolioDailyTable;
  portfolio_month_end: PortfolioMonthEndTable;
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

// ---- Collections (催收), migration 0010. Kept apart; `DB` below merges with the one above. ----

export interface CollectionStrategyTable {
  id: Generated<number>;
  code: string;
  version: number;
  name_zh: string;
  name_en: string;
  document: Json;
  status: ColumnType<'draft' | 'published', 'draft' | 'published' | undefined, 'published'>;
  effective_from: string;
  effective_to: string | null;
  created_by_user_id: number | null;
  created_by: string;
  created_at: Generated<string>;
  published_by_user_id: number | null;
  published_by: string | null;
  published_at: string | null;
}

export interface CollectionAgencyTable {
  id: Generated<number>;
  code: string;
  name_zh: string;
  name_en: string;
  branch_id: number;
  active: Generated<boolean>;
  created_at: Generated<string>;
}

export interface CollectorProfileTable {
  user_id: number;
  skills: ColumnType<string[], string[] | undefined, string[]>;
  training_valid_until: string | null;
  updated_at: Timestamp;
}

export type OwnerKind = 'collector' | 'team' | 'agency';

export interface CollectionAllocationRuleTable {
  id: Generated<number>;
  code: string;
  position: number;
  branch_id: number | null;
  buckets: string[] | null;
  assign: OwnerKind;
  pool_branch_id: number | null;
  skills: ColumnType<string[], string[] | undefined, string[]>;
  team_id: number | null;
  agency_id: number | null;
  agency_term_days: number | null;
  active: Generated<boolean>;
  created_at: Generated<string>;
}

export interface CollectionCaseTable {
  id: Generated<number>;
  loan_id: number;
  opened_on: string;
  reason: 'overdue' | 'strategy';
  anchor_due: string | null;
  closed_on: string | null;
  close_reason: 'cure' | 'payoff' | 'write_off' | null;
  owner_kind: OwnerKind | null;
  owner_id: number | null;
  owner_since: string | null;
  owner_until: string | null;
  allocation_rule_id: number | null;
  owner_bucket: string | null;
  strategy_code: string | null;
  strategy_version: number | null;
  strategy_group: 'champion' | 'challenger' | null;
  segment: string | null;
  last_task_key: string | null;
  evaluated_on: string | null;
  facts_digest: string | null;
  evaluate_again_on: string | null;
}

export interface CollectionCaseOwnerTable {
  id: Generated<number>;
  case_id: number;
  business_date: string;
  from_kind: OwnerKind | null;
  from_id: number | null;
  to_kind: OwnerKind | null;
  to_id: number | null;
  why: 'allocation' | 'recall' | 'manual';
  detail: string;
  /** the allocation rule that placed the case with this row (migration 0024) */
  rule_code: ColumnType<string | null, string | null | undefined, string | null>;
  by_user_id: number | null;
  by_name: string;
  at: Generated<string>;
}

export type CaseEventKind = 'opened' | 'closed' | 'promise_made' | 'promise_kept' | 'promise_broken' | 'uncovered' | 'plan_paused' | 'plan_resumed';

export interface CollectionCaseEventTable {
  id: Generated<number>;
  case_id: number;
  loan_id: number;
  business_date: string;
  kind: CaseEventKind;
  detail: Json;
  at: Generated<string>;
}

export type TaskStatus = 'open' | 'held' | 'done' | 'cancelled';

export interface CollectionTaskTable {
  id: Generated<number>;
  case_id: number;
  loan_id: number;
  decision_key: string;
  /** 'warning': started by an early-warning indicator's action (migration 0014) */
  kind: 'strategy' | 'escalation' | 'warning';
  for_role: 'collector' | 'branch_manager';
  branch_id: number;
  strategy_code: string | null;
  strategy_version: number | null;
  strategy_group: string | null;
  segment: string | null;
  step: string | null;
  action: string;
  priority: number;
  template: string | null;
  created_on: string;
  due_by: string;
  status: ColumnType<TaskStatus, TaskStatus | undefined, TaskStatus>;
  held_by: number | null;
  held_until: string | null;
  done_at: string | null;
  done_by: number | null;
  note: string | null;
  cancelled_reason: string | null;
  /** null for a strategy task written since migration 0019: its explanation is rendered from `facts` */
  explanation: Json;
  /** a strategy task's facts as its step was decided (migration 0019) */
  facts: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: Generated<string>;
}

export interface CollectionContactTable {
  id: Generated<number>;
  case_id: number;
  loan_id: number;
  task_id: number | null;
  at: string;
  on_date: string;
  channel: string;
  party: string;
  party_ref: string;
  number: string | null;
  purpose: string;
  discloses_debt: boolean;
  status: 'made' | 'refused';
  outcome: string | null;
  notes: string | null;
  recording_ref: string | null;
  collector_ids: number[];
  rule_code: string | null;
  refusal: Json;
  next_allowed_at: string | null;
  pack: string | null;
  corrects_id: number | null;
  recorded_by_user_id: number | null;
  recorded_by: string;
  recorded_at: Generated<string>;
}

export interface CollectionHoldTable {
  id: Generated<number>;
  loan_id: number;
  kind: 'dispute' | 'complaint' | 'deceased' | 'legal' | 'hardship_review';
  reason: string;
  from_at: string;
  until_at: string | null;
  placed_by_user_id: number | null;
  placed_by: string;
  placed_at: Generated<string>;
  released_at: string | null;
  released_by_user_id: number | null;
  released_by: string | null;
  release_reason: string | null;
}

export interface CollectionPromiseTable {
  id: Generated<number>;
  case_id: number;
  loan_id: number;
  contact_id: number | null;
  made_on: string;
  instalments: Json;
  total_fen: number;
  grace_days: number;
  tolerance_fen: number;
  state: ColumnType<'active' | 'kept' | 'broken' | 'superseded', 'active' | undefined, 'active' | 'kept' | 'broken' | 'superseded'>;
  broken_on: string | null;
  settled_on: string | null;
  recorded_by_user_id: number | null;
  recorded_by: string;
  recorded_at: Generated<string>;
}

export interface CollectionCoverageTable {
  business_date: string;
  loan_id: number;
  case_id: number | null;
  branch_id: number;
  team_id: number | null;
  collector_id: number | null;
  bucket: string;
  dpd: number;
  reasons: string[];
}

export interface CollectionCoverageSummaryTable {
  business_date: string;
  level: 'branch' | 'team' | 'collector';
  unit_id: number;
  branch_id: number;
  overdue: number;
  covered: number;
  pending: number;
  held: number;
  uncovered: number;
  by_reason: Json;
}

export interface CollectionRunTable {
  business_date: string;
  started_at: string;
  finished_at: string;
  steps: Json;
}

export interface DB {
  collection_strategy: CollectionStrategyTable;
  collection_agency: CollectionAgencyTable;
  collector_profile: CollectorProfileTable;
  collection_allocation_rule: CollectionAllocationRuleTable;
  collection_case: CollectionCaseTable;
  collection_case_owner: CollectionCaseOwnerTable;
  collection_case_event: CollectionCaseEventTable;
  collection_task: CollectionTaskTable;
  collection_contact: CollectionContactTable;
  collection_hold: CollectionHoldTable;
  collection_promise: CollectionPromiseTable;
  collection_coverage: CollectionCoverageTable;
  collection_coverage_summary: CollectionCoverageSummaryTable;
  collection_run: CollectionRunTable;
}

// ---- Follow-ups (回访), migration 0011. Kept apart; `DB` below merges with the ones above. ----

export interface FollowupPolicyTable {
  version: number;
  effective_from: string;
  document: ColumnType<unknown, string, never>;
  reason: string;
  created_by_user_id: number | null;
  created_by: string;
  created_at: Generated<string>;
}

export interface FollowupPolicyOverrideTable {
  id: Generated<number>;
  branch_id: number;
  effective_from: string;
  document: ColumnType<unknown, string, never>;
  reason: string;
  created_by_user_id: number | null;
  created_by: string;
  created_at: Generated<string>;
}

export type FollowupTaskKind = 'post_disbursement' | 'periodic' | 'event' | 'skip_trace' | 'reverification';
export type FollowupTaskStatus = 'open' | 'done' | 'cancelled';

export interface FollowupTaskTable {
  id: Generated<number>;
  key: string;
  loan_id: number;
  branch_id: number;
  kind: FollowupTaskKind;
  trigger: string | null;
  item: string | null;
  channel: 'phone' | 'message' | 'field';
  field_reasons: ColumnType<string[], string[] | undefined, string[]>;
  due_on: string;
  done_by: string;
  policy_version: number | null;
  created_on: string;
  source_followup_id: number | null;
  source_amendment_id: number | null;
  status: ColumnType<FollowupTaskStatus, FollowupTaskStatus | undefined, FollowupTaskStatus>;
  assigned_user_id: number | null;
  assigned_on: string | null;
  closed_on: string | null;
  done_followup_id: number | null;
  cancelled_reason: string | null;
  created_at: Generated<string>;
}

export interface FollowupTable {
  task_id: number;
  loan_id: number;
  borrower_id: number;
  branch_id: number;
  kind: string;
  channel: 'phone' | 'message' | 'field';
  answers: Json;
  derived: Json;
  has_discrepancy: boolean;
  unreachable: boolean;
  note: string | null;
  completed_on: string;
  completed_at: Generated<string>;
  agent_user_id: number | null;
  agent_name: string;
}

export type AmendmentSource = 'agent' | 'qa' | 'complaint';
export type AmendmentStatus = 'pending' | 'applied' | 'approved' | 'rejected';

export interface FollowupAmendmentTable {
  id: Generated<number>;
  followup_id: number;
  corrects_amendment_id: number | null;
  source: AmendmentSource;
  changes: Json;
  answers: Json;
  effect: Json;
  needs_approval: boolean;
  reason: string;
  qa_item_id: number | null;
  made_by_user_id: number | null;
  made_by: string;
  made_on: string;
  made_at: Generated<string>;
  status: AmendmentStatus;
  version: number | null;
  decided_by_user_id: number | null;
  decided_by: string | null;
  decided_on: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

export interface FollowupFactTable {
  fact_id: number;
  followup_id: number;
  amendment_id: number | null;
  fact: string;
  supersedes_id: number | null;
  action: 'derived' | 'verified' | 'restored';
}

export interface FollowupFlagTable {
  id: Generated<number>;
  followup_id: number;
  amendment_id: number | null;
  loan_id: number;
  borrower_id: number;
  flag: 'job_loss' | 'income_drop' | 'moved_away' | 'vehicle_not_with_borrower' | 'loan_use_breach' | 'unreachable';
  item: string;
  evidence: string;
  set_on: string;
  loan_flag_id: number | null;
  cleared_on: string | null;
  cleared_by_amendment_id: number | null;
  created_at: Generated<string>;
}

export interface QaItemTable {
  id: Generated<number>;
  followup_id: number;
  branch_id: number;
  sampled_on: string;
  seed: string;
  why: 'sample' | 'discrepancy' | 'correction';
  status: ColumnType<'open' | 'scored', 'open' | undefined, 'scored'>;
  scores: Json;
  error_count: number | null;
  amendment_id: number | null;
  scored_by_user_id: number | null;
  scored_by: string | null;
  scored_on: string | null;
  scored_at: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  channel: 'sms' | 'email';
  recipient: string;
  template: string;
  lang: 'zh-CN' | 'en-US';
  subject: string | null;
  body: string;
  loan_id: number | null;
  followup_id: number | null;
  status: ColumnType<'pending' | 'sent' | 'failed', 'pending' | undefined, 'sent' | 'failed'>;
  created_at: Generated<string>;
  sent_at: string | null;
}

export interface DB {
  followup_policy: FollowupPolicyTable;
  followup_policy_override: FollowupPolicyOverrideTable;
  followup_task: FollowupTaskTable;
  followup: FollowupTable;
  followup_amendment: FollowupAmendmentTable;
  followup_fact: FollowupFactTable;
  followup_flag: FollowupFlagTable;
  qa_item: QaItemTable;
  outbox: OutboxTable;
}

// ---- Collateral, telematics and early warning, migration 0012. Kept apart; merges like the ones above. ----

export type ValuationSegment = 'economy' | 'mid' | 'luxury' | 'suv' | 'mpv' | 'new_energy';
export type AlertSeverity = 'low' | 'medium' | 'high' | 'critical';

export interface ApiTokenTable {
  /** NULL: every permission of the token's user; else only these (and only those the user has) */
  scopes: ColumnType<string[] | null, string[] | null | undefined, never>;
}

export interface VehicleTable {
  segment: ColumnType<ValuationSegment | null, ValuationSegment | null | undefined, ValuationSegment | null>;
}

export interface ValuationFitTable {
  version: number;
  segment: ValuationSegment;
  per_year: number;
  per_10k_km: number;
  r2_within: number;
  rmse_log: number;
  median_ape: number;
  listings: number;
  models: number;
  data_hash: string;
  source: string;
  fitted_by: string;
  fitted_at: Generated<string>;
}

export interface CollateralSettingTable {
  id: Generated<number>;
  appraisal_valid_days: number;
  km_per_year: number;
  insurance_reminder_days: number;
  required_insurance: string[];
}

export interface MarketIndexTable {
  segment: ValuationSegment;
  month: string;
  points: string;
  set_by: string;
  set_at: Timestamp;
}

export interface VehicleAppraisalTable {
  id: Generated<number>;
  vehicle_id: number;
  value_fen: number;
  appraised_on: string;
  source: string;
  note: string | null;
  recorded_by_user_id: number | null;
  recorded_by: string;
  recorded_at: Generated<string>;
}

export interface VehicleValuationTable {
  vehicle_id: number;
  valued_on: string;
  value_fen: number;
  basis: 'appraisal' | 'model';
  model_value_fen: number;
  fit_version: number;
  segment: ValuationSegment;
  age_years: string;
  km_estimate: number;
  index_base: string | null;
  index_now: string | null;
  appraisal_id: number | null;
}

export interface LtvThresholdTable {
  product_code: string;
  threshold_bp: number;
  set_by: string;
  set_at: Timestamp;
}

export interface LoanLtvTable {
  loan_id: number;
  as_of: string;
  outstanding_principal_fen: number;
  value_fen: number;
  ltv_bp: number | null;
  previous_as_of: string | null;
  previous_ltv_bp: number | null;
  branch_id: number;
}

export interface VehicleLienTable {
  id: Generated<number>;
  vehicle_id: number;
  loan_id: number | null;
  authority: string;
  certificate_no: string;
  registered_on: string;
  recorded_by_user_id: number | null;
  recorded_by: string;
  recorded_at: Generated<string>;
  released_on: string | null;
  release_note: string | null;
  released_by_user_id: number | null;
  released_by: string | null;
  released_at: string | null;
}

export type InsuranceKind = 'compulsory' | 'commercial';

export interface InsurancePolicyTable {
  id: Generated<number>;
  vehicle_id: number;
  insurer: string;
  policy_no: string;
  kind: InsuranceKind;
  starts_on: string;
  ends_on: string;
  recorded_by_user_id: number | null;
  recorded_by: string;
  recorded_at: Generated<string>;
}

export interface CollateralAlertTable {
  id: Generated<number>;
  key: string;
  kind: 'ltv_breach' | 'insurance_expiring' | 'uninsured';
  severity: AlertSeverity;
  vehicle_id: number;
  loan_id: number | null;
  branch_id: number;
  raised_on: string;
  evidence: Json;
  message_zh: string;
  message_en: string;
  created_at: Generated<string>;
}

export interface CollateralTaskTable {
  id: Generated<number>;
  key: string;
  kind: 'lien_release';
  vehicle_id: number;
  loan_id: number;
  lien_id: number | null;
  branch_id: number;
  created_on: string;
  status: ColumnType<'open' | 'done', 'open' | 'done' | undefined, 'open' | 'done'>;
  closed_on: string | null;
  closed_by: string | null;
}

export interface CollateralRunTable {
  business_date: string;
  finished_at: Generated<string>;
  counts: Json;
}

export interface DeclaredLocationTable {
  id: Generated<number>;
  borrower_id: number;
  kind: 'home' | 'work';
  lat: number;
  lng: number;
  source: string;
  recorded_by_user_id: number | null;
  recorded_by: string;
  recorded_at: Generated<string>;
}

export interface TelematicsEventTable {
  device_id: string;
  event_id: string;
  at: string;
  kind: 'position' | 'heartbeat' | 'power_cut' | 'tamper' | 'offline';
  lat: number | null;
  lng: number | null;
  received_at: Generated<string>;
}

export interface TelematicsRuleTable {
  code: string;
  kind: 'offline' | 'tamper' | 'stationary_far' | 'geofence_enter' | 'region_exit';
  definition: Json;
  active: Generated<boolean>;
  updated_by: string;
  updated_at: Timestamp;
}

export interface TelematicsAlertTable {
  id: Generated<number>;
  key: string;
  rule_code: string;
  kind: string;
  severity: AlertSeverity;
  device_id: string;
  vehicle_id: number;
  loan_id: number;
  branch_id: number;
  at: string;
  evidence: Json;
  message_zh: string;
  message_en: string;
  created_at: Generated<string>;
}

export interface WarningIndicatorTable {
  id: Generated<number>;
  code: string;
  version: number;
  name_zh: string;
  name_en: string;
  expression: string;
  threshold_op: '>=' | '>' | '<=' | '<' | null;
  threshold: string | null;
  severity: AlertSeverity;
  products: ColumnType<string[], string[] | undefined, never>;
  effective_from: string;
  effective_to: string | null;
  reason: string;
  created_by_user_id: number | null;
  created_by: string;
  created_at: Generated<string>;
  /** migration 0014: what the indicator starts when a warning opens (src/domain/warnings/action.ts) */
  action: ColumnType<unknown, string | null | undefined, string | null>;
}

export type WarningStatus = 'open' | 'acknowledged' | 'resolved';

export interface WarningAlertTable {
  id: Generated<number>;
  indicator_code: string;
  indicator_version: number;
  loan_id: number;
  branch_id: number;
  severity: AlertSeverity;
  raised_on: string;
  last_true_on: string;
  evidence: Json;
  status: ColumnType<WarningStatus, WarningStatus | undefined, WarningStatus>;
  acknowledged_by_user_id: number | null;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  resolved_by_user_id: number | null;
  resolved_by: string | null;
  resolved_at: string | null;
  resolution_note: string | null;
  /** migration 0014: what the opening started, or why nothing was */
  action_result: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface WarningAlertEventTable {
  id: Generated<number>;
  warning_id: number;
  action: 'raised' | 'acknowledged' | 'resolved';
  note: string | null;
  by_user_id: number | null;
  by_name: string;
  at: Generated<string>;
}

export interface WarningRunTable {
  business_date: string;
  finished_at: Generated<string>;
  counts: Json;
}

export interface DB {
  valuation_fit: ValuationFitTable;
  collateral_setting: CollateralSettingTable;
  market_index: MarketIndexTable;
  vehicle_appraisal: VehicleAppraisalTable;
  vehicle_valuation: VehicleValuationTable;
  ltv_threshold: LtvThresholdTable;
  loan_ltv: LoanLtvTable;
  vehicle_lien: VehicleLienTable;
  insurance_policy: InsurancePolicyTable;
  collateral_alert: CollateralAlertTable;
  collateral_task: CollateralTaskTable;
  collateral_run: CollateralRunTable;
  declared_location: DeclaredLocationTable;
  telematics_event: TelematicsEventTable;
  telematics_rule: TelematicsRuleTable;
  telematics_alert: TelematicsAlertTable;
  warning_indicator: WarningIndicatorTable;
  warning_alert: WarningAlertTable;
  warning_alert_event: WarningAlertEventTable;
  warning_run: WarningRunTable;
}

// ---- Restructuring and hardship, migration 0013. Kept apart; merges like the ones above. ----

export interface HardshipAssessmentTable {
  id: Generated<number>;
  loan_id: number;
  cause: 'job_loss' | 'illness' | 'business_downturn' | 'accident' | 'disaster';
  evidence: Json;
  income_now_fen: number;
  income_at_application_fen: number | null;
  willingness: 'strong' | 'some' | 'none';
  new_borrowing_declared: Generated<boolean>;
  eligibility: Json;
  assessed_on: string;
  recorded_by: string;
  recorded_by_user_id: number | null;
  created_at: Generated<string>;
}

/** A version of a role's approval limit, in force from `effective_from` (0016, append-only). */
export interface RestructuringAuthorityVersionTable {
  id: Generated<number>;
  role: string;
  max_waived_fen: number;
  max_extra_months: number;
  effective_from: string;
  reason: string;
  set_by: string;
  set_by_user_id: number | null;
  created_at: Generated<string>;
}

/** A version of a branch's monthly quota, in force from `effective_from` (0016, append-only). */
export interface RestructuringQuotaVersionTable {
  id: Generated<number>;
  branch_id: number;
  max_count: number;
  max_waived_fen: number;
  effective_from: string;
  reason: string;
  set_by: string;
  set_by_user_id: number | null;
  created_at: Generated<string>;
}

export interface RestructuringTable {
  id: Generated<number>;
  loan_id: number;
  branch_id: number;
  hardship_assessment_id: number | null;
  status: Generated<'pending' | 'approved' | 'rejected'>;
  terms: Json;
  effective_on: string;
  position: Json;
  position_hash: string;
  comparison: Json;
  waived_fen: number;
  extra_months: number;
  was_non_performing: boolean;
  reason: string;
  requested_by: string;
  requested_by_user_id: number | null;
  requested_at: Generated<string>;
  decided_by: string | null;
  decided_by_user_id: number | null;
  decided_role: string | null;
  decided_on: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  from_version: number | null;
  to_version: number | null;
  class_flag_id: number | null;
  stage_flag_id: number | null;
  observation_start: string | null;
  observation_earliest_end: string | null;
  observation_missed: Generated<Json>;
  observation_ended_on: string | null;
}

export interface LedgerAdjustmentTable {
  id: Generated<number>;
  loan_id: number;
  effective_on: string;
  seq: number;
  component: 'principal' | 'interest' | 'penalty';
  amount_fen: number;
  cause: 'capitalised' | 'waived';
  restructuring_id: number;
  created_at: Generated<string>;
}

export interface CollectionCasePlanTable {
  case_id: number;
  restructuring_id: number;
  in_force_from: string;
  broken_on: string | null;
  ended_on: string | null;
}

export interface DB {
  hardship_assessment: HardshipAssessmentTable;
  restructuring_authority_version: RestructuringAuthorityVersionTable;
  restructuring_quota_version: RestructuringQuotaVersionTable;
  restructuring: RestructuringTable;
  ledger_adjustment: LedgerAdjustmentTable;
  collection_case_plan: CollectionCasePlanTable;
}

// migration 0014: behaviour score models and loan scores

export type ScoreModelStatus = 'draft' | 'champion' | 'retired';
export type ScoreGrade = 'A' | 'B' | 'C' | 'D' | 'E';

export interface ScoreModelTable {
  id: Generated<number>;
  version: string;
  card: Json;
  target: string;
  training_sha256: string;
  trained_as_of: string | null;
  status: ColumnType<ScoreModelStatus, ScoreModelStatus | undefined, ScoreModelStatus>;
  registered_by_user_id: number | null;
  registered_by: string;
  registered_at: Generated<string>;
  approved_by_user_id: number | null;
  approved_by: string | null;
  approved_at: string | null;
  approval_note: string | null;
  retired_at: string | null;
}

export interface LoanScoreTable {
  loan_id: number;
  branch_id: number;
  as_of: string;
  model_id: number;
  score: number;
  grade: ScoreGrade;
  score_30d_ago: number | null;
}

export interface LoanScoreHistoryTable {
  loan_id: number;
  valid_from: string;
  model_id: number;
  score: number;
  grade: ScoreGrade;
}

export interface ScoreRunTable {
  business_date: string;
  model_id: number | null;
  finished_at: Generated<string>;
  counts: Json;
}

export interface DB {
  score_model: ScoreModelTable;
  loan_score: LoanScoreTable;
  loan_score_history: LoanScoreHistoryTable;
  score_run: ScoreRunTable;
}
