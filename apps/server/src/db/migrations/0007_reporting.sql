-- Reporting upward (上报): report types with due rules, one submission row per (type, submitter,
-- period) with its current state, append-only versions frozen at submission, reviews, and the
-- bureau's reopenings of locked periods. Expected submissions are derived (units × periods),
-- never stored: a unit is expected for a period when it was reporting for the whole period
-- (reporting_from <= period start, not disabled before the period's end).

-- When a unit / team / department takes part in reporting. A unit created mid-period joins from
-- its first full period; disabling it sets disabled_on (the day, Beijing time) and it leaves the
-- periods that end on or after that day. Re-enabling clears it.
ALTER TABLE unit ADD COLUMN reporting_from date;
UPDATE unit SET reporting_from = (created_at AT TIME ZONE 'Asia/Shanghai')::date;
ALTER TABLE unit ALTER COLUMN reporting_from SET DEFAULT ((now() AT TIME ZONE 'Asia/Shanghai')::date);
ALTER TABLE unit ALTER COLUMN reporting_from SET NOT NULL;
ALTER TABLE unit ADD COLUMN disabled_on date;
UPDATE unit SET disabled_on = (updated_at AT TIME ZONE 'Asia/Shanghai')::date WHERE status = 'disabled';

ALTER TABLE supervision_team ADD COLUMN reporting_from date;
UPDATE supervision_team SET reporting_from = (created_at AT TIME ZONE 'Asia/Shanghai')::date;
ALTER TABLE supervision_team ALTER COLUMN reporting_from SET DEFAULT ((now() AT TIME ZONE 'Asia/Shanghai')::date);
ALTER TABLE supervision_team ALTER COLUMN reporting_from SET NOT NULL;
ALTER TABLE supervision_team ADD COLUMN disabled_on date;
UPDATE supervision_team SET disabled_on = (updated_at AT TIME ZONE 'Asia/Shanghai')::date WHERE status = 'disabled';

ALTER TABLE department ADD COLUMN reporting_from date;
UPDATE department SET reporting_from = (created_at AT TIME ZONE 'Asia/Shanghai')::date;
ALTER TABLE department ALTER COLUMN reporting_from SET DEFAULT ((now() AT TIME ZONE 'Asia/Shanghai')::date);
ALTER TABLE department ALTER COLUMN reporting_from SET NOT NULL;
ALTER TABLE department ADD COLUMN disabled_on date;
UPDATE department SET disabled_on = (now() AT TIME ZONE 'Asia/Shanghai')::date WHERE status = 'disabled';

CREATE FUNCTION reporting_set_disabled_on() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'disabled' AND (TG_OP = 'INSERT' OR OLD.status <> 'disabled') THEN
    NEW.disabled_on := coalesce(NEW.disabled_on, (now() AT TIME ZONE 'Asia/Shanghai')::date);
  ELSIF NEW.status = 'active' THEN
    NEW.disabled_on := NULL;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER unit_reporting_disabled_on BEFORE INSERT OR UPDATE OF status ON unit
  FOR EACH ROW EXECUTE FUNCTION reporting_set_disabled_on();
CREATE TRIGGER supervision_team_reporting_disabled_on BEFORE INSERT OR UPDATE OF status ON supervision_team
  FOR EACH ROW EXECUTE FUNCTION reporting_set_disabled_on();
CREATE TRIGGER department_reporting_disabled_on BEFORE INSERT OR UPDATE OF status ON department
  FOR EACH ROW EXECUTE FUNCTION reporting_set_disabled_on();

-- 报表类型: what is reported, how often, by when, by whom, reviewed by whom.
CREATE TABLE report_type (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT report_type_pkey PRIMARY KEY,
  bureau_unit_id bigint NOT NULL CONSTRAINT report_type_bureau_unit_id_fkey REFERENCES unit (id),
  bureau_unit_path ltree NOT NULL,
  code text NOT NULL CONSTRAINT report_type_code_check CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
  name text NOT NULL CONSTRAINT report_type_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  period_kind text NOT NULL CONSTRAINT report_type_period_kind_check CHECK (period_kind IN
    ('daily', 'weekly', 'monthly', 'quarterly', 'term', 'half_year', 'yearly', 'stage', 'once')),
  -- The domain's ReportDueRule (packages/domain/src/reporting/report-rules.ts), e.g.
  -- {"kind":"day_of_next_month","day":1} or {"kind":"on","date":"2026-12-25"}.
  due_rule jsonb NOT NULL CONSTRAINT report_type_due_rule_check CHECK (jsonb_typeof(due_rule) = 'object'),
  -- Which periods of the cadence exist (quarterly Q1–Q3: {1,2,3}); empty = all.
  period_numbers smallint[] NOT NULL DEFAULT '{}',
  submitter_kind text NOT NULL CONSTRAINT report_type_submitter_kind_check CHECK (submitter_kind IN ('school', 'team', 'department')),
  -- Who approves: the supervision team covering the school ('team'; schools only), else the bureau.
  reviewer text NOT NULL DEFAULT 'bureau' CONSTRAINT report_type_reviewer_check CHECK (reviewer IN ('bureau', 'team')),
  campaign_id bigint CONSTRAINT report_type_campaign_id_fkey REFERENCES campaign (id),
  -- For period_kind 'stage': the campaign stages that are its periods.
  stage_ids bigint[] NOT NULL DEFAULT '{}',
  campaign_rule_id bigint CONSTRAINT report_type_campaign_rule_id_fkey REFERENCES campaign_reporting_rule (id),
  -- The content template: [{"key","kind":"auto"|"narrative","label",…}] (domain ReportSection).
  template jsonb NOT NULL CONSTRAINT report_type_template_check CHECK (jsonb_typeof(template) = 'array'),
  late_accepted boolean NOT NULL DEFAULT true,
  -- The first day whose periods are owed (a type created today does not owe last year's periods).
  starts_on date NOT NULL,
  ends_on date,
  rule_text text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'active' CONSTRAINT report_type_status_check CHECK (status IN ('active', 'archived')),
  version integer NOT NULL DEFAULT 1,
  created_by bigint CONSTRAINT report_type_created_by_fkey REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT report_type_bureau_code_uq UNIQUE (bureau_unit_id, code),
  CONSTRAINT report_type_stage_check CHECK (period_kind <> 'stage' OR (campaign_id IS NOT NULL AND cardinality(stage_ids) > 0)),
  CONSTRAINT report_type_ends_check CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX report_type_bureau_unit_path_gist ON report_type USING gist (bureau_unit_path);
CREATE INDEX report_type_campaign_idx ON report_type (campaign_id) WHERE campaign_id IS NOT NULL;

-- 报送: one row per (type, submitter, period) with its current state. Absent = not started.
-- The submitter is a school (unit_id), a supervision team (team_id) or a department
-- (department_id), as the type says; unit_path is the school's path (for a team or a
-- department: the bureau's), so every read is one inScope condition.
CREATE TABLE report_submission (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT report_submission_pkey PRIMARY KEY,
  report_type_id bigint NOT NULL CONSTRAINT report_submission_report_type_id_fkey REFERENCES report_type (id),
  period_key text NOT NULL CONSTRAINT report_submission_period_key_check CHECK (length(period_key) BETWEEN 1 AND 40),
  submitter_kind text NOT NULL CONSTRAINT report_submission_submitter_kind_check CHECK (submitter_kind IN ('school', 'team', 'department')),
  unit_id bigint CONSTRAINT report_submission_unit_id_fkey REFERENCES unit (id),
  team_id bigint CONSTRAINT report_submission_team_id_fkey REFERENCES supervision_team (id),
  department_id bigint CONSTRAINT report_submission_department_id_fkey REFERENCES department (id),
  submitter_id bigint GENERATED ALWAYS AS (coalesce(unit_id, team_id, department_id)) STORED,
  unit_path ltree NOT NULL,
  state text NOT NULL DEFAULT 'draft' CONSTRAINT report_submission_state_check CHECK (state IN ('draft', 'submitted', 'late', 'returned', 'approved')),
  due_date date NOT NULL,
  -- The draft being edited (autosaved): narrative sections and attached file ids.
  draft_narrative jsonb NOT NULL DEFAULT '{}' CONSTRAINT report_submission_draft_narrative_check CHECK (jsonb_typeof(draft_narrative) = 'object'),
  draft_file_ids bigint[] NOT NULL DEFAULT '{}',
  draft_saved_at timestamptz,
  draft_saved_by bigint CONSTRAINT report_submission_draft_saved_by_fkey REFERENCES app_user (id),
  current_version integer NOT NULL DEFAULT 0,
  -- Timeliness is judged by the first submission (the unit reported by the deadline).
  first_submitted_at timestamptz,
  on_time boolean,
  submitted_at timestamptz,
  reviewed_at timestamptz,
  reviewed_by bigint CONSTRAINT report_submission_reviewed_by_fkey REFERENCES app_user (id),
  -- A locked period reopened by the bureau for this submitter: submissions accepted until then (inclusive, Beijing day).
  reopened_until date,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT report_submission_submitter_check CHECK (
    (submitter_kind = 'school' AND unit_id IS NOT NULL AND team_id IS NULL AND department_id IS NULL)
    OR (submitter_kind = 'team' AND team_id IS NOT NULL AND unit_id IS NULL AND department_id IS NULL)
    OR (submitter_kind = 'department' AND department_id IS NOT NULL AND unit_id IS NULL AND team_id IS NULL)),
  CONSTRAINT report_submission_submitted_check CHECK ((state = 'draft' AND current_version = 0) OR (current_version > 0 AND first_submitted_at IS NOT NULL)),
  CONSTRAINT report_submission_type_period_submitter_uq UNIQUE (report_type_id, period_key, submitter_kind, submitter_id)
);
CREATE INDEX report_submission_unit_path_gist ON report_submission USING gist (unit_path);
CREATE INDEX report_submission_unit_idx ON report_submission (unit_id, report_type_id, period_key) WHERE unit_id IS NOT NULL;
CREATE INDEX report_submission_team_idx ON report_submission (team_id) WHERE team_id IS NOT NULL;

-- 报送版本: what was submitted, frozen (auto-filled tables, narrative, attachments). Never changed.
CREATE TABLE report_submission_version (
  submission_id bigint NOT NULL CONSTRAINT report_submission_version_submission_id_fkey REFERENCES report_submission (id),
  version_no integer NOT NULL CONSTRAINT report_submission_version_no_check CHECK (version_no >= 1),
  content jsonb NOT NULL CONSTRAINT report_submission_version_content_check CHECK (jsonb_typeof(content) = 'object'),
  narrative jsonb NOT NULL CONSTRAINT report_submission_version_narrative_check CHECK (jsonb_typeof(narrative) = 'object'),
  file_ids bigint[] NOT NULL DEFAULT '{}',
  submitted_by bigint NOT NULL CONSTRAINT report_submission_version_submitted_by_fkey REFERENCES app_user (id),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  late boolean NOT NULL,
  CONSTRAINT report_submission_version_pkey PRIMARY KEY (submission_id, version_no)
);
CREATE TRIGGER report_submission_version_immutable BEFORE UPDATE OR DELETE ON report_submission_version
  FOR EACH ROW EXECUTE FUNCTION immutable_row();

-- 审核: approve or return (with a comment) one version. Never changed.
CREATE TABLE report_review (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT report_review_pkey PRIMARY KEY,
  submission_id bigint NOT NULL CONSTRAINT report_review_submission_id_fkey REFERENCES report_submission (id),
  version_no integer NOT NULL,
  decision text NOT NULL CONSTRAINT report_review_decision_check CHECK (decision IN ('approve', 'return')),
  comment text NOT NULL DEFAULT '',
  reviewer_user_id bigint NOT NULL CONSTRAINT report_review_reviewer_user_id_fkey REFERENCES app_user (id),
  reviewer_role text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT report_review_return_comment_check CHECK (decision <> 'return' OR length(btrim(comment)) > 0),
  CONSTRAINT report_review_version_fkey FOREIGN KEY (submission_id, version_no) REFERENCES report_submission_version (submission_id, version_no)
);
CREATE INDEX report_review_submission_idx ON report_review (submission_id, at);
CREATE TRIGGER report_review_immutable BEFORE UPDATE OR DELETE ON report_review
  FOR EACH ROW EXECUTE FUNCTION immutable_row();

-- 重新开放: the bureau reopened a locked period for one submitter (who, when, until, why). Never changed.
CREATE TABLE report_reopen (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT report_reopen_pkey PRIMARY KEY,
  submission_id bigint NOT NULL CONSTRAINT report_reopen_submission_id_fkey REFERENCES report_submission (id),
  until date NOT NULL,
  reason text NOT NULL CONSTRAINT report_reopen_reason_check CHECK (length(btrim(reason)) BETWEEN 1 AND 500),
  by_user_id bigint NOT NULL CONSTRAINT report_reopen_by_user_id_fkey REFERENCES app_user (id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_reopen_submission_idx ON report_reopen (submission_id);
CREATE TRIGGER report_reopen_immutable BEFORE UPDATE OR DELETE ON report_reopen
  FOR EACH ROW EXECUTE FUNCTION immutable_row();
