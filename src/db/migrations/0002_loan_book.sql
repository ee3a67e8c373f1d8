-- The loan book: products, borrowers and their effective-dated facts, contacts, vehicles, loans,
-- versioned schedules, repayments (append-only, reversals point at what they reverse).

CREATE TABLE product (
  code               text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_-]{1,31}$'),
  name_zh            text NOT NULL,
  name_en            text NOT NULL,
  max_term_months    integer NOT NULL CHECK (max_term_months BETWEEN 1 AND 600),
  penalty_markup     numeric(6, 4) NOT NULL DEFAULT 0.5 CHECK (penalty_markup >= 0),
  day_count          text NOT NULL DEFAULT 'ACT/360' CHECK (day_count IN ('ACT/360', 'ACT/365')),
  compound_penalty   boolean NOT NULL DEFAULT true,
  -- the repayment waterfall as data: {"order": ["penalty","interest","principal"], "mode": "installment-first"}
  waterfall          jsonb NOT NULL DEFAULT '{"order": ["penalty", "interest", "principal"], "mode": "installment-first"}'
);
-- Terms from 《汽车贷款管理办法》 practice: new cars ≤ 5 years, used ≤ 3, dealer loans ≤ 1.
INSERT INTO product (code, name_zh, name_en, max_term_months) VALUES
  ('new_car', '新车贷款', 'New car loan', 60),
  ('used_car', '二手车贷款', 'Used car loan', 36),
  ('commercial', '商用车贷款', 'Commercial vehicle loan', 60),
  ('floor_plan', '经销商库存融资', 'Dealer floor plan', 12),
  -- loans bought or securitised in pools (e.g. the US ABS-EE tapes), whose terms run to 84 months
  ('pool_auto', '资产池车贷', 'Pooled auto loan', 96);

CREATE TABLE borrower (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id text NOT NULL UNIQUE,
  kind        text NOT NULL CHECK (kind IN ('individual', 'enterprise')),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- resident ID number (individual) or unified social credit code (enterprise), checked on entry;
  -- absent only for anonymised tapes such as the ABS-EE import
  id_number   text,
  branch_id   bigint NOT NULL REFERENCES branch (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, id_number)
);
CREATE INDEX borrower_branch ON borrower (branch_id);

-- Declared facts are never overwritten: a change is a new row, effective from a date, pointing at
-- the row it supersedes, with its source and verification status.
CREATE TABLE borrower_fact (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  borrower_id    bigint NOT NULL REFERENCES borrower (id),
  fact           text NOT NULL CHECK (fact IN ('mobile', 'phone', 'email', 'home_address', 'work_address', 'employer', 'position', 'monthly_income_fen')),
  value          text NOT NULL,
  effective_from date NOT NULL,
  source         text NOT NULL CHECK (source IN ('application', 'follow_up', 'import', 'borrower')),
  verification   text NOT NULL DEFAULT 'unverified' CHECK (verification IN ('unverified', 'verified', 'differs', 'unverifiable')),
  supersedes_id  bigint REFERENCES borrower_fact (id),
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  recorded_by    text NOT NULL,
  reason         text
);
CREATE INDEX borrower_fact_current ON borrower_fact (borrower_id, fact, effective_from DESC, id DESC);

