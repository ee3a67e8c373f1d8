-- Collections (催收): strategy versions, cases and who owns them, tasks, the contact log, holds
-- (停催), promises to pay, allocation rules, collector profiles, and the coverage watchdog's results.
-- History tables refuse UPDATE and DELETE; the few rows that carry a current state (a case's owner,
-- a task's status, a promise's state) keep it beside an append-only record of each change.

-- 1. Strategy versions: documents (src/domain/collections/strategy.ts), drafted, then published once.
CREATE TABLE collection_strategy (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code                 text NOT NULL,
  version              integer NOT NULL CHECK (version >= 1),
  name_zh              text NOT NULL,
  name_en              text NOT NULL,
  document             jsonb NOT NULL,
  status               text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  effective_from       date NOT NULL,
  effective_to         date CHECK (effective_to IS NULL OR effective_to > effective_from),
  created_by_user_id   bigint REFERENCES app_user (id),
  created_by           text NOT NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  published_by_user_id bigint REFERENCES app_user (id),
  published_by         text,
  published_at         timestamptz,
  UNIQUE (code, version),
  CHECK ((status = 'published') = (published_at IS NOT NULL AND published_by IS NOT NULL))
);

-- A version is never edited or removed; the only change it takes is being published, once.
CREATE FUNCTION collection_strategy_publish_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE'
     OR OLD.status <> 'draft' OR NEW.status <> 'published'
     OR (NEW.id, NEW.code, NEW.version, NEW.name_zh, NEW.name_en, NEW.document, NEW.effective_from, NEW.effective_to, NEW.created_by_user_id, NEW.created_by, NEW.created_at)
        IS DISTINCT FROM (OLD.id, OLD.code, OLD.version, OLD.name_zh, OLD.name_en, OLD.document, OLD.effective_from, OLD.effective_to, OLD.created_by_user_id, OLD.created_by, OLD.created_at)
  THEN
    RAISE EXCEPTION 'collection_strategy: % refused; a version is only published, once: draft a new version instead', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER collection_strategy_publish_only BEFORE UPDATE OR DELETE ON collection_strategy
  FOR EACH ROW EXECUTE FUNCTION collection_strategy_publish_only();

