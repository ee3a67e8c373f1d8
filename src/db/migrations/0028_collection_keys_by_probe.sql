-- The per-statement key checks of migration 0020 find each written row's case by its key, one
-- probe per row, whatever the statement's size. They read every open case instead, by hash, when a
-- statement wrote more than 100 rows: at 1,000,000 loans a collections day writes 62,858 tasks and
-- 117,143 owner-history rows, and each check read all 214,286 cases (about 150 ms each, measured
-- on the bench's book; by key 90 and 120 ms). Probing by key is never the quadratic plan 0020
-- guards against (a nested loop over a scan of the cases): with hash and merge joins and scans of
-- whole tables off, a nested loop over the written rows with the case's primary key inside is the
-- only plan left, and its cost grows with the rows written, not with the cases. JIT is off: a
-- check this size costs more to compile than to run.
CREATE OR REPLACE FUNCTION collection_rows_check_keys() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off SET enable_nestloop = on SET jit = off AS $$
DECLARE
  bad bigint;
BEGIN
  IF TG_TABLE_NAME = 'collection_task' THEN
    SELECT n.case_id INTO bad FROM written n LEFT JOIN collection_case c ON c.id = n.case_id LEFT JOIN branch b ON b.id = n.branch_id
     WHERE c.id IS NULL OR c.loan_id <> n.loan_id OR b.id IS NULL LIMIT 1;
  ELSIF TG_TABLE_NAME = 'collection_case_event' THEN
    SELECT n.case_id INTO bad FROM written n LEFT JOIN collection_case c ON c.id = n.case_id
     WHERE c.id IS NULL OR c.loan_id <> n.loan_id LIMIT 1;
  ELSE
    SELECT n.case_id INTO bad FROM written n LEFT JOIN collection_case c ON c.id = n.case_id WHERE c.id IS NULL LIMIT 1;
  END IF;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION '%: case % does not exist, or the row names another loan than the case''s, or a branch that does not exist', TG_TABLE_NAME, bad
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END;
$$;
