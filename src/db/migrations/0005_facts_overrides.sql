-- Borrower facts appended through the API, and withdrawals of manual 五级分类.

-- A fact is superseded at most once, so the facts of one kind form a single chain: two people
-- changing the same fact at the same moment cannot both supersede the same row.
CREATE UNIQUE INDEX borrower_fact_supersedes ON borrower_fact (supersedes_id) WHERE supersedes_id IS NOT NULL;
-- Declared facts are corrected by a new row that supersedes the old one, never edited or removed.
CREATE TRIGGER borrower_fact_append_only BEFORE UPDATE OR DELETE ON borrower_fact
  FOR EACH ROW EXECUTE FUNCTION refuse_change('append a fact that supersedes it instead');

-- Withdrawing a manual class records who, with which role, when and why. withdrawn_on is the
-- business date of the withdrawal: close of business applies the override to dates before it.
ALTER TABLE loan_class_override
  ADD COLUMN withdrawn_reason     text CHECK (length(withdrawn_reason) >= 2),
  ADD COLUMN withdrawn_role       text,
  ADD COLUMN withdrawn_by_user_id bigint REFERENCES app_user (id),
  ADD COLUMN withdrawn_at         timestamptz,
  ADD CONSTRAINT loan_class_override_withdrawal
    CHECK (withdrawn_on IS NOT NULL OR (withdrawn_reason IS NULL AND withdrawn_role IS NULL AND withdrawn_by_user_id IS NULL AND withdrawn_at IS NULL));

-- An override is never deleted, and the only change it takes is its withdrawal: once, with a reason.
CREATE FUNCTION loan_class_override_withdraw_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE'
     OR OLD.withdrawn_on IS NOT NULL
     OR NEW.withdrawn_on IS NULL
     OR NEW.withdrawn_reason IS NULL
     OR (NEW.id, NEW.loan_id, NEW.risk_class, NEW.reason, NEW.role, NEW.set_by_user_id, NEW.set_on, NEW.created_at)
        IS DISTINCT FROM (OLD.id, OLD.loan_id, OLD.risk_class, OLD.reason, OLD.role, OLD.set_by_user_id, OLD.set_on, OLD.created_at)
  THEN
    RAISE EXCEPTION 'loan_class_override: % refused; an override is only withdrawn, once, with a reason', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER loan_class_override_withdraw_only BEFORE UPDATE OR DELETE ON loan_class_override
  FOR EACH ROW EXECUTE FUNCTION loan_class_override_withdraw_only();
