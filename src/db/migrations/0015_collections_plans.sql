-- Collections and restructuring: a case whose loan has an approved plan in force pauses its
-- strategy steps while the borrower keeps to it, and resumes them when the plan breaks
-- (collection_case_plan, filled by src/modules/restructuring). The case's events say when each
-- happened, so the case log explains the gap in its steps.
ALTER TABLE collection_case_event DROP CONSTRAINT collection_case_event_kind_check;
ALTER TABLE collection_case_event ADD CONSTRAINT collection_case_event_kind_check
  CHECK (kind IN ('opened', 'closed', 'promise_made', 'promise_kept', 'promise_broken', 'uncovered', 'plan_paused', 'plan_resumed'));

-- A broken restructuring plan is an early warning. It is an event, not a state an expression over
-- the loan's features can see, so the collections run raises it itself (src/modules/collections/
-- plans.ts) on the day the plan breaks. The indicator row gives the alert its name, severity and
-- version in the warnings inbox; its expression names no documented feature, so the warnings run
-- (which evaluates only expressions that check) leaves it to the event.
INSERT INTO warning_indicator (code, version, name_zh, name_en, expression, threshold_op, threshold, severity, effective_from, reason, created_by) VALUES
  ('restructuring-broken', 1, '重组计划未履行', 'Restructuring plan broken', 'restructuring_plan_broken', NULL, NULL, 'high', '2020-01-01', '重组计划违约即预警 raised by collections when a plan breaks', 'migration');
