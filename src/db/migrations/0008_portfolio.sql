-- The portfolio dashboard's figures, kept by close of business so that the page reads a few
-- thousand pre-added rows instead of a million loans.
--
-- 1. Each loan's amounts as of its last derive, and the branch and product it is counted under.
--    outstanding_principal_fen: principal of the current schedule not yet paid.
--    overdue_fen: principal + interest of installments due before the derived date and unpaid
--      (an installment is not overdue on its due date itself, as for DPD); 罚息 is apart:
--    penalty_due_fen: 罚息 charged and not yet paid.
--    branch_id / product_code are copies of the loan's, taken at the derive, so that the close
--    which next changes the loan takes it out of the group it was added to (even if the loan has
--    moved branch since).
ALTER TABLE loan_status
  ADD COLUMN branch_id bigint,
  ADD COLUMN product_code text,
  ADD COLUMN outstanding_principal_fen bigint NOT NULL DEFAULT 0,
  ADD COLUMN overdue_fen bigint NOT NULL DEFAULT 0,
  ADD COLUMN penalty_due_fen bigint NOT NULL DEFAULT 0;

WITH amounts AS (
  SELECT s.loan_id, l.branch_id, l.product_code,
         coalesce(sum(i.principal_fen - i.principal_paid_fen), 0) AS outstanding,
         coalesce(sum(i.principal_fen + i.interest_fen - i.principal_paid_fen - i.interest_paid_fen) FILTER (WHERE i.due_date < s.as_of AND i.settled_on IS NULL), 0) AS overdue,
         coalesce(sum(i.penalty_fen - i.penalty_paid_fen), 0) AS penalty
    FROM loan_status s
    JOIN loan l ON l.id = s.loan_id
    LEFT JOIN installment i ON i.loan_id = l.id AND i.version = l.schedule_version
   GROUP BY s.loan_id, l.branch_id, l.product_code)
UPDATE loan_status s
   SET branch_id = a.branch_id, product_code = a.product_code,
       outstanding_principal_fen = a.outstanding, overdue_fen = a.overdue, penalty_due_fen = a.penalty
  FROM amounts a
 WHERE a.loan_id = s.loan_id;

ALTER TABLE loan_status ALTER COLUMN branch_id SET NOT NULL, ALTER COLUMN product_code SET NOT NULL;

-- The stage carries the same, from the chunk's derive to the publishing transaction. Rows staged
-- by a run under way when this migration runs get theirs here.
ALTER TABLE eod_stage
  ADD COLUMN branch_id bigint,
  ADD COLUMN product_code text,
  ADD COLUMN outstanding_principal_fen bigint NOT NULL DEFAULT 0,
  ADD COLUMN overdue_fen bigint NOT NULL DEFAULT 0,
  ADD COLUMN penalty_due_fen bigint NOT NULL DEFAULT 0;

WITH amounts AS (
  SELECT st.business_date, st.loan_id, l.branch_id, l.product_code,
         coalesce(sum(i.principal_fen - i.principal_paid_fen), 0) AS outstanding,
         coalesce(sum(i.principal_fen + i.interest_fen - i.principal_paid_fen - i.interest_paid_fen) FILTER (WHERE i.due_date < st.business_date AND i.settled_on IS NULL), 0) AS overdue,
         coalesce(sum(i.penalty_fen - i.penalty_paid_fen), 0) AS penalty
    FROM eod_stage st
    JOIN loan l ON l.id = st.loan_id
    LEFT JOIN installment i ON i.loan_id = l.id AND i.version = l.schedule_version
   GROUP BY st.business_date, st.loan_id, l.branch_id, l.product_code)
UPDATE eod_stage st
   SET branch_id = a.branch_id, product_code = a.product_code,
       outstanding_principal_fen = a.outstanding, overdue_fen = a.overdue, penalty_due_fen = a.penalty
  FROM amounts a
 WHERE a.business_date = st.business_date AND a.loan_id = st.loan_id;

ALTER TABLE eod_stage ALTER COLUMN branch_id SET NOT NULL, ALTER COLUMN product_code SET NOT NULL;

