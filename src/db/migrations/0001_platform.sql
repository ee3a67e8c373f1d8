-- Organisation, users and access, sessions and API tokens, the audit log, the business date.

CREATE TABLE branch (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code       text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{0,31}$'),
  name_zh    text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 100),
  name_en    text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
  kind       text NOT NULL CHECK (kind IN ('head_office', 'branch', 'team')),
  parent_id  bigint REFERENCES branch (id),
  -- materialised path '/HO/BJ/BJ-T1/': scope is a prefix test (see src/domain/access.ts)
  path       text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'head_office') = (parent_id IS NULL))
);
CREATE INDEX branch_path_prefix ON branch (path text_pattern_ops);

INSERT INTO branch (code, name_zh, name_en, kind, parent_id, path)
VALUES ('HO', '总行', 'Head Office', 'head_office', NULL, '/HO/');

CREATE TABLE app_user (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username      text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  display_name  text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  branch_id     bigint NOT NULL REFERENCES branch (id),
  phone         text,
  password_hash text NOT NULL,
  active        boolean NOT NULL DEFAULT true,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until  timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX app_user_branch ON app_user (branch_id);

CREATE TABLE user_role (
  user_id bigint NOT NULL REFERENCES app_user (id),
  role    text NOT NULL CHECK (role IN ('collector', 'followup_agent', 'qa', 'branch_manager',
                                        'risk_officer', 'admin', 'auditor')),
  PRIMARY KEY (user_id, role)
);

CREATE TABLE user_session (
  -- sha-256 of the cookie value: a stolen database does not yield usable sessions
  token_hash   text PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES app_user (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  ended_at     timestamptz
);
CREATE INDEX user_session_user ON user_session (user_id);

CREATE TABLE api_token (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES app_user (id),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  token_hash   text NOT NULL UNIQUE,
  prefix       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   bigint REFERENCES app_user (id),
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_token_user ON api_token (user_id);

CREATE TABLE audit_log (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at            timestamptz NOT NULL DEFAULT now(),
  actor_user_id bigint REFERENCES app_user (id),
  actor_name    text NOT NULL,
  action        text NOT NULL,
  entity_type   text NOT NULL,
  entity_id     text,
  -- branch of the entity, so an auditor of a branch sees its own trail and no one else's
  branch_path   text,
  before        jsonb,
  after         jsonb,
  reason        text,
  request_id    text
);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, id);
CREATE INDEX audit_log_branch ON audit_log (branch_path text_pattern_ops, id);

-- One trigger function for every append-only table; its argument says what to do instead.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused%', TG_TABLE_NAME, TG_OP, coalesce('; ' || TG_ARGV[0], '')
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- One row: the business date, advanced only by close of business.
CREATE TABLE business_date (
  id            smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  business_date date NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
INSERT INTO business_date (business_date) VALUES (CURRENT_DATE);
