-- Close of business in chunks, touching only loans whose state can change.
--
-- 1. 罚息 accrues day by day in SQL: the exact (unrounded) penalty and the date it runs through
--    are kept beside each installment, so a close adds only the days since then; a replay of the
--    loan's ledger (on posting) writes both afresh.
ALTER TABLE installment
  ADD COLUMN penalty_exact numeric NOT NULL DEFAULT 0,
  ADD COLUMN penalty_as_of date;

-- A close rewrites each overdue installment daily; room left on each page keeps those updates
-- on the page and out of the indexes (HOT), instead of a new index entry per installment per day.
ALTER TABLE installment SET (fillfactor = 90);

-- Unpaid installments, found by due date without scanning the paid ones (most of the book).
CREATE INDEX installment_unpaid_due ON installment (due_date, loan_id) WHERE settled_on IS NULL;

-- 2. Loans whose inputs changed since the last close (new loans, payments and reversals, schedule
--    or status changes, flags, overrides), with the earliest business date the change affects.
--    Triggers fill it, so no writer can forget; a close consumes it.
CREATE TABLE eod_dirty (
  loan_id   bigint PRIMARY KEY REFERENCES loan (id),
  since     date NOT NULL,
  marked_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- A new loan from its disbursement; a changed one (status, schedule version) from today: the
-- change takes effect now, and a past date is re-derived only for what was back-dated.
CREATE FUNCTION eod_mark_dirty_loans() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO eod_dirty (loan_id, since)
  SELECT n.id, min(CASE WHEN TG_OP = 'INSERT' THEN least(n.disbursement_date, b.business_date) ELSE b.business_date END)
    FROM new_rows n CROSS JOIN business_date b GROUP BY n.id
  ON CONFLICT (loan_id) DO UPDATE SET since = least(eod_dirty.since, excluded.since), marked_at = clock_timestamp();
  RETURN NULL;
END $$;

CREATE FUNCTION eod_mark_dirty_repayments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO eod_dirty (loan_id, since)
  SELECT n.loan_id, min(n.value_date) FROM new_rows n GROUP BY n.loan_id
  ON CONFLICT (loan_id) DO UPDATE SET since = least(eod_dirty.since, excluded.since), marked_at = clock_timestamp();
  RETURN NULL;
END $$;

-- flags and overrides: a new one from the date it takes effect (set_on), an ended one from the
-- date it ends (cleared_on / withdrawn_on), never later than today
CREATE FUNCTION eod_mark_dirty_dated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO eod_dirty (loan_id, since)
  SELECT n.loan_id,
         min(least(b.business_date, CASE WHEN TG_OP = 'INSERT' THEN n.set_on
                                        ELSE coalesce((to_jsonb(n) ->> 'cleared_on')::date, (to_jsonb(n) ->> 'withdrawn_on')::date, b.business_date) END))
    FROM new_rows n CROSS JOIN business_date b GROUP BY n.loan_id
  ON CONFLICT (loan_id) DO UPDATE SET since = least(eod_dirty.since, excluded.since), marked_at = clock_timestamp();
  RETURN NULL;
END $$;

CREATE TRIGGER loan_inserted_dirty AFTER INSERT ON loan REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION eod_mark_dirty_loans();
CREATE TRIGGER loan_updated_dirty AFTER UPDATE ON loan REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION eod_mark_dirty_loans();
CREATE TRIGGER repayment_inserted_dirty AFTER INSERT ON repayment REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION eod_mark_dirty_repayments();
CREATE TRIGGER loan_flag_inserted_dirty AFTER INSERT ON loan_flag REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION eod_mark_dirty_dated();
CREATE TRIGGER loan_flag_updated_dirty AFTER UPDATE ON loan_flag REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION eod_mark_dirty_dated();
CREATE TRIGGER loan_class_override_inserted_dirty AFTER INSERT ON loan_class_override REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION eod_mark_dirty_dated();
CREATE TRIGGER loan_class_override_updated_dirty AFTER UPDATE ON loan_class_override REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION eod_mark_dirty_dated();

-- Loans already on the book before this migration have never been seen by the new close.
INSERT INTO eod_dirty (loan_id, since) SELECT id, disbursement_date FROM loan;

-- Loans a close must look at even when nothing new happened: overdue ones (DPD grows daily) and
-- those with a class or stage that the upgrade rule or a dated flag may still change.
CREATE INDEX loan_status_watch ON loan_status (loan_id) WHERE NOT closed AND (overdue_since IS NOT NULL OR risk_class <> 'normal' OR stage <> 1);
CREATE INDEX loan_flag_dates ON loan_flag (cleared_on) WHERE cleared_on IS NOT NULL;
CREATE INDEX loan_class_override_withdrawn ON loan_class_override (withdrawn_on) WHERE withdrawn_on IS NOT NULL;

-- 3. A run: planned into id-range chunks that any worker may derive (each its own transaction,
--    results staged), then published in one transaction that also moves the business date.
ALTER TABLE eod_run DROP CONSTRAINT eod_run_status_check;
ALTER TABLE eod_run ADD CONSTRAINT eod_run_status_check CHECK (status IN ('running', 'done', 'failed'));
ALTER TABLE eod_run ALTER COLUMN finished_at DROP NOT NULL;
ALTER TABLE eod_run ADD COLUMN error text;

CREATE TABLE eod_chunk (
  business_date date NOT NULL,
  chunk         integer NOT NULL,
  first_loan_id bigint NOT NULL,
  last_loan_id  bigint NOT NULL,
  done_at       timestamptz,
  worker        text,
  steps         jsonb,
  PRIMARY KEY (business_date, chunk)
);

CREATE TABLE eod_stage (
  business_date date NOT NULL,
  loan_id       bigint NOT NULL,
  status        text NOT NULL,
  overdue_since date,
  dpd           integer NOT NULL,
  bucket        text NOT NULL,
  risk_class    text NOT NULL,
  stage         smallint NOT NULL,
  cleared_on    date,
  PRIMARY KEY (business_date, loan_id)
);

-- A month end's snapshot rows, staged by the chunks and copied out by the publishing transaction.
CREATE TABLE eod_stage_snapshot (LIKE month_end_snapshot INCLUDING ALL);
