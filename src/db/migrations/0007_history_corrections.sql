-- Back-dated changes (a payment or reversal posted with a value date already closed, a dated flag
-- or override, a change to the loan) re-derive the loan's status history from that date. Nothing
-- is overwritten silently: each history row a re-derive replaces is moved here, with when, from
-- which date and why, and the loan gets a 'history_corrected' event.

CREATE TABLE loan_status_history_correction (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  loan_id        bigint NOT NULL REFERENCES loan (id),
  -- the replaced row, as it was
  valid_from     date NOT NULL,
  valid_to       date,
  overdue_since  date,
  bucket         text NOT NULL,
  risk_class     text NOT NULL,
  stage          smallint NOT NULL,
  -- the re-derive that replaced it: the first date re-derived, the close that did it, the cause
  rederived_from date NOT NULL,
  corrected_on   date NOT NULL,
  cause          text NOT NULL CHECK (cause IN ('repayment', 'reversal', 'flag', 'class_override', 'loan')),
  corrected_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX loan_status_history_correction_loan ON loan_status_history_correction (loan_id, valid_from);

ALTER TABLE loan_event DROP CONSTRAINT loan_event_kind_check;
ALTER TABLE loan_event ADD CONSTRAINT loan_event_kind_check
  CHECK (kind IN ('became_overdue', 'bucket_up', 'bucket_down', 'cured', 'class_changed', 'stage_changed', 'paid_off', 'history_corrected'));
