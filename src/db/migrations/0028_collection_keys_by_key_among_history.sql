-- The per-statement key checks of migration 0020 read every case, by hash, once a statement wrote
-- more than 100 rows. A book keeps its closed cases: with six months of one pre-due case a month per
-- loan (6,214,286 cases at 1,000,000 loans), checking a day's 62,858 tasks read all of them, 1.36 s,
-- against 0.14 s with two days of cases. Now a statement finds the cases it names by their key, as a
-- statement of a few rows already did, whenever it wrote less than a tenth as many rows as the table
-- had cases when its statistics were last taken: the probes then cost less than reading every case.
-- The statistics only ever undercount (cases are never deleted), and while they say nothing (a table
-- never analysed, or filled inside the transaction that writes, as a first run does) the check reads
-- every case by hash as before, never the nested loop over a scan of the cases that 0020 rules out.
CREATE OR REPLACE FUNCTION collection_rows_check_keys() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET enable_nestloop = off AS $$
DECLARE
  n bigint;
  known real;
  cases text;
  bad bigint;
BEGIN
  SELECT count(*) INTO n FROM written;
  SELECT reltuples INTO known FROM pg_class WHERE oid = 'collection_case'::regclass;
  cases := CASE WHEN n <= 100 OR n * 10 < known
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
