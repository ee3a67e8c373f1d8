-- The collections run writes its tasks and its case history a day at a time: at 1,000,000 loans
-- 62,858 tasks and 234,286 owner-history rows on an ordinary day. A foreign key checks each row on
-- its own (a query per row, and a lock on the row it points at, written to the WAL); those checks
-- were about 4 s of the 25 s that day took. The same guarantees are checked here once per
-- statement, over all the rows it wrote, by a join:
--   collection_task        its case exists, the task's loan is that case's loan, its branch exists;
--   collection_case_owner  its case exists;
--   collection_case_event  its case exists and the event's loan is that case's loan.
-- That is stricter than the keys were (a task or event naming another loan than its case's was
-- accepted), and what the keys also did, keeping the rows pointed at, is kept: a case is never
-- deleted and never moves to another loan (its loan cannot be deleted while the case points at it),
-- the columns checked never change (history and events are append-only already), and no code
-- deletes a branch.
ALTER TABLE collection_task DROP CONSTRAINT collection_task_case_id_fkey;
ALTER TABLE collection_task DROP CONSTRAINT collection_task_loan_id_fkey;
ALTER TABLE collection_task DROP CONSTRAINT collection_task_branch_id_fkey;
ALTER TABLE collection_case_owner DROP CONSTRAINT collection_case_owner_case_id_fkey;
ALTER TABLE collection_case_event DROP CONSTRAINT collection_case_event_case_id_fkey;
ALTER TABLE collection_case_event DROP CONSTRAINT collection_case_event_loan_id_fkey;

-- However few or many the rows and whatever the statistics say (an empty table of cases on a first
-- run, a trigger's plan that takes its rows for one), the checks never run a nested loop over a
-- scan of the cases: planned that way, opening a first run's 97,143 cases took 208 s instead of 3.
-- A statement of a few rows reads the cases it names by their key; a larger one reads the cases
-- once and matches them by hash (a list of 97,143 ids tested as a filter was quadratic too). The
-- query is built for each statement (EXECUTE), so no plan made for a few rows is kept for many.
CREATE FUNCTION collection_rows_check_keys() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET enable_nestloop = off AS $$
DECLARE
  n bigint;
  cases text;
  bad bigint;
BEGIN
  SELECT count(*) INTO n FROM written;
  cases := CASE WHEN n <= 100
                THEN '(SELECT c.id, c.loan_id FROM collection_case c WHERE c.id = ANY ((SELECT array_agg(case_id) FROM written)::bigint[]))'
                ELSE 'collection_case' END;
  IF TG_TABLE_NAME = 'collection_task' THEN
    EXECUTE format('SELECT n.case_id FROM written n LEFT JOIN %s c ON c.id = n.case_id LEFT JOIN branch b ON b.id = n.branch_id
                     WHERE c.id IS NULL OR c.loan_id <> n.loan_id OR b.id IS NULL LIMIT 1', cases) INTO bad;
  ELSIF TG_TABLE_NAME = 'collection_case_event' THEN
    EXECUTE format('SELECT n.case_id FROM written n LEFT JOIN %s c ON c.id = n.case_id
                     WHERE c.id IS NULL OR c.loan_id <> n.loan_id LIMIT 1', cases) INTO bad;
  ELSE
    EXECUTE format('SELECT n.case_id FROM written n LEFT JOIN %s c ON c.id = n.case_id WHERE c.id IS NULL LIMIT 1', cases) INTO bad;
  END IF;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION '%: case % does not exist, or the row names another loan than the case''s, or a branch that does not exist', TG_TABLE_NAME, bad
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER collection_task_keys AFTER INSERT ON collection_task
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION collection_rows_check_keys();
CREATE TRIGGER collection_case_owner_keys AFTER INSERT ON collection_case_owner
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION collection_rows_check_keys();
CREATE TRIGGER collection_case_event_keys AFTER INSERT ON collection_case_event
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION collection_rows_check_keys();

CREATE FUNCTION refuse_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%: % never changes', TG_TABLE_NAME, TG_ARGV[0] USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER collection_task_keys_fixed BEFORE UPDATE OF case_id, loan_id, branch_id ON collection_task
  FOR EACH ROW WHEN (OLD.case_id IS DISTINCT FROM NEW.case_id OR OLD.loan_id IS DISTINCT FROM NEW.loan_id OR OLD.branch_id IS DISTINCT FROM NEW.branch_id)
  EXECUTE FUNCTION refuse_key_change('a task''s case, loan and branch');
CREATE TRIGGER collection_case_loan_fixed BEFORE UPDATE OF loan_id ON collection_case
  FOR EACH ROW WHEN (OLD.loan_id IS DISTINCT FROM NEW.loan_id)
  EXECUTE FUNCTION refuse_key_change('a case''s loan');
CREATE FUNCTION refuse_case_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'collection_case: DELETE refused; a case closes, it is never deleted' USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- row by row, so that a DELETE that matches no case (clearing a loan's rows) is not refused
CREATE TRIGGER collection_case_kept BEFORE DELETE ON collection_case
  FOR EACH ROW EXECUTE FUNCTION refuse_case_delete();