-- Head office's standard (DEFAULT_STRATEGY in src/domain/collections/default-strategy.ts, which a
-- test compares with this row), published so that a new installation collects from its first close.
INSERT INTO collection_strategy (code, version, name_zh, name_en, document, status, effective_from, created_by, published_by, published_at)
SELECT d ->> 'code', (d ->> 'version')::int, d ->> 'nameZh', d ->> 'nameEn', d, 'published', (d ->> 'effectiveFrom')::date, 'system', 'system', now()
  FROM (SELECT '{"code": "cn-standard", "version": 1, "nameZh": "总行标准催收策略", "nameEn": "Head-office standard collection strategy", "effectiveFrom": "2026-01-01", "segments": [
  {"code": "held", "nameZh": "停催（争议、身故、诉讼）", "nameEn": "Held (dispute, deceased, legal)", "when": {"tagsAny": ["dispute", "deceased", "legal"]}, "treatments": []},
  {"code": "malicious", "nameZh": "恶意逃废债、欺诈", "nameEn": "Malicious or fraud", "when": {"dpdMin": 1, "tagsAny": ["malicious", "fraud"]}, "treatments": [{"code": "call", "action": "call", "day": 1, "priority": 5, "slaHours": 24}, {"code": "visit", "action": "field_visit", "day": 7, "priority": 5, "slaHours": 72}, {"code": "repossess", "action": "repossession_review", "day": 15, "priority": 3, "slaHours": 72}, {"code": "legal", "action": "legal_referral", "day": 31, "priority": 3, "slaHours": 120}]},
  {"code": "hardship", "nameZh": "困难客户（有意愿、暂无能力）", "nameEn": "Hardship (willing, temporarily unable)", "when": {"dpdMin": 1, "tagsAny": ["hardship"]}, "treatments": [{"code": "call", "action": "call", "day": 1, "priority": 30, "slaHours": 48}, {"code": "review", "action": "call", "day": 15, "repeatEveryDays": 15, "priority": 30, "slaHours": 72, "template": "restructure-offer"}]},
  {"code": "promised", "nameZh": "已承诺还款", "nameEn": "Promise to pay outstanding", "when": {"dpdMin": 1, "promise": ["active"]}, "treatments": [{"code": "promise-sms", "action": "sms", "day": 1, "priority": 70, "slaHours": 24, "template": "promise-reminder"}]},
  {"code": "pre-due", "nameZh": "到期前提醒", "nameEn": "Reminder before due", "when": {"dpdMax": 0}, "treatments": [{"code": "sms-d-3", "action": "sms", "day": -3, "priority": 90, "slaHours": 24, "template": "reminder-before-due"}]},
  {"code": "early", "nameZh": "早期逾期（M1）", "nameEn": "Early arrears (M1)", "when": {"dpdMin": 1, "dpdMax": 30}, "treatments": [{"code": "sms-d1", "action": "sms", "day": 1, "priority": 60, "slaHours": 24, "template": "overdue-notice"}, {"code": "call-d3", "action": "call", "day": 3, "repeatEveryDays": 7, "priority": 40, "slaHours": 24}, {"code": "call-d15", "action": "call", "day": 15, "repeatEveryDays": 3, "priority": 30, "slaHours": 24}]},
  {"code": "mid", "nameZh": "中期逾期（M2–M3）", "nameEn": "Mid arrears (M2–M3)", "when": {"dpdMin": 31, "dpdMax": 90}, "treatments": [{"code": "call", "action": "call", "day": 31, "repeatEveryDays": 3, "priority": 20, "slaHours": 24}, {"code": "letter", "action": "letter", "day": 45, "priority": 25, "slaHours": 72}, {"code": "visit", "action": "field_visit", "day": 61, "priority": 15, "slaHours": 72}]},
  {"code": "late", "nameZh": "后期逾期（M4+）", "nameEn": "Late arrears (M4+)", "when": {"dpdMin": 91}, "treatments": [{"code": "agency", "action": "agency", "day": 91, "priority": 10, "slaHours": 120}, {"code": "repossess", "action": "repossession_review", "day": 121, "priority": 10, "slaHours": 120}, {"code": "legal", "action": "legal_referral", "day": 181, "priority": 10, "slaHours": 240}]}
]}'::jsonb AS d) s;