-- 2. The open loans (loan_status not closed) added up by branch, product, bucket, 五级 class and
--    IFRS 9 stage. A close changes it by what its chunks staged: each chunk adds its derived loans
--    as they are now and takes them away as they were (eod_stage_portfolio), and the publishing
--    transaction applies the sum. It is always what a GROUP BY over loan_status would give.
CREATE TABLE portfolio_current (
  branch_id                 bigint NOT NULL,
  product_code              text NOT NULL,
  bucket                    text NOT NULL,
  risk_class                text NOT NULL,
  stage                     smallint NOT NULL,
  loans                     integer NOT NULL CHECK (loans >= 0),
  outstanding_principal_fen bigint NOT NULL,
  overdue_fen               bigint NOT NULL,
  penalty_due_fen           bigint NOT NULL,
  -- DPD > 0: the loans and their outstanding principal (the balance-based overdue rate)
  overdue_loans             integer NOT NULL,
  overdue_principal_fen     bigint NOT NULL,
  -- DPD > 30
  dpd30_loans               integer NOT NULL,
  dpd30_principal_fen       bigint NOT NULL,
  PRIMARY KEY (branch_id, product_code, bucket, risk_class, stage)
);

-- Each closed date's copy: what the dashboard reads (the latest) and keeps for later reports.
-- A rerun of a date replaces that date's rows.
CREATE TABLE portfolio_daily (
  business_date date NOT NULL,
  LIKE portfolio_current INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
  PRIMARY KEY (business_date, branch_id, product_code, bucket, risk_class, stage)
);

-- A chunk's change to portfolio_current: its derived loans as now minus the same loans as they
-- were, by group. Signed, so no CHECK on loans.
CREATE TABLE eod_stage_portfolio (
  business_date             date NOT NULL,
  chunk                     integer NOT NULL,
  branch_id                 bigint NOT NULL,
  product_code              text NOT NULL,
  bucket                    text NOT NULL,
  risk_class                text NOT NULL,
  stage                     smallint NOT NULL,
  loans                     integer NOT NULL,
  outstanding_principal_fen bigint NOT NULL,
  overdue_fen               bigint NOT NULL,
  penalty_due_fen           bigint NOT NULL,
  overdue_loans             integer NOT NULL,
  overdue_principal_fen     bigint NOT NULL,
  dpd30_loans               integer NOT NULL,
  dpd30_principal_fen       bigint NOT NULL,
  PRIMARY KEY (business_date, chunk, branch_id, product_code, bucket, risk_class, stage)
);

-- A chunk done by a program that staged no change (a run under way across this migration) makes
-- the publishing transaction add portfolio_current up afresh from loan_status instead.
ALTER TABLE eod_chunk ADD COLUMN portfolio_staged boolean NOT NULL DEFAULT false;

-- 3. Month ends by branch, for the DPD 30+ trend: at a month end's close, portfolio_current as it
--    then is (open loans after the close).
CREATE TABLE portfolio_month_end (
  month_end                 date NOT NULL,
  branch_id                 bigint NOT NULL,
  loans                     integer NOT NULL,
  outstanding_principal_fen bigint NOT NULL,
  overdue_principal_fen     bigint NOT NULL,
  dpd30_loans               integer NOT NULL,
  dpd30_principal_fen       bigint NOT NULL,
  PRIMARY KEY (month_end, branch_id)
);

-- The book as it stands, and its last closed date.
INSERT INTO portfolio_current
SELECT branch_id, product_code, bucket, risk_class, stage, count(*), sum(outstanding_principal_fen), sum(overdue_fen), sum(penalty_due_fen),
       count(*) FILTER (WHERE dpd > 0), coalesce(sum(outstanding_principal_fen) FILTER (WHERE dpd > 0), 0),
       count(*) FILTER (WHERE dpd > 30), coalesce(sum(outstanding_principal_fen) FILTER (WHERE dpd > 30), 0)
  FROM loan_status WHERE NOT closed
 GROUP BY branch_id, product_code, bucket, risk_class, stage;

INSERT INTO portfolio_daily
SELECT r.business_date, p.* FROM portfolio_current p
 CROSS JOIN (SELECT max(business_date) AS business_date FROM eod_run WHERE status = 'done') r
 WHERE r.business_date IS NOT NULL;

-- Month ends already closed, from their snapshots. A snapshot also holds the loans that closed on
-- that day (paid off: nothing outstanding, no DPD); those are left out, as a live close leaves them.
INSERT INTO portfolio_month_end
SELECT m.month_end, l.branch_id, count(*), sum(m.outstanding_principal_fen),
       coalesce(sum(m.outstanding_principal_fen) FILTER (WHERE m.dpd > 0), 0),
       count(*) FILTER (WHERE m.dpd > 30), coalesce(sum(m.outstanding_principal_fen) FILTER (WHERE m.dpd > 30), 0)
  FROM month_end_snapshot m JOIN loan l ON l.id = m.loan_id
 WHERE m.outstanding_principal_fen > 0 OR m.dpd > 0
 GROUP BY m.month_end, l.branch_id;
