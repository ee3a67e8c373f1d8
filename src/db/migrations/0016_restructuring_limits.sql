-- Restructuring authority limits and branch quotas as versioned data (issue 9): head office sets a
-- new version with the date it takes effect; the old ones stay, so every past decision can be
-- read against the limits it was made under. A version is never edited: a mistake in a scheduled
-- change is corrected by another version for the same date (the later one wins).

CREATE TABLE restructuring_authority_version (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  role              text NOT NULL,
  max_waived_fen    bigint NOT NULL CHECK (max_waived_fen >= 0),
  max_extra_months  integer NOT NULL CHECK (max_extra_months >= 0),
  effective_from    date NOT NULL,
  reason            text NOT NULL CHECK (length(reason) >= 2),
  set_by            text NOT NULL,
  set_by_user_id    bigint REFERENCES app_user (id),
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX restructuring_authority_version_role ON restructuring_authority_version (role, effective_from, id);
CREATE TRIGGER restructuring_authority_version_append_only BEFORE UPDATE OR DELETE ON restructuring_authority_version
  FOR EACH ROW EXECUTE FUNCTION refuse_change('set a new version instead');

-- A branch's monthly quota; a branch without a version in force takes its nearest ancestor's
-- (head office's is the default).
CREATE TABLE restructuring_quota_version (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  branch_id       bigint NOT NULL REFERENCES branch (id),
  max_count       integer NOT NULL CHECK (max_count >= 0),
  max_waived_fen  bigint NOT NULL CHECK (max_waived_fen >= 0),
  effective_from  date NOT NULL,
  reason          text NOT NULL CHECK (length(reason) >= 2),
  set_by          text NOT NULL,
  set_by_user_id  bigint REFERENCES app_user (id),
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX restructuring_quota_version_branch ON restructuring_quota_version (branch_id, effective_from, id);
CREATE TRIGGER restructuring_quota_version_append_only BEFORE UPDATE OR DELETE ON restructuring_quota_version
  FOR EACH ROW EXECUTE FUNCTION refuse_change('set a new version instead');

-- the limits of 0013 become the first versions, in force since before any business date
INSERT INTO restructuring_authority_version (role, max_waived_fen, max_extra_months, effective_from, reason, set_by)
SELECT role, max_waived_fen, max_extra_months, DATE '1970-01-01', '初始额度 initial limits', 'migration' FROM restructuring_authority;
INSERT INTO restructuring_quota_version (branch_id, max_count, max_waived_fen, effective_from, reason, set_by)
SELECT branch_id, max_count, max_waived_fen, DATE '1970-01-01', '初始额度 initial quota', 'migration' FROM restructuring_quota;
DROP TABLE restructuring_authority;
DROP TABLE restructuring_quota;