-- 2. Who collects: agencies (委外), collectors' skills and training, allocation rules as data.
CREATE TABLE collection_agency (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code       text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{0,31}$'),
  name_zh    text NOT NULL,
  name_en    text NOT NULL,
  -- the branch that contracts it: its cases stay in that branch's scope
  branch_id  bigint NOT NULL REFERENCES branch (id),
  active     boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Skills route cases to people who can work them (field, legal, hardship, ...); training is what
-- the compliance guard's collector-training rule checks, and allocation gives cases only to
-- collectors whose training is current.
CREATE TABLE collector_profile (
  user_id              bigint PRIMARY KEY REFERENCES app_user (id),
  skills               text[] NOT NULL DEFAULT '{}',
  training_valid_until date,
  updated_at           timestamptz NOT NULL DEFAULT now()
);

-- Tried in order of position; the first rule that matches the case and can place it wins.
--   collector: to the collector of the pool with the fewest open cases (the pool: collectors of
--              pool_branch_id's subtree, or of the loan's own branch's subtree, having every skill);
--   team:      to the team's queue, which its collectors work;
--   agency:    to an agency for agency_term_days, then recalled.
CREATE TABLE collection_allocation_rule (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code             text NOT NULL UNIQUE,
  position         integer NOT NULL,
  branch_id        bigint REFERENCES branch (id),
  buckets          text[],
  assign           text NOT NULL CHECK (assign IN ('collector', 'team', 'agency')),
  pool_branch_id   bigint REFERENCES branch (id),
  skills           text[] NOT NULL DEFAULT '{}',
  team_id          bigint REFERENCES branch (id),
  agency_id        bigint REFERENCES collection_agency (id),
  agency_term_days integer CHECK (agency_term_days > 0),
  active           boolean NOT NULL DEFAULT true,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (assign <> 'team' OR team_id IS NOT NULL),
  CHECK (assign <> 'agency' OR (agency_id IS NOT NULL AND agency_term_days IS NOT NULL))
);
INSERT INTO collection_allocation_rule (code, position, assign) VALUES ('own-branch-balance', 1000, 'collector');

-- 3. Cases: one open case per loan at a time; the current owner beside its append-only history.
CREATE TABLE collection_case (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  loan_id            bigint NOT NULL REFERENCES loan (id),
  opened_on          date NOT NULL,
  -- overdue: the loan fell behind; strategy: a step asked for a task on a current loan
  reason             text NOT NULL CHECK (reason IN ('overdue', 'strategy')),
  -- for a strategy case: the due date the step is about; the case closes once it has passed paid
  anchor_due         date,
  closed_on          date,
  close_reason       text CHECK (close_reason IN ('cure', 'payoff', 'write_off')),
  owner_kind         text CHECK (owner_kind IN ('collector', 'team', 'agency')),
  owner_id           bigint,
  owner_since        date,
  -- an agency's placement ends on this day
  owner_until        date,
  allocation_rule_id bigint REFERENCES collection_allocation_rule (id),
  -- the bucket the owner was given it in: a move out of the allocating rule's buckets recalls it
  owner_bucket       text,
  strategy_code      text,
  strategy_version   integer,
  strategy_group     text CHECK (strategy_group IN ('champion', 'challenger')),
  segment            text,
  last_task_key      text,
  CHECK ((closed_on IS NULL) = (close_reason IS NULL)),
  CHECK ((owner_kind IS NULL) = (owner_id IS NULL) AND (owner_kind IS NULL) = (owner_since IS NULL))
);
CREATE UNIQUE INDEX collection_case_open ON collection_case (loan_id) WHERE closed_on IS NULL;
CREATE INDEX collection_case_loan ON collection_case (loan_id, id);
CREATE INDEX collection_case_by_owner ON collection_case (owner_kind, owner_id) WHERE closed_on IS NULL;
CREATE INDEX collection_case_unowned ON collection_case (id) WHERE closed_on IS NULL AND owner_kind IS NULL;

CREATE TABLE collection_case_owner (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id       bigint NOT NULL REFERENCES collection_case (id),
  business_date date NOT NULL,
  from_kind     text,
  from_id       bigint,
  to_kind       text,
  to_id         bigint,
  why           text NOT NULL CHECK (why IN ('allocation', 'recall', 'manual')),
  -- allocation: the rule's code; recall: sla_breach, bucket_change, agency_term_end or owner_unavailable;
  -- manual: the reason given
  detail        text NOT NULL,
  by_user_id    bigint REFERENCES app_user (id),
  by_name       text NOT NULL,
  at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX collection_case_owner_case ON collection_case_owner (case_id, id);

CREATE TABLE collection_case_event (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id       bigint NOT NULL REFERENCES collection_case (id),
  loan_id       bigint NOT NULL REFERENCES loan (id),
  business_date date NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('opened', 'closed', 'promise_made', 'promise_kept', 'promise_broken', 'uncovered')),
  detail        jsonb,
  at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX collection_case_event_case ON collection_case_event (case_id, id);

-- 4. Tasks: one per strategy step occurrence on a loan (its decision key), or an escalation to a manager.
CREATE TABLE collection_task (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id          bigint NOT NULL REFERENCES collection_case (id),
  loan_id          bigint NOT NULL REFERENCES loan (id),
  -- the strategy's decision key (segment, step, anchor due date, occurrence) or the escalation's
  decision_key     text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('strategy', 'escalation')),
  for_role         text NOT NULL CHECK (for_role IN ('collector', 'branch_manager')),
  -- the loan's branch when the task was made: escalations go to this branch's managers
  branch_id        bigint NOT NULL REFERENCES branch (id),
  strategy_code    text,
  strategy_version integer,
  strategy_group   text,
  segment          text,
  step             text,
  action           text NOT NULL CHECK (action IN ('sms', 'email', 'call', 'field_visit', 'letter', 'agency', 'legal_referral', 'repossession_review', 'escalation')),
  priority         integer NOT NULL,
  template         text,
  created_on       date NOT NULL,
  due_by           timestamptz NOT NULL,
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'held', 'done', 'cancelled')),
  held_by          bigint REFERENCES app_user (id),
  held_until       timestamptz,
  done_at          timestamptz,
  done_by          bigint REFERENCES app_user (id),
  note             text,
  cancelled_reason text,
  -- why: the strategy's explanation, or the coverage reasons
  explanation      jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (loan_id, decision_key),
  CHECK ((status = 'held') = (held_by IS NOT NULL AND held_until IS NOT NULL))
);
CREATE INDEX collection_task_queue ON collection_task (priority, due_by, id) WHERE status IN ('open', 'held');
CREATE INDEX collection_task_case ON collection_task (case_id) WHERE status IN ('open', 'held');
CREATE INDEX collection_task_holder ON collection_task (held_by) WHERE status = 'held';

