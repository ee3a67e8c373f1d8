-- Follow-ups (回访): head-office policy versions and branch overrides, due tasks, completed
-- follow-ups (immutable), what they derived (facts, flags, tasks), amendments (回访说错) with
-- approval, QA items, and the outbox of confirmations. The rules are src/domain/followups/.

-- Head office's standard, one document per version, effective from a date. A new version is a
-- new row; the version in force on a date is the latest one effective on or before it.
CREATE TABLE followup_policy (
  version            integer PRIMARY KEY CHECK (version >= 1),
  effective_from     date NOT NULL,
  document           jsonb NOT NULL,
  reason             text NOT NULL CHECK (length(reason) >= 2),
  created_by_user_id bigint REFERENCES app_user (id),
  created_by         text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER followup_policy_append_only BEFORE UPDATE OR DELETE ON followup_policy
  FOR EACH ROW EXECUTE FUNCTION refuse_change('publish a new version instead');

-- HEAD_OFFICE_POLICY of src/domain/followups/policy.ts (a test keeps the two equal).
INSERT INTO followup_policy (version, effective_from, document, reason, created_by) VALUES (1, '2026-01-01', '{
  "version": 1,
  "effectiveFrom": "2026-01-01",
  "afterDisbursementDays": 7,
  "periodicMonthsByGrade": {"A": 12, "B": 6, "C": 3, "D": 2, "E": 1},
  "eventWithinDays": {"first_installment_missed": 3, "contact_changed": 7, "telematics_alert": 2, "collateral_alert": 3, "score_change": 7, "dealer_key_person": 3},
  "scoreChangePoints": 50,
  "fieldVisit": {"selfEmployed": true, "smallBusinessOwner": true, "exposureFromFen": 50000000, "grades": ["D", "E"]},
  "slaDays": 5
}', '总行回访标准 head office follow-up standard', 'migration');

-- A branch's tightening of the policy it inherits: the fields it sets, from a date. The latest
-- row effective on a date is in force; an empty document returns the branch to what it inherits.
CREATE TABLE followup_policy_override (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  branch_id          bigint NOT NULL REFERENCES branch (id),
  effective_from     date NOT NULL,
  document           jsonb NOT NULL,
  reason             text NOT NULL CHECK (length(reason) >= 2),
  created_by_user_id bigint REFERENCES app_user (id),
  created_by         text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX followup_policy_override_branch ON followup_policy_override (branch_id, effective_from, id);
CREATE TRIGGER followup_policy_override_append_only BEFORE UPDATE OR DELETE ON followup_policy_override
  FOR EACH ROW EXECUTE FUNCTION refuse_change('post a new override instead');

-- A follow-up owed on a loan. `key` is the rule's stable key (post/9, periodic/9/2026-04-30,
-- event/…, derived/…): inserting by key makes a rerun of a day, or a later day, add nothing twice.
-- Status is state kept beside the history: what was done is the immutable followup row.
CREATE TABLE followup_task (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key                 text NOT NULL UNIQUE,
  loan_id             bigint NOT NULL REFERENCES loan (id),
  branch_id           bigint NOT NULL REFERENCES branch (id),
  kind                text NOT NULL CHECK (kind IN ('post_disbursement', 'periodic', 'event', 'skip_trace', 'reverification')),
  trigger             text,
  -- the answer a derived task came from (skip_trace: reached; reverification: employer, income)
  item                text,
  channel             text NOT NULL CHECK (channel IN ('phone', 'message', 'field')),
  field_reasons       text[] NOT NULL DEFAULT '{}',
  due_on              date NOT NULL,
  done_by             date NOT NULL CHECK (done_by >= due_on),
  policy_version      integer REFERENCES followup_policy (version),
  created_on          date NOT NULL,
  -- derived tasks: the follow-up (and the amendment, if one added it) they came from
  source_followup_id  bigint REFERENCES followup_task (id),
  source_amendment_id bigint,
  status              text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  assigned_user_id    bigint REFERENCES app_user (id),
  assigned_on         date,
  closed_on           date,
  -- the follow-up that did it: its own, or another one of the loan that made it unnecessary
  done_followup_id    bigint REFERENCES followup_task (id),
  cancelled_reason    text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'open') = (closed_on IS NULL)),
  CHECK (status <> 'cancelled' OR cancelled_reason IS NOT NULL)
);
CREATE INDEX followup_task_loan ON followup_task (loan_id, status);
CREATE INDEX followup_task_assignee ON followup_task (assigned_user_id, done_by) WHERE status = 'open';
CREATE INDEX followup_task_unassigned ON followup_task (branch_id) WHERE status = 'open' AND assigned_user_id IS NULL;
CREATE INDEX followup_task_branch_due ON followup_task (branch_id, done_by);
-- a correction finds the tasks a follow-up derived
CREATE INDEX followup_task_source ON followup_task (source_followup_id) WHERE source_followup_id IS NOT NULL;

