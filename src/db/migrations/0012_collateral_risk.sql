-- Collateral and risk (issue 8, items 1–4): vehicle segments, fitted depreciation, appraisals,
-- market index and valuation history; LTV and its thresholds; liens (抵押登记) and insurance;
-- telematics events, rules and alerts; early-warning indicators and their alerts. The rules are
-- src/domain/valuation, src/domain/telematics and src/domain/warnings; modules/collateral,
-- modules/telematics and modules/warnings load, call them and store.

-- 0. API tokens limited to some permissions (a GPS vendor's token may only post events). NULL: the
--    token acts with every permission of its user, as before.
ALTER TABLE api_token ADD COLUMN scopes text[] CHECK (scopes IS NULL OR cardinality(scopes) >= 1);

-- 1. Valuation ------------------------------------------------------------------------------------

-- The segment a vehicle is valued in, set by close of business from its make and model
-- (src/modules/collateral/segments.ts); NULL until then.
ALTER TABLE vehicle ADD COLUMN segment text CHECK (segment IN ('economy', 'mid', 'luxury', 'suv', 'mpv', 'new_energy'));
CREATE INDEX vehicle_gps_device ON vehicle (gps_device_id) WHERE gps_device_id IS NOT NULL;
CREATE INDEX vehicle_unsegmented ON vehicle (id) WHERE segment IS NULL;

-- Fitted depreciation, one version per `daihou valuation fit` (all six segments at once); the latest
-- version is the one in use. Never changed: a new fit is a new version.
CREATE TABLE valuation_fit (
  version     integer NOT NULL CHECK (version >= 1),
  segment     text NOT NULL CHECK (segment IN ('economy', 'mid', 'luxury', 'suv', 'mpv', 'new_energy')),
  -- change in ln(value) per year of age and per 10,000 km
  per_year    double precision NOT NULL CHECK (per_year < 0),
  per_10k_km  double precision NOT NULL CHECK (per_10k_km <= 0),
  r2_within   double precision NOT NULL,
  rmse_log    double precision NOT NULL,
  median_ape  double precision NOT NULL,
  listings    integer NOT NULL,
  models      integer NOT NULL,
  -- sha-256 of the listing files the fit came from
  data_hash   text NOT NULL,
  source      text NOT NULL,
  fitted_by   text NOT NULL,
  fitted_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (version, segment)
);
CREATE TRIGGER valuation_fit_append_only BEFORE UPDATE OR DELETE ON valuation_fit
  FOR EACH ROW EXECUTE FUNCTION refuse_change('fit a new version instead');

-- The fit of the UK listings (shared/data/uk_used_cars) as `daihou valuation fit` computes it, so a
-- fresh installation values vehicles from its first close (a test compares the two).
INSERT INTO valuation_fit (version, segment, per_year, per_10k_km, r2_within, rmse_log, median_ape, listings, models, data_hash, source, fitted_by) VALUES
  (1, 'economy',    -0.0922390168923877,  -0.037390773080114625, 0.7997123137951387, 0.13046005163373975, 0.08000550032511855,  24691, 21, 'a9f1011699b4f90190cace8144bc51e41944e5c9abbb696cb55d9618c4997fcd', 'uk_used_cars', 'migration'),
  (1, 'mid',        -0.10441224912589231, -0.03841516841991447,  0.7770466435223694, 0.18292045581685082, 0.10408109773993401,  34767, 67, 'a9f1011699b4f90190cace8144bc51e41944e5c9abbb696cb55d9618c4997fcd', 'uk_used_cars', 'migration'),
  (1, 'luxury',     -0.09753187782668694, -0.04126036218304083,  0.8049535121948506, 0.17274372571127114, 0.09853804414969813,  8289,  29, 'a9f1011699b4f90190cace8144bc51e41944e5c9abbb696cb55d9618c4997fcd', 'uk_used_cars', 'migration'),
  (1, 'suv',        -0.10192259874956133, -0.03365169153055059,  0.7626329088272497, 0.12713419949985277, 0.08202000242618057,  23168, 41, 'a9f1011699b4f90190cace8144bc51e41944e5c9abbb696cb55d9618c4997fcd', 'uk_used_cars', 'migration'),
  (1, 'mpv',        -0.10612748727002988, -0.03625387680649344,  0.8474310621534096, 0.13168209361821442, 0.07101885624181026,  5148,  23, 'a9f1011699b4f90190cace8144bc51e41944e5c9abbb696cb55d9618c4997fcd', 'uk_used_cars', 'migration'),
  (1, 'new_energy', -0.07661680302321032, -0.030897691141355276, 0.7662392462549227, 0.09271008666911297, 0.055775845780581035, 3082,  31, 'a9f1011699b4f90190cace8144bc51e41944e5c9abbb696cb55d9618c4997fcd', 'uk_used_cars', 'migration');

-- Settings of collateral monitoring, as data (one row).
CREATE TABLE collateral_setting (
  id                      smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  -- an appraisal overrides the model for this many days after its date
  appraisal_valid_days    integer NOT NULL CHECK (appraisal_valid_days BETWEEN 1 AND 3650),
  -- mileage is known at purchase; after that it is estimated at this many km a year
  km_per_year             integer NOT NULL CHECK (km_per_year BETWEEN 0 AND 200000),
  -- insurance reminders start this many days before a policy ends
  insurance_reminder_days integer NOT NULL CHECK (insurance_reminder_days BETWEEN 0 AND 365),
  -- the policy kinds a financed vehicle must have in force (交强险 compulsory, 商业险 commercial)
  required_insurance      text[] NOT NULL CHECK (required_insurance <@ ARRAY['compulsory', 'commercial']::text[])
);
INSERT INTO collateral_setting (appraisal_valid_days, km_per_year, insurance_reminder_days, required_insurance)
VALUES (180, 15000, 30, ARRAY['compulsory', 'commercial']);

-- A used-car price index per segment and month (100 = the base); the last month at or before a
-- date applies. Set by risk officers; every change is in the audit log.
CREATE TABLE market_index (
  segment    text NOT NULL CHECK (segment IN ('economy', 'mid', 'luxury', 'suv', 'mpv', 'new_energy')),
  month      text NOT NULL CHECK (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  points     numeric(8, 2) NOT NULL CHECK (points > 0),
  set_by     text NOT NULL,
  set_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (segment, month)
);

-- Manual appraisals (评估): append-only; the latest one still valid overrides the model.
CREATE TABLE vehicle_appraisal (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  vehicle_id          bigint NOT NULL REFERENCES vehicle (id),
  value_fen           bigint NOT NULL CHECK (value_fen > 0),
  appraised_on        date NOT NULL,
  source              text NOT NULL CHECK (length(source) BETWEEN 2 AND 100),
  note                text,
  recorded_by_user_id bigint REFERENCES app_user (id),
  recorded_by         text NOT NULL,
  recorded_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vehicle_appraisal_vehicle ON vehicle_appraisal (vehicle_id, appraised_on DESC, id DESC);
CREATE TRIGGER vehicle_appraisal_append_only BEFORE UPDATE OR DELETE ON vehicle_appraisal
  FOR EACH ROW EXECUTE FUNCTION refuse_change('record a new appraisal instead');

-- A vehicle's value on the dates it changed (close of business writes a row only when the value
-- or its basis differs from the vehicle's previous row). Derived: rebuilt from appraisals, fits
-- and the index; a rerun of a date replaces that date's row.
CREATE TABLE vehicle_valuation (
  vehicle_id      bigint NOT NULL REFERENCES vehicle (id),
  valued_on       date NOT NULL,
  value_fen       bigint NOT NULL CHECK (value_fen >= 0),
  basis           text NOT NULL CHECK (basis IN ('appraisal', 'model')),
  model_value_fen bigint NOT NULL,
  fit_version     integer NOT NULL,
  segment         text NOT NULL,
  age_years       numeric(6, 2) NOT NULL,
  km_estimate     integer NOT NULL,
  index_base      numeric(8, 2),
  index_now       numeric(8, 2),
  appraisal_id    bigint REFERENCES vehicle_appraisal (id),
  PRIMARY KEY (vehicle_id, valued_on)
);

-- LTV thresholds per product, in basis points (DEFAULT_LTV_THRESHOLDS_BP of src/domain/valuation/ltv.ts).
CREATE TABLE ltv_threshold (
  product_code text PRIMARY KEY REFERENCES product (code),
  threshold_bp integer NOT NULL CHECK (threshold_bp BETWEEN 1 AND 100000),
  set_by       text NOT NULL,
  set_at       timestamptz NOT NULL DEFAULT now()
);
INSERT INTO ltv_threshold (product_code, threshold_bp, set_by) VALUES
  ('new_car', 10000, 'migration'), ('used_car', 9000, 'migration'), ('commercial', 10000, 'migration'),
  ('floor_plan', 8500, 'migration'), ('pool_auto', 12000, 'migration');

-- Each open loan's LTV as of its last close, and the one before it (the crossing compares them;
-- a rerun of a date keeps the previous date's value as "before").
CREATE TABLE loan_ltv (
  loan_id                   bigint PRIMARY KEY REFERENCES loan (id),
  as_of                     date NOT NULL,
  outstanding_principal_fen bigint NOT NULL,
  value_fen                 bigint NOT NULL,
  -- NULL when the collateral is worth nothing (infinite LTV)
  ltv_bp                    integer,
  previous_as_of            date,
  previous_ltv_bp           integer,
  branch_id                 bigint NOT NULL REFERENCES branch (id)
);
CREATE INDEX loan_ltv_branch ON loan_ltv (branch_id, ltv_bp);

-- 2. Liens and insurance --------------------------------------------------------------------------

-- 抵押登记: a registration with the vehicle administration, released (解押) once.
CREATE TABLE vehicle_lien (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  vehicle_id          bigint NOT NULL REFERENCES vehicle (id),
  loan_id             bigint REFERENCES loan (id),
  authority           text NOT NULL CHECK (length(authority) BETWEEN 2 AND 200),
  certificate_no      text NOT NULL CHECK (length(certificate_no) BETWEEN 1 AND 100),
  registered_on       date NOT NULL,
  recorded_by_user_id bigint REFERENCES app_user (id),
  recorded_by         text NOT NULL,
  recorded_at         timestamptz NOT NULL DEFAULT now(),
  released_on         date CHECK (released_on IS NULL OR released_on >= registered_on),
  release_note        text,
  released_by_user_id bigint REFERENCES app_user (id),
  released_by         text,
  released_at         timestamptz,
  UNIQUE (authority, certificate_no),
  CHECK ((released_on IS NULL) = (released_by IS NULL) AND (released_on IS NULL) = (released_at IS NULL))
);
-- one registration in force per vehicle
CREATE UNIQUE INDEX vehicle_lien_in_force ON vehicle_lien (vehicle_id) WHERE released_on IS NULL;

CREATE FUNCTION vehicle_lien_release_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.released_on IS NOT NULL OR NEW.released_on IS NULL
     OR (NEW.id, NEW.vehicle_id, NEW.loan_id, NEW.authority, NEW.certificate_no, NEW.registered_on, NEW.recorded_by_user_id, NEW.recorded_by, NEW.recorded_at)
        IS DISTINCT FROM (OLD.id, OLD.vehicle_id, OLD.loan_id, OLD.authority, OLD.certificate_no, OLD.registered_on, OLD.recorded_by_user_id, OLD.recorded_by, OLD.recorded_at)
  THEN
    RAISE EXCEPTION 'vehicle_lien: % refused; a registration is only released, once', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER vehicle_lien_release_only BEFORE UPDATE OR DELETE ON vehicle_lien
  FOR EACH ROW EXECUTE FUNCTION vehicle_lien_release_only();

-- Insurance policies (交强险 compulsory, 商业险 commercial); append-only.
CREATE TABLE insurance_policy (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  vehicle_id          bigint NOT NULL REFERENCES vehicle (id),
  insurer             text NOT NULL CHECK (length(insurer) BETWEEN 2 AND 200),
  policy_no           text NOT NULL CHECK (length(policy_no) BETWEEN 1 AND 100),
  kind                text NOT NULL CHECK (kind IN ('compulsory', 'commercial')),
  starts_on           date NOT NULL,
  ends_on             date NOT NULL CHECK (ends_on >= starts_on),
  recorded_by_user_id bigint REFERENCES app_user (id),
  recorded_by         text NOT NULL,
  recorded_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (insurer, policy_no)
);
CREATE INDEX insurance_policy_vehicle ON insurance_policy (vehicle_id, kind, ends_on);
CREATE TRIGGER insurance_policy_append_only BEFORE UPDATE OR DELETE ON insurance_policy
  FOR EACH ROW EXECUTE FUNCTION refuse_change('record the corrected policy as a new one');

-- What close of business found about collateral: an LTV crossing, a policy about to end, a financed
-- vehicle without a required policy. `key` names the situation, so a rerun raises nothing twice.
CREATE TABLE collateral_alert (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key        text NOT NULL UNIQUE,
  kind       text NOT NULL CHECK (kind IN ('ltv_breach', 'insurance_expiring', 'uninsured')),
  severity   text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  vehicle_id bigint NOT NULL REFERENCES vehicle (id),
  loan_id    bigint REFERENCES loan (id),
  branch_id  bigint NOT NULL REFERENCES branch (id),
  raised_on  date NOT NULL,
  evidence   jsonb NOT NULL,
  message_zh text NOT NULL,
  message_en text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX collateral_alert_branch ON collateral_alert (branch_id, id);
CREATE INDEX collateral_alert_loan ON collateral_alert (loan_id, raised_on);

-- Work that collateral needs: releasing the lien (解押) of a paid-off loan. One per lien; done when
-- the release is recorded.
CREATE TABLE collateral_task (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key        text NOT NULL UNIQUE,
  kind       text NOT NULL CHECK (kind IN ('lien_release')),
  vehicle_id bigint NOT NULL REFERENCES vehicle (id),
  loan_id    bigint NOT NULL REFERENCES loan (id),
  lien_id    bigint REFERENCES vehicle_lien (id),
  branch_id  bigint NOT NULL REFERENCES branch (id),
  created_on date NOT NULL,
  status     text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  closed_on  date,
  closed_by  text,
  CHECK ((status = 'open') = (closed_on IS NULL))
);
CREATE INDEX collateral_task_open ON collateral_task (branch_id, id) WHERE status = 'open';

CREATE TABLE collateral_run (
  business_date date PRIMARY KEY,
  finished_at   timestamptz NOT NULL DEFAULT now(),
  counts        jsonb NOT NULL
);

-- 3. Telematics ------------------------------------------------------------------------------------

-- Where a borrower declared to live and work, as coordinates (WGS-84, or the datum the GPS vendor
-- reports in): the "parked far from home" rule measures from them. Latest per kind applies.
CREATE TABLE declared_location (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  borrower_id         bigint NOT NULL REFERENCES borrower (id),
  kind                text NOT NULL CHECK (kind IN ('home', 'work')),
  lat                 double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lng                 double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
  source              text NOT NULL CHECK (length(source) BETWEEN 2 AND 100),
  recorded_by_user_id bigint REFERENCES app_user (id),
  recorded_by         text NOT NULL,
  recorded_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX declared_location_borrower ON declared_location (borrower_id, kind, id DESC);
CREATE TRIGGER declared_location_append_only BEFORE UPDATE OR DELETE ON declared_location
  FOR EACH ROW EXECUTE FUNCTION refuse_change('record the new location instead');

-- Events as the vendor sent them; the vendor's event id (within its device) makes a repeat a no-op.
CREATE TABLE telematics_event (
  device_id   text NOT NULL,
  event_id    text NOT NULL,
  at          timestamptz NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('position', 'heartbeat', 'power_cut', 'tamper', 'offline')),
  lat         double precision,
  lng         double precision,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (device_id, event_id),
  CHECK ((lat IS NULL) = (lng IS NULL)),
  CHECK (kind <> 'position' OR lat IS NOT NULL)
);
CREATE INDEX telematics_event_device_at ON telematics_event (device_id, at);

-- The rules (src/domain/telematics/rules.ts RuleSchema), one row each; risk officers edit them.
CREATE TABLE telematics_rule (
  code       text PRIMARY KEY,
  kind       text NOT NULL CHECK (kind IN ('offline', 'tamper', 'stationary_far', 'geofence_enter', 'region_exit')),
  definition jsonb NOT NULL,
  active     boolean NOT NULL DEFAULT true,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (definition ->> 'code' = code AND definition ->> 'kind' = kind)
);
-- DEFAULT_RULES (a test keeps them equal); geofences and regions are each lender's to add.
INSERT INTO telematics_rule (code, kind, definition, updated_by) VALUES
  ('offline-72h', 'offline', '{"code": "offline-72h", "kind": "offline", "severity": "high", "afterHours": 72}', 'migration'),
  ('tamper', 'tamper', '{"code": "tamper", "kind": "tamper", "severity": "critical", "events": ["power_cut", "tamper"]}', 'migration'),
  ('parked-far', 'stationary_far', '{"code": "parked-far", "kind": "stationary_far", "severity": "medium", "days": 7, "radiusMeters": 500, "farMeters": 50000, "minFixes": 3}', 'migration');

CREATE TABLE telematics_alert (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key        text NOT NULL UNIQUE,
  rule_code  text NOT NULL,
  kind       text NOT NULL,
  severity   text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  device_id  text NOT NULL,
  vehicle_id bigint NOT NULL REFERENCES vehicle (id),
  loan_id    bigint NOT NULL REFERENCES loan (id),
  branch_id  bigint NOT NULL REFERENCES branch (id),
  at         timestamptz NOT NULL,
  evidence   jsonb NOT NULL,
  message_zh text NOT NULL,
  message_en text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX telematics_alert_branch ON telematics_alert (branch_id, id);
CREATE INDEX telematics_alert_loan ON telematics_alert (loan_id, at);
CREATE INDEX telematics_alert_vehicle ON telematics_alert (vehicle_id, at);

-- 4. Early-warning indicators -----------------------------------------------------------------------

-- Head office's indicators, versioned: a change is a new version; the version in force on a date is
-- the latest effective on it. The expression is src/domain/warnings/expression.ts over the features
-- of src/domain/warnings/features.ts; a numeric one fires when `value op threshold`.
CREATE TABLE warning_indicator (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code               text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_-]{1,39}$'),
  version            integer NOT NULL CHECK (version >= 1),
  name_zh            text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 100),
  name_en            text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
  expression         text NOT NULL CHECK (length(expression) BETWEEN 1 AND 2000),
  threshold_op       text CHECK (threshold_op IN ('>=', '>', '<=', '<')),
  threshold          numeric,
  severity           text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  -- empty: every product
  products           text[] NOT NULL DEFAULT '{}',
  effective_from     date NOT NULL,
  effective_to       date CHECK (effective_to IS NULL OR effective_to > effective_from),
  reason             text NOT NULL CHECK (length(reason) >= 2),
  created_by_user_id bigint REFERENCES app_user (id),
  created_by         text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (code, version),
  CHECK ((threshold_op IS NULL) = (threshold IS NULL))
);
CREATE TRIGGER warning_indicator_append_only BEFORE UPDATE OR DELETE ON warning_indicator
  FOR EACH ROW EXECUTE FUNCTION refuse_change('publish a new version instead');

-- The starter library (STARTER_INDICATORS of src/domain/warnings/starter.ts; a test keeps them equal).
INSERT INTO warning_indicator (code, version, name_zh, name_en, expression, threshold_op, threshold, severity, effective_from, reason, created_by) VALUES
  ('first-payment-default', 1, '首期违约', 'First payment default', 'first_installment_overdue_days >= 30 and months_on_book <= 6', NULL, NULL, 'high', '2020-01-01', '总行预警指标库 starter library', 'migration'),
  ('dpd-roll', 1, '逾期迁徙恶化', 'DPD roll to a worse bucket', 'bucket_rank_change_30d >= 1 and dpd > 30', NULL, NULL, 'high', '2020-01-01', '总行预警指标库 starter library', 'migration'),
  ('ltv-breach', 1, '抵押率超限', 'LTV above the product threshold', 'ltv_bp >= ltv_threshold_bp', NULL, NULL, 'medium', '2020-01-01', '总行预警指标库 starter library', 'migration'),
  ('gps-tamper', 1, 'GPS 拆除或断电', 'GPS tracker tampered with or cut', 'gps_tamper_alerts_30d', '>=', 1, 'critical', '2020-01-01', '总行预警指标库 starter library', 'migration'),
  ('income-drop', 1, '回访发现收入下降', 'Income drop found at follow-up', 'income_drop', NULL, NULL, 'medium', '2020-01-01', '总行预警指标库 starter library', 'migration'),
  ('broken-promises', 1, '多次违约承诺', 'Several broken promises to pay', 'broken_promises_90d', '>=', 2, 'high', '2020-01-01', '总行预警指标库 starter library', 'migration'),
  ('score-drop', 1, '行为评分下降', 'Behaviour score dropped', 'score_change_30d', '<=', -50, 'medium', '2020-01-01', '总行预警指标库 starter library', 'migration');

-- An indicator firing on a loan: one row per episode (the days in a row it held), open →
-- acknowledged → resolved with a note. last_true_on moves on while it keeps holding; when it stops
-- and later holds again, that is a new episode and a new row.
CREATE TABLE warning_alert (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  indicator_code          text NOT NULL,
  indicator_version       integer NOT NULL,
  loan_id                 bigint NOT NULL REFERENCES loan (id),
  branch_id               bigint NOT NULL REFERENCES branch (id),
  severity                text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  raised_on               date NOT NULL,
  last_true_on            date NOT NULL CHECK (last_true_on >= raised_on),
  -- the expression's value and the features it read, when raised
  evidence                jsonb NOT NULL,
  status                  text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
  acknowledged_by_user_id bigint REFERENCES app_user (id),
  acknowledged_by         text,
  acknowledged_at         timestamptz,
  resolved_by_user_id     bigint REFERENCES app_user (id),
  resolved_by             text,
  resolved_at             timestamptz,
  resolution_note         text CHECK (length(resolution_note) >= 2),
  UNIQUE (indicator_code, loan_id, raised_on),
  CHECK (status <> 'open' OR (acknowledged_at IS NULL AND resolved_at IS NULL)),
  CHECK (status <> 'acknowledged' OR (acknowledged_at IS NOT NULL AND resolved_at IS NULL)),
  CHECK ((status = 'resolved') = (resolved_at IS NOT NULL AND resolution_note IS NOT NULL))
);
CREATE INDEX warning_alert_inbox ON warning_alert (branch_id, status, id);
CREATE INDEX warning_alert_loan ON warning_alert (loan_id, indicator_code, last_true_on);

-- Every change of a warning, append-only.
CREATE TABLE warning_alert_event (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  warning_id    bigint NOT NULL REFERENCES warning_alert (id),
  action        text NOT NULL CHECK (action IN ('raised', 'acknowledged', 'resolved')),
  note          text,
  by_user_id    bigint REFERENCES app_user (id),
  by_name       text NOT NULL,
  at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX warning_alert_event_warning ON warning_alert_event (warning_id, id);
CREATE TRIGGER warning_alert_event_append_only BEFORE UPDATE OR DELETE ON warning_alert_event
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE warning_run (
  business_date date PRIMARY KEY,
  finished_at   timestamptz NOT NULL DEFAULT now(),
  counts        jsonb NOT NULL
);
