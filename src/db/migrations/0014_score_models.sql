-- 0014: behaviour score models and loan scores; early-warning indicators that act.
-- The rules are src/domain/scorecard (training, the card, scoring) and src/domain/warnings (the
-- indicator's action); modules/scorecard and modules/warnings load, call them and store.

-- 1. Score models -----------------------------------------------------------------------------------

-- A trained scorecard, as its model card (src/domain/scorecard/model-card.ts): features, bins,
-- points, metrics and the training data's hash. draft → champion (approved by a risk officer other
-- than the one who registered it) → retired (when another champion is approved). The card itself
-- never changes: a retrained model is a new row.
CREATE TABLE score_model (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version               text NOT NULL UNIQUE,
  card                  jsonb NOT NULL,
  target                text NOT NULL,
  training_sha256       text NOT NULL CHECK (training_sha256 ~ '^[0-9a-f]{64}$'),
  -- for a model trained on the book: the month end its features were taken at
  trained_as_of         date,
  status                text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'champion', 'retired')),
  registered_by_user_id bigint REFERENCES app_user (id),
  registered_by         text NOT NULL,
  registered_at         timestamptz NOT NULL DEFAULT now(),
  approved_by_user_id   bigint REFERENCES app_user (id),
  approved_by           text,
  approved_at           timestamptz,
  approval_note         text,
  retired_at            timestamptz,
  CHECK ((status = 'draft') = (approved_at IS NULL)),
  CHECK ((status = 'retired') = (retired_at IS NOT NULL))
);
-- one champion at a time: close of business scores with it
CREATE UNIQUE INDEX score_model_champion ON score_model ((true)) WHERE status = 'champion';

-- 2. Loan scores --------------------------------------------------------------------------------------

-- Each active loan's score and grade A–E as of its last close, with the score 30 days before (NULL
-- when it was not scored then): the score-drop indicator reads the difference.
CREATE TABLE loan_score (
  loan_id         bigint PRIMARY KEY REFERENCES loan (id),
  branch_id       bigint NOT NULL REFERENCES branch (id),
  as_of           date NOT NULL,
  model_id        bigint NOT NULL REFERENCES score_model (id),
  score           integer NOT NULL,
  grade           text NOT NULL CHECK (grade IN ('A', 'B', 'C', 'D', 'E')),
  score_30d_ago   integer
);
CREATE INDEX loan_score_branch ON loan_score (branch_id, grade);

-- A row per change of a loan's (model, score, grade): a past date's score is the row with the
-- latest valid_from on or before it. Rerunning a date replaces that date's rows.
CREATE TABLE loan_score_history (
  loan_id    bigint NOT NULL REFERENCES loan (id),
  valid_from date NOT NULL,
  model_id   bigint NOT NULL REFERENCES score_model (id),
  score      integer NOT NULL,
  grade      text NOT NULL CHECK (grade IN ('A', 'B', 'C', 'D', 'E')),
  PRIMARY KEY (loan_id, valid_from)
);

CREATE TABLE score_run (
  business_date date PRIMARY KEY,
  model_id      bigint REFERENCES score_model (id),
  finished_at   timestamptz NOT NULL DEFAULT now(),
  counts        jsonb NOT NULL
);

-- 3. Indicators that act ------------------------------------------------------------------------------

-- What an indicator starts when one of its warnings opens (src/domain/warnings/action.ts): a
-- follow-up or a collection step; NULL: nothing, the warning waits in the inbox.
ALTER TABLE warning_indicator ADD COLUMN action jsonb;
-- What the opening started: {"kind":"followup","taskId":…} or why nothing was ({"skipped":…}).
ALTER TABLE warning_alert ADD COLUMN action_result jsonb;

-- A collection step started by a warning is a task of its own kind: a strategy's next step does
-- not cancel it as it cancels the strategy's own earlier steps.
ALTER TABLE collection_task DROP CONSTRAINT collection_task_kind_check;
ALTER TABLE collection_task ADD CONSTRAINT collection_task_kind_check CHECK (kind IN ('strategy', 'escalation', 'warning'));

-- The starter library's indicators that act, as version 2 of their codes (STARTER_INDICATORS of
-- src/domain/warnings/starter.ts; a test keeps them equal): an income drop or a GPS tamper sends
-- someone to the borrower, broken promises put a call to the branch manager on the open case.
INSERT INTO warning_indicator (code, version, name_zh, name_en, expression, threshold_op, threshold, severity, effective_from, reason, created_by, action) VALUES
  ('gps-tamper', 2, 'GPS 拆除或断电', 'GPS tracker tampered with or cut', 'gps_tamper_alerts_30d', '>=', 1, 'critical', '2020-01-01', '预警触发实地回访 the warning starts a field visit', 'migration',
   '{"kind":"followup","channel":"field","withinDays":3}'),
  ('income-drop', 2, '回访发现收入下降', 'Income drop found at follow-up', 'income_drop', NULL, NULL, 'medium', '2020-01-01', '预警触发电话回访 the warning starts a phone follow-up', 'migration',
   '{"kind":"followup","channel":"phone","withinDays":7}'),
  ('broken-promises', 2, '多次违约承诺', 'Several broken promises to pay', 'broken_promises_90d', '>=', 2, 'high', '2020-01-01', '预警触发催收步骤 the warning starts a collection step', 'migration',
   '{"kind":"collection_step","action":"call","forRole":"branch_manager","withinDays":2}');