-- A completed follow-up: never changed; a correction is an amendment pointing at it.
-- `answers` are the checklist's answers with the file's values as the server read them.
CREATE TABLE followup (
  task_id            bigint PRIMARY KEY REFERENCES followup_task (id),
  loan_id            bigint NOT NULL REFERENCES loan (id),
  borrower_id        bigint NOT NULL REFERENCES borrower (id),
  branch_id          bigint NOT NULL REFERENCES branch (id),
  kind               text NOT NULL,
  channel            text NOT NULL CHECK (channel IN ('phone', 'message', 'field')),
  answers            jsonb NOT NULL,
  derived            jsonb NOT NULL,
  has_discrepancy    boolean NOT NULL,
  unreachable        boolean NOT NULL,
  note               text,
  completed_on       date NOT NULL,
  completed_at       timestamptz NOT NULL DEFAULT now(),
  agent_user_id      bigint REFERENCES app_user (id),
  agent_name         text NOT NULL
);
CREATE INDEX followup_loan ON followup (loan_id, completed_on);
CREATE INDEX followup_branch_completed ON followup (branch_id, completed_on);
CREATE TRIGGER followup_append_only BEFORE UPDATE OR DELETE ON followup
  FOR EACH ROW EXECUTE FUNCTION refuse_change('file an amendment instead');

-- 回访说错: a correction of a follow-up's answers, with a reason, pointing at the follow-up and
-- at the version it corrects (the latest amendment in effect when filed; null: the original).
-- It takes effect at once when it changes nothing derived; otherwise a supervisor who is not
-- the maker approves or rejects it. Only the decision is ever written to an existing row.
CREATE TABLE followup_amendment (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  followup_id           bigint NOT NULL REFERENCES followup (task_id),
  corrects_amendment_id bigint REFERENCES followup_amendment (id),
  source                text NOT NULL CHECK (source IN ('agent', 'qa', 'complaint')),
  changes               jsonb NOT NULL,
  answers               jsonb NOT NULL,
  effect                jsonb NOT NULL,
  needs_approval        boolean NOT NULL,
  reason                text NOT NULL CHECK (length(reason) >= 2),
  qa_item_id            bigint,
  made_by_user_id       bigint REFERENCES app_user (id),
  made_by               text NOT NULL,
  made_on               date NOT NULL,
  made_at               timestamptz NOT NULL DEFAULT now(),
  status                text NOT NULL CHECK (status IN ('pending', 'applied', 'approved', 'rejected')),
  -- 1, 2, … once in effect: the follow-up's versions in order (the original is 0)
  version               integer CHECK (version >= 1),
  decided_by_user_id    bigint REFERENCES app_user (id),
  decided_by            text,
  decided_on            date,
  decided_at            timestamptz,
  decision_reason       text,
  UNIQUE (followup_id, version),
  CHECK ((status IN ('applied', 'approved')) = (version IS NOT NULL)),
  CHECK ((status = 'pending') = (decided_at IS NULL)),
  CHECK (status <> 'applied' OR NOT needs_approval),
  CHECK (made_by_user_id IS NULL OR decided_by_user_id IS NULL OR status = 'applied' OR made_by_user_id <> decided_by_user_id)
);
CREATE INDEX followup_amendment_followup ON followup_amendment (followup_id, id);
CREATE INDEX followup_amendment_pending ON followup_amendment (made_on) WHERE status = 'pending';

CREATE FUNCTION followup_amendment_decide_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.status <> 'pending' OR NEW.status NOT IN ('approved', 'rejected')
     OR (NEW.id, NEW.followup_id, NEW.corrects_amendment_id, NEW.source, NEW.changes, NEW.answers, NEW.effect, NEW.needs_approval, NEW.reason, NEW.qa_item_id, NEW.made_by_user_id, NEW.made_by, NEW.made_on, NEW.made_at)
        IS DISTINCT FROM (OLD.id, OLD.followup_id, OLD.corrects_amendment_id, OLD.source, OLD.changes, OLD.answers, OLD.effect, OLD.needs_approval, OLD.reason, OLD.qa_item_id, OLD.made_by_user_id, OLD.made_by, OLD.made_on, OLD.made_at)
  THEN
    RAISE EXCEPTION 'followup_amendment: % refused; an amendment is only decided, once', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER followup_amendment_decide_once BEFORE UPDATE OR DELETE ON followup_amendment
  FOR EACH ROW EXECUTE FUNCTION followup_amendment_decide_once();