-- 5. The contact log: every attempt, including those the compliance guard refused; a correction
-- is a new row pointing at the one it corrects.
CREATE TABLE collection_contact (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id             bigint NOT NULL REFERENCES collection_case (id),
  loan_id             bigint NOT NULL REFERENCES loan (id),
  task_id             bigint REFERENCES collection_task (id),
  at                  timestamptz NOT NULL,
  -- the day of `at` in the lender's zone: coverage counts attempts by it
  on_date             date NOT NULL,
  channel             text NOT NULL CHECK (channel IN ('call', 'sms', 'email', 'im', 'visit', 'letter')),
  party               text NOT NULL CHECK (party IN ('borrower', 'guarantor', 'emergency_contact', 'third_party')),
  party_ref           text NOT NULL,
  number              text,
  purpose             text NOT NULL,
  discloses_debt      boolean NOT NULL,
  status              text NOT NULL CHECK (status IN ('made', 'refused')),
  outcome             text CHECK (outcome IN ('right_party', 'promise', 'refused', 'wrong_number', 'no_answer', 'disputed', 'hardship', 'deceased', 'third_party_refused', 'delivered', 'undelivered')),
  notes               text,
  recording_ref       text,
  collector_ids       bigint[] NOT NULL,
  -- a refused attempt: the rules that refused it and when contact is next allowed (null: not by waiting)
  rule_code           text,
  refusal             jsonb,
  next_allowed_at     timestamptz,
  pack                text,
  corrects_id         bigint UNIQUE REFERENCES collection_contact (id),
  recorded_by_user_id bigint REFERENCES app_user (id),
  recorded_by         text NOT NULL,
  recorded_at         timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'made') = (outcome IS NOT NULL)),
  CHECK ((status = 'refused') = (rule_code IS NOT NULL)),
  CHECK (channel <> 'visit' OR status = 'refused' OR cardinality(collector_ids) >= 2)
);
CREATE INDEX collection_contact_loan ON collection_contact (loan_id, at);
CREATE INDEX collection_contact_case ON collection_contact (case_id, id);

-- 6. 停催 holds: from, until (null: until released), released once with a reason.
CREATE TABLE collection_hold (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  loan_id             bigint NOT NULL REFERENCES loan (id),
  kind                text NOT NULL CHECK (kind IN ('dispute', 'complaint', 'deceased', 'legal', 'hardship_review')),
  reason              text NOT NULL CHECK (length(reason) >= 2),
  from_at             timestamptz NOT NULL,
  until_at            timestamptz CHECK (until_at IS NULL OR until_at > from_at),
  placed_by_user_id   bigint REFERENCES app_user (id),
  placed_by           text NOT NULL,
  placed_at           timestamptz NOT NULL DEFAULT now(),
  released_at         timestamptz,
  released_by_user_id bigint REFERENCES app_user (id),
  released_by         text,
  release_reason      text CHECK (length(release_reason) >= 2),
  CHECK ((released_at IS NULL) = (release_reason IS NULL) AND (released_at IS NULL) = (released_by IS NULL))
);
CREATE INDEX collection_hold_loan ON collection_hold (loan_id);