CREATE TABLE borrower_contact (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  borrower_id bigint NOT NULL REFERENCES borrower (id),
  role        text NOT NULL CHECK (role IN ('guarantor', 'emergency_contact')),
  name        text NOT NULL,
  relation    text,
  mobile      text,
  id_number   text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX borrower_contact_borrower ON borrower_contact (borrower_id);

CREATE TABLE vehicle (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- absent only for anonymised tapes, which carry make, model and value but no VIN
  vin           text UNIQUE CHECK (vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
  plate         text,
  make          text NOT NULL,
  model         text NOT NULL,
  model_year    integer NOT NULL CHECK (model_year BETWEEN 1950 AND 2100),
  condition     text NOT NULL CHECK (condition IN ('new', 'used')),
  price_fen     bigint NOT NULL CHECK (price_fen > 0),
  mileage_km    integer CHECK (mileage_km >= 0),
  gps_device_id text,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE loan (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id       text NOT NULL UNIQUE,
  borrower_id       bigint NOT NULL REFERENCES borrower (id),
  branch_id         bigint NOT NULL REFERENCES branch (id),
  officer_user_id   bigint REFERENCES app_user (id),
  product_code      text NOT NULL REFERENCES product (code),
  principal_fen     bigint NOT NULL CHECK (principal_fen > 0),
  annual_rate       numeric(12, 10) NOT NULL CHECK (annual_rate >= 0 AND annual_rate < 1),
  term_months       integer NOT NULL CHECK (term_months BETWEEN 1 AND 600),
  method            text NOT NULL CHECK (method IN ('annuity', 'equal-principal', 'interest-only', 'balloon')),
  balloon_fen       bigint NOT NULL DEFAULT 0 CHECK (balloon_fen >= 0),
  disbursement_date date NOT NULL,
  first_due_date    date NOT NULL CHECK (first_due_date > disbursement_date),
  status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paid_off', 'written_off')),
  schedule_version  integer NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX loan_branch ON loan (branch_id, id);
CREATE INDEX loan_borrower ON loan (borrower_id);

CREATE TABLE loan_collateral (
  loan_id    bigint NOT NULL REFERENCES loan (id),
  vehicle_id bigint NOT NULL REFERENCES vehicle (id),
  PRIMARY KEY (loan_id, vehicle_id)
);
CREATE INDEX loan_collateral_vehicle ON loan_collateral (vehicle_id);

-- Schedules are versioned: a restructuring or a prepayment writes a new version; old ones stay.
-- The *_paid_fen columns are derived from the repayments (a replay rebuilds them) and kept here so
-- that set-based close-of-business SQL can read arrears without replaying.
CREATE TABLE installment (
  loan_id            bigint NOT NULL REFERENCES loan (id),
  version            integer NOT NULL,
  seq                integer NOT NULL,
  due_date           date NOT NULL,
  principal_fen      bigint NOT NULL CHECK (principal_fen >= 0),
  interest_fen       bigint NOT NULL CHECK (interest_fen >= 0),
  balance_after_fen  bigint NOT NULL CHECK (balance_after_fen >= 0),
  principal_paid_fen bigint NOT NULL DEFAULT 0,
  interest_paid_fen  bigint NOT NULL DEFAULT 0,
  penalty_fen        bigint NOT NULL DEFAULT 0,
  penalty_paid_fen   bigint NOT NULL DEFAULT 0,
  settled_on         date,
  PRIMARY KEY (loan_id, version, seq)
);

CREATE TABLE repayment (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  loan_id     bigint NOT NULL REFERENCES loan (id),
  external_id text NOT NULL UNIQUE,
  value_date  date NOT NULL,
  amount_fen  bigint NOT NULL CHECK (amount_fen > 0),
  channel     text NOT NULL CHECK (channel IN ('bank_transfer', 'direct_debit', 'counter', 'online', 'collection', 'import')),
  -- a reversal is a row of its own pointing at the repayment it cancels
  reverses_id bigint UNIQUE REFERENCES repayment (id),
  reason      text,
  posted_at   timestamptz NOT NULL DEFAULT now(),
  posted_by   text NOT NULL,
  CHECK ((reverses_id IS NULL) OR (reason IS NOT NULL))
);
CREATE INDEX repayment_loan ON repayment (loan_id, value_date);

-- Why a schedule version after the first exists: a partial prepayment (and, later, a
-- restructuring). Reversing the prepayment withdraws its version and the loan returns to the one before.
CREATE TABLE schedule_revision (
  loan_id      bigint NOT NULL REFERENCES loan (id),
  version      integer NOT NULL CHECK (version >= 2),
  -- the version it replaced, to return to when it is withdrawn
  previous_version integer NOT NULL,
  cause        text NOT NULL CHECK (cause IN ('prepayment', 'restructuring')),
  repayment_id bigint REFERENCES repayment (id),
  option       text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  withdrawn_at timestamptz,
  PRIMARY KEY (loan_id, version)
);

CREATE TRIGGER repayment_append_only BEFORE UPDATE OR DELETE ON repayment
  FOR EACH ROW EXECUTE FUNCTION refuse_change('post a reversal instead');