-- The borrower facts a follow-up (or one of its amendments) appended, and the one each superseded:
-- a retraction restores the value from before the follow-up, and leaves alone a fact someone
-- changed since.
CREATE TABLE followup_fact (
  fact_id      bigint PRIMARY KEY REFERENCES borrower_fact (id),
  followup_id  bigint NOT NULL REFERENCES followup (task_id),
  amendment_id bigint REFERENCES followup_amendment (id),
  fact         text NOT NULL,
  supersedes_id bigint REFERENCES borrower_fact (id),
  action       text NOT NULL CHECK (action IN ('derived', 'verified', 'restored'))
);
CREATE INDEX followup_fact_followup ON followup_fact (followup_id, fact);
CREATE TRIGGER followup_fact_append_only BEFORE UPDATE OR DELETE ON followup_fact
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Typed risk flags raised by a follow-up, with the answer that raised them. Collections and early
-- warning read the active ones (cleared_on IS NULL); loan_use_breach is also a loan_flag (the 五级
-- event floor close of business applies). A correction clears a flag with the date and amendment.
CREATE TABLE followup_flag (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  followup_id             bigint NOT NULL REFERENCES followup (task_id),
  amendment_id            bigint REFERENCES followup_amendment (id),
  loan_id                 bigint NOT NULL REFERENCES loan (id),
  borrower_id             bigint NOT NULL REFERENCES borrower (id),
  flag                    text NOT NULL CHECK (flag IN ('job_loss', 'income_drop', 'moved_away', 'vehicle_not_with_borrower', 'loan_use_breach', 'unreachable')),
  item                    text NOT NULL,
  evidence                text NOT NULL,
  set_on                  date NOT NULL,
  loan_flag_id            bigint REFERENCES loan_flag (id),
  cleared_on              date,
  cleared_by_amendment_id bigint REFERENCES followup_amendment (id),
  created_at              timestamptz NOT NULL DEFAULT now(),
  CHECK ((cleared_on IS NULL) = (cleared_by_amendment_id IS NULL))
);
CREATE INDEX followup_flag_loan ON followup_flag (loan_id) WHERE cleared_on IS NULL;
CREATE INDEX followup_flag_followup ON followup_flag (followup_id);

CREATE FUNCTION followup_flag_clear_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.cleared_on IS NOT NULL OR NEW.cleared_on IS NULL
     OR (NEW.id, NEW.followup_id, NEW.amendment_id, NEW.loan_id, NEW.borrower_id, NEW.flag, NEW.item, NEW.evidence, NEW.set_on, NEW.loan_flag_id, NEW.created_at)
        IS DISTINCT FROM (OLD.id, OLD.followup_id, OLD.amendment_id, OLD.loan_id, OLD.borrower_id, OLD.flag, OLD.item, OLD.evidence, OLD.set_on, OLD.loan_flag_id, OLD.created_at)
  THEN
    RAISE EXCEPTION 'followup_flag: % refused; a flag is only cleared, once', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER followup_flag_clear_once BEFORE UPDATE OR DELETE ON followup_flag
  FOR EACH ROW EXECUTE FUNCTION followup_flag_clear_once();

-- 质检: a completed follow-up picked for review (a stable sample of the month, plus every one with
-- a discrepancy or a correction), scored once, item by item.
CREATE TABLE qa_item (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  followup_id         bigint NOT NULL UNIQUE REFERENCES followup (task_id),
  branch_id           bigint NOT NULL REFERENCES branch (id),
  sampled_on          date NOT NULL,
  seed                text NOT NULL,
  why                 text NOT NULL CHECK (why IN ('sample', 'discrepancy', 'correction')),
  status              text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'scored')),
  scores              jsonb,
  error_count         integer,
  amendment_id        bigint REFERENCES followup_amendment (id),
  scored_by_user_id   bigint REFERENCES app_user (id),
  scored_by           text,
  scored_on           date,
  scored_at           timestamptz,
  CHECK ((status = 'scored') = (scored_at IS NOT NULL AND scores IS NOT NULL AND error_count IS NOT NULL))
);
CREATE INDEX qa_item_branch ON qa_item (branch_id, status);
ALTER TABLE followup_amendment ADD CONSTRAINT followup_amendment_qa_item FOREIGN KEY (qa_item_id) REFERENCES qa_item (id);
ALTER TABLE followup_task ADD CONSTRAINT followup_task_source_amendment FOREIGN KEY (source_amendment_id) REFERENCES followup_amendment (id);

CREATE FUNCTION qa_item_score_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.status <> 'open' OR NEW.status <> 'scored'
     OR (NEW.id, NEW.followup_id, NEW.branch_id, NEW.sampled_on, NEW.seed, NEW.why) IS DISTINCT FROM (OLD.id, OLD.followup_id, OLD.branch_id, OLD.sampled_on, OLD.seed, OLD.why)
  THEN
    RAISE EXCEPTION 'qa_item: % refused; an item is only scored, once', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER qa_item_score_once BEFORE UPDATE OR DELETE ON qa_item
  FOR EACH ROW EXECUTE FUNCTION qa_item_score_once();

-- Messages to borrowers, rendered server-side in their language, waiting for a delivery worker
-- (a later issue). The default OutboundChannel only records them here.
CREATE TABLE outbox (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel      text NOT NULL CHECK (channel IN ('sms', 'email')),
  recipient    text NOT NULL,
  template     text NOT NULL,
  lang         text NOT NULL CHECK (lang IN ('zh-CN', 'en-US')),
  subject      text,
  body         text NOT NULL,
  loan_id      bigint REFERENCES loan (id),
  followup_id  bigint REFERENCES followup (task_id),
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  sent_at      timestamptz
);
CREATE INDEX outbox_pending ON outbox (id) WHERE status = 'pending';