CREATE FUNCTION collection_hold_release_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.released_at IS NOT NULL OR NEW.released_at IS NULL
     OR (NEW.id, NEW.loan_id, NEW.kind, NEW.reason, NEW.from_at, NEW.until_at, NEW.placed_by_user_id, NEW.placed_by, NEW.placed_at)
        IS DISTINCT FROM (OLD.id, OLD.loan_id, OLD.kind, OLD.reason, OLD.from_at, OLD.until_at, OLD.placed_by_user_id, OLD.placed_by, OLD.placed_at)
  THEN
    RAISE EXCEPTION 'collection_hold: % refused; a hold is only released, once, with a reason', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER collection_hold_release_only BEFORE UPDATE OR DELETE ON collection_hold
  FOR EACH ROW EXECUTE FUNCTION collection_hold_release_only();

-- 7. Promises to pay; close of business sets each kept or broken (and records the event).
CREATE TABLE collection_promise (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id             bigint NOT NULL REFERENCES collection_case (id),
  loan_id             bigint NOT NULL REFERENCES loan (id),
  contact_id          bigint REFERENCES collection_contact (id),
  made_on             date NOT NULL,
  -- [{"dueDate": "YYYY-MM-DD", "amountFen": n}, ...]
  instalments         jsonb NOT NULL,
  total_fen           bigint NOT NULL CHECK (total_fen > 0),
  grace_days          integer NOT NULL,
  tolerance_fen       bigint NOT NULL,
  state               text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'kept', 'broken', 'superseded')),
  broken_on           date,
  settled_on          date,
  recorded_by_user_id bigint REFERENCES app_user (id),
  recorded_by         text NOT NULL,
  recorded_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX collection_promise_case ON collection_promise (case_id, id);
CREATE INDEX collection_promise_active ON collection_promise (loan_id) WHERE state = 'active';

-- 8. Coverage (逾期不催收) after each close: the loans not covered, with why, and the counts.
CREATE TABLE collection_coverage (
  business_date date NOT NULL,
  loan_id       bigint NOT NULL REFERENCES loan (id),
  case_id       bigint REFERENCES collection_case (id),
  branch_id     bigint NOT NULL REFERENCES branch (id),
  team_id       bigint,
  collector_id  bigint,
  bucket        text NOT NULL,
  dpd           integer NOT NULL,
  reasons       text[] NOT NULL,
  PRIMARY KEY (business_date, loan_id)
);
CREATE INDEX collection_coverage_branch ON collection_coverage (business_date, branch_id);

CREATE TABLE collection_coverage_summary (
  business_date date NOT NULL,
  level         text NOT NULL CHECK (level IN ('branch', 'team', 'collector')),
  unit_id       bigint NOT NULL,
  -- the loan's branch for branch rows; the team's or collector's own branch otherwise (for scope)
  branch_id     bigint NOT NULL REFERENCES branch (id),
  overdue       integer NOT NULL,
  covered       integer NOT NULL,
  pending       integer NOT NULL,
  held          integer NOT NULL,
  uncovered     integer NOT NULL,
  by_reason     jsonb NOT NULL,
  PRIMARY KEY (business_date, level, unit_id)
);

CREATE TABLE collection_run (
  business_date date PRIMARY KEY,
  started_at    timestamptz NOT NULL,
  finished_at   timestamptz NOT NULL,
  steps         jsonb NOT NULL
);

CREATE TRIGGER collection_case_owner_append_only BEFORE UPDATE OR DELETE ON collection_case_owner
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER collection_case_event_append_only BEFORE UPDATE OR DELETE ON collection_case_event
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER collection_contact_append_only BEFORE UPDATE OR DELETE ON collection_contact
  FOR EACH ROW EXECUTE FUNCTION refuse_change('log a correction that points at it instead');
