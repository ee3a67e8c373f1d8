-- Close of business: delinquency bands as data, flags other modules set, each loan's current
-- status, its history (changes only), transition events, month-end snapshots, and run records.

CREATE TABLE delinquency_band (
  code     text PRIMARY KEY,
  position integer NOT NULL UNIQUE,
  min_dpd  integer NOT NULL CHECK (min_dpd >= 0),
  max_dpd  integer CHECK (max_dpd IS NULL OR max_dpd >= min_dpd)
);
INSERT INTO delinquency_band (code, position, min_dpd, max_dpd) VALUES
  ('M0', 0, 0, 0), ('M1', 1, 1, 30), ('M2', 2, 31, 60), ('M3', 3, 61, 90),
  ('M4', 4, 91, 120), ('M5', 5, 121, 150), ('M6', 6, 151, 180), ('M7+', 7, 181, NULL);

-- Flags set by other modules (restructuring, follow-ups, early warning): a class floor and/or the
-- IFRS 9 significant-increase or credit-impaired markers, from a date until cleared.
CREATE TABLE loan_flag (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  loan_id     bigint NOT NULL REFERENCES loan (id),
  flag        text NOT NULL CHECK (flag IN ('restructured', 'loan_use_breach', 'significant_increase', 'credit_impaired', 'evasion')),
  class_floor text CHECK (class_floor IN ('normal', 'special_mention', 'substandard', 'doubtful', 'loss')),
  set_on      date NOT NULL,
  cleared_on  date,
  reason      text NOT NULL,
  set_by      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX loan_flag_loan ON loan_flag (loan_id);

-- A person's judgement on a loan's class: it can only make the class worse than the rules say
-- (a better class comes only through the upgrade rule), and it needs a reason and a role.
CREATE TABLE loan_class_override (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  loan_id        bigint NOT NULL REFERENCES loan (id),
  risk_class     text NOT NULL CHECK (risk_class IN ('special_mention', 'substandard', 'doubtful', 'loss')),
  reason         text NOT NULL CHECK (length(reason) >= 2),
  role           text NOT NULL,
  set_by_user_id bigint REFERENCES app_user (id),
  set_on         date NOT NULL,
  withdrawn_on   date,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX loan_class_override_loan ON loan_class_override (loan_id);

CREATE TABLE loan_status (
  loan_id        bigint PRIMARY KEY REFERENCES loan (id),
  as_of          date NOT NULL,
  -- the oldest due date unpaid as of as_of; DPD on any date follows from it
  overdue_since  date,
  dpd            integer NOT NULL,
  bucket         text NOT NULL REFERENCES delinquency_band (code),
  risk_class     text NOT NULL CHECK (risk_class IN ('normal', 'special_mention', 'substandard', 'doubtful', 'loss')),
  stage          smallint NOT NULL CHECK (stage BETWEEN 1 AND 3),
  -- when the arrears were last cleared: the NPL upgrade rule counts from it
  cleared_on     date,
  closed         boolean NOT NULL DEFAULT false
);
CREATE INDEX loan_status_overdue ON loan_status (dpd) WHERE dpd > 0;

-- A row per change of (overdue_since, bucket, class, stage): a past date's status is the row whose
-- range holds it, and its DPD is that date minus overdue_since.
CREATE TABLE loan_status_history (
  loan_id       bigint NOT NULL REFERENCES loan (id),
  valid_from    date NOT NULL,
  valid_to      date,
  overdue_since date,
  bucket        text NOT NULL,
  risk_class    text NOT NULL,
  stage         smallint NOT NULL,
  PRIMARY KEY (loan_id, valid_from)
);
-- at most one open row per loan, and a fast way to find it
CREATE UNIQUE INDEX loan_status_history_open ON loan_status_history (loan_id) WHERE valid_to IS NULL;

CREATE TABLE loan_event (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  loan_id       bigint NOT NULL REFERENCES loan (id),
  business_date date NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('became_overdue', 'bucket_up', 'bucket_down', 'cured', 'class_changed', 'stage_changed', 'paid_off')),
  from_value    text,
  to_value      text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (loan_id, business_date, kind)
);
CREATE INDEX loan_event_date ON loan_event (business_date, kind);

CREATE TABLE month_end_snapshot (
  month_end                 date NOT NULL,
  loan_id                   bigint NOT NULL REFERENCES loan (id),
  dpd                       integer NOT NULL,
  bucket                    text NOT NULL,
  risk_class                text NOT NULL,
  stage                     smallint NOT NULL,
  outstanding_principal_fen bigint NOT NULL,
  PRIMARY KEY (month_end, loan_id)
);

CREATE TABLE eod_run (
  business_date date PRIMARY KEY,
  status        text NOT NULL CHECK (status IN ('done')),
  started_at    timestamptz NOT NULL,
  finished_at   timestamptz NOT NULL,
  steps         jsonb NOT NULL
);
