-- Each loan's next unpaid due dates, as close of business derives them, beside its status: the
-- collections run reads which current loans fall due within its strategies' lead time from here,
-- instead of scanning the unpaid installments due in that window and joining every loan for its
-- schedule version (about 2 s at 1,000,000 loans, half of it pruning the installment pages that
-- the night's close had just changed).
--
--   next_due       the earliest due date on or after as_of of an installment of the loan's current
--                  schedule not settled; NULL when none is left.
--   following_due  for a loan not overdue (dpd = 0), the next such due date after next_due; NULL
--                  otherwise (an overdue loan is anchored on its oldest unpaid due date, and a
--                  close derives it every day).
--
-- They hold until the next derive of the loan: a payment or reversal, a new schedule or status
-- marks the loan (eod_dirty), and an unpaid installment whose due date has passed makes it a
-- candidate of the next day's close. So on any date a close has reached, no unpaid due date of a
-- loan lies between its as_of and that date, and next_due is its first unpaid one from that date.
ALTER TABLE loan_status ADD COLUMN next_due date, ADD COLUMN following_due date;
ALTER TABLE eod_stage ADD COLUMN next_due date, ADD COLUMN following_due date;

WITH due AS (
  SELECT s.loan_id, min(i.due_date) AS next_due
    FROM loan_status s
    JOIN loan l ON l.id = s.loan_id
    JOIN installment i ON i.loan_id = l.id AND i.version = l.schedule_version
   WHERE i.settled_on IS NULL AND i.due_date >= s.as_of
   GROUP BY s.loan_id)
UPDATE loan_status s SET next_due = due.next_due FROM due WHERE due.loan_id = s.loan_id;

UPDATE loan_status s
   SET following_due = (SELECT min(i.due_date) FROM installment i JOIN loan l ON l.id = i.loan_id AND i.version = l.schedule_version
                         WHERE i.loan_id = s.loan_id AND i.settled_on IS NULL AND i.due_date > s.next_due)
 WHERE s.dpd = 0 AND s.next_due IS NOT NULL;

-- Rows a close under way when this runs had staged (publish copies them into loan_status).
UPDATE eod_stage st
   SET next_due = d.next_due,
       following_due = CASE WHEN st.dpd = 0 THEN (SELECT min(i.due_date) FROM installment i JOIN loan l ON l.id = i.loan_id AND i.version = l.schedule_version
                                                   WHERE i.loan_id = st.loan_id AND i.settled_on IS NULL AND i.due_date > d.next_due) END
  FROM (SELECT x.business_date, x.loan_id,
               (SELECT min(i.due_date) FROM installment i JOIN loan l ON l.id = i.loan_id AND i.version = l.schedule_version
                 WHERE i.loan_id = x.loan_id AND i.settled_on IS NULL AND i.due_date >= x.business_date) AS next_due
          FROM eod_stage x) d
 WHERE d.business_date = st.business_date AND d.loan_id = st.loan_id;
