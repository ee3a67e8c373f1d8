-- Restructuring and hardship (issue 9): hardship assessments, requests with maker-checker,
-- approval authority and branch quotas as data, the ledger's non-cash settlements (capitalised
-- arrears, 罚息 waivers), and the link to a collection case while a plan is in force.

-- What the borrower told us and what we saw; append-only (a new assessment supersedes by date).
CREATE TABLE hardship_assessment (
  id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  loan_id                   bigint NOT NULL REFERENCES loan (id),
  cause                     text NOT NULL CHECK (cause IN ('job_loss', 'illness', 'business_downturn', 'accident', 'disaster')),
  evidence                  jsonb NOT NULL DEFAULT '[]',
  income_now_fen            bigint NOT NULL CHECK (income_now_fen >= 0),
  income_at_application_fen bigint CHECK (income_at_application_fen >= 0),
  willingness               text NOT NULL CHECK (willingness IN ('strong', 'some', 'none')),
  new_borrowing_declared    boolean NOT NULL DEFAULT false,
  -- the eligibility rules' answer when it was recorded (suggested options, abuse flags)
  eligibility               jsonb NOT NULL,
  assessed_on               date NOT NULL,
  recorded_by               text NOT NULL,
  recorded_by_user_id       bigint REFERENCES app_user (id),
  created_at                timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hardship_assessment_loan ON hardship_assessment (loan_id, id);
CREATE TRIGGER hardship_assessment_append_only BEFORE UPDATE OR DELETE ON hardship_assessment
  FOR EACH ROW EXECUTE FUNCTION refuse_change('record a new assessment instead');

-- Who may approve how much: the row for a role is its limit (authority.ts DEFAULT_AUTHORITY).
CREATE TABLE restructuring_authority (
  role              text PRIMARY KEY,
  max_waived_fen    bigint NOT NULL CHECK (max_waived_fen >= 0),
  max_extra_months  integer NOT NULL CHECK (max_extra_months >= 0)
);
INSERT INTO restructuring_authority (role, max_waived_fen, max_extra_months) VALUES
  ('branch_manager', 5000000, 6), ('risk_officer', 20000000, 12), ('admin', 9007199254740991, 120);

-- A branch's monthly quota; a branch without a row takes its nearest ancestor's (head office's
-- row is the default).
CREATE TABLE restructuring_quota (
  branch_id       bigint PRIMARY KEY REFERENCES branch (id),
  max_count       integer NOT NULL CHECK (max_count >= 0),
  max_waived_fen  bigint NOT NULL CHECK (max_waived_fen >= 0),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
INSERT INTO restructuring_quota (branch_id, max_count, max_waived_fen)
SELECT id, 20, 20000000 FROM branch WHERE kind = 'head_office';

CREATE TABLE restructuring (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  loan_id                 bigint NOT NULL REFERENCES loan (id),
  branch_id               bigint NOT NULL REFERENCES branch (id),
  hardship_assessment_id  bigint REFERENCES hardship_assessment (id),
  status                  text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  terms                   jsonb NOT NULL,
  -- the change date and the loan's position on it as previewed; approval refuses if it moved
  effective_on            date NOT NULL,
  position                jsonb NOT NULL,
  position_hash           text NOT NULL,
  comparison              jsonb NOT NULL,
  waived_fen              bigint NOT NULL CHECK (waived_fen >= 0),
  extra_months            integer NOT NULL CHECK (extra_months >= 0),
  was_non_performing      boolean NOT NULL,
  reason                  text NOT NULL CHECK (length(reason) >= 2),
  requested_by            text NOT NULL,
  requested_by_user_id    bigint REFERENCES app_user (id),
  requested_at            timestamptz NOT NULL DEFAULT now(),
  decided_by              text,
  decided_by_user_id      bigint REFERENCES app_user (id),
  decided_role            text,
  decided_on              date,
  decided_at              timestamptz,
  decision_reason         text,
  from_version            integer,
  to_version              integer,
  -- the flags that hold the class floor (restructured) and stage 2 (significant_increase)
  class_flag_id           bigint REFERENCES loan_flag (id),
  stage_flag_id           bigint REFERENCES loan_flag (id),
  -- the observation period as close of business last derived it (runRestructuringForDate)
  observation_start       date,
  observation_earliest_end date,
  observation_missed      jsonb NOT NULL DEFAULT '[]',
  observation_ended_on    date,
  CHECK ((status = 'pending') = (decided_on IS NULL))
);
CREATE INDEX restructuring_loan ON restructuring (loan_id, id);
CREATE INDEX restructuring_branch_month ON restructuring (branch_id, decided_on) WHERE status = 'approved';
CREATE INDEX restructuring_observed ON restructuring (id) WHERE status = 'approved' AND observation_ended_on IS NULL;
CREATE UNIQUE INDEX restructuring_one_pending ON restructuring (loan_id) WHERE status = 'pending';

-- A decision is final: its facts cannot change; only the derived observation columns move.
CREATE FUNCTION restructuring_decided_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'restructuring requests are never deleted'; END IF;
  IF OLD.status <> 'pending' AND (NEW.status, NEW.terms, NEW.decided_on, NEW.decided_by, NEW.to_version, NEW.waived_fen)
       IS DISTINCT FROM (OLD.status, OLD.terms, OLD.decided_on, OLD.decided_by, OLD.to_version, OLD.waived_fen) THEN
    RAISE EXCEPTION 'restructuring % is already decided', OLD.id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER restructuring_decided BEFORE UPDATE OR DELETE ON restructuring
  FOR EACH ROW EXECUTE FUNCTION restructuring_decided_guard();

-- Non-cash settlements the ledger replay applies on their date (src/domain/loan-ledger.ts): the
-- arrears a restructuring capitalised, and the 罚息 it waived. Never edited: a mistake is a new
-- restructuring.
CREATE TABLE ledger_adjustment (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  loan_id           bigint NOT NULL REFERENCES loan (id),
  effective_on      date NOT NULL,
  seq               integer NOT NULL,
  component         text NOT NULL CHECK (component IN ('principal', 'interest', 'penalty')),
  amount_fen        bigint NOT NULL CHECK (amount_fen > 0),
  cause             text NOT NULL CHECK (cause IN ('capitalised', 'waived')),
  restructuring_id  bigint NOT NULL REFERENCES restructuring (id),
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_adjustment_loan ON ledger_adjustment (loan_id);
CREATE TRIGGER ledger_adjustment_append_only BEFORE UPDATE OR DELETE ON ledger_adjustment
  FOR EACH ROW EXECUTE FUNCTION refuse_change('adjustments are never edited');

-- A plan in force on a collection case: the case's steps pause while it is kept (broken_on null).
CREATE TABLE collection_case_plan (
  case_id           bigint NOT NULL REFERENCES collection_case (id),
  restructuring_id  bigint NOT NULL REFERENCES restructuring (id),
  in_force_from     date NOT NULL,
  broken_on         date,
  ended_on          date,
  PRIMARY KEY (case_id, restructuring_id)
);
CREATE INDEX collection_case_plan_in_force ON collection_case_plan (case_id) WHERE broken_on IS NULL AND ended_on IS NULL;

ALTER TABLE loan_event DROP CONSTRAINT loan_event_kind_check;
ALTER TABLE loan_event ADD CONSTRAINT loan_event_kind_check
  CHECK (kind IN ('became_overdue', 'bucket_up', 'bucket_down', 'cured', 'class_changed', 'stage_changed', 'paid_off', 'history_corrected',
                  'restructured', 'restructuring_broken', 'observation_ended'));
