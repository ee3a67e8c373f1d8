-- A strategy task keeps the facts its step was decided on (facts) instead of the rendered
-- explanation: the explanation is rebuilt on reading from those facts and the strategy version the
-- task names (src/domain/collections/explain.ts), which is exact because evaluation is a pure
-- function and a published version can never change (collection_strategy_publish_only). The
-- rendered explanation, both languages of every segment passed over, made a task about 2 KB, just
-- under the size at which PostgreSQL would move it out of the row: at 1,000,000 loans the tasks
-- took 677 MB, read again by every scan and copied whole by every update of a task's status.
-- Escalations and warnings keep their explanation as before, and so do the tasks written earlier.
ALTER TABLE collection_task ADD COLUMN facts jsonb;
ALTER TABLE collection_task ALTER COLUMN explanation DROP NOT NULL;
ALTER TABLE collection_task ADD CONSTRAINT collection_task_explained CHECK (
  explanation IS NOT NULL
  OR (kind = 'strategy' AND facts IS NOT NULL AND strategy_code IS NOT NULL AND strategy_version IS NOT NULL AND strategy_group IN ('champion', 'challenger'))
);
