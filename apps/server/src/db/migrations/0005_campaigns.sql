-- Campaigns (专项整治) and their task lists (任务清单). A campaign is created from a reviewed
-- plan (实施方案) or by hand; its supervision teams are copied from supervision_team at
-- creation so later roster changes do not rewrite its history. Overdue is derived from the
-- deadline in Asia/Shanghai, never stored. Progress notes are append-only.

CREATE TABLE campaign (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT campaign_pkey PRIMARY KEY,
  bureau_unit_id bigint NOT NULL CONSTRAINT campaign_bureau_unit_id_fkey REFERENCES unit (id),
  bureau_unit_path ltree NOT NULL,
  title text NOT NULL CONSTRAINT campaign_title_check CHECK (length(btrim(title)) BETWEEN 1 AND 200),
  doc_number text,
  issuer text,
  issued_on date,
  period_start date NOT NULL,
  period_end date NOT NULL,
  -- {"all": bool, "schoolKinds": [..], "areaIds": ["id"..], "schoolIds": ["id"..]}: a school takes
  -- part when all is true or it matches any of the lists.
  scope jsonb NOT NULL DEFAULT '{"all": true, "schoolKinds": [], "areaIds": [], "schoolIds": []}'
    CONSTRAINT campaign_scope_check CHECK (jsonb_typeof(scope) = 'object'),
  focus_domains text[] NOT NULL DEFAULT '{}',
  -- [{"name": "任洁", "role": "组长"}, …]
  leading_group jsonb NOT NULL DEFAULT '[]' CONSTRAINT campaign_leading_group_check CHECK (jsonb_typeof(leading_group) = 'array'),
  -- {"name": "安稳办", "director": "…", "phone": "…"} or null
  office jsonb,
  plan_file_id bigint CONSTRAINT campaign_plan_file_id_fkey REFERENCES file_object (id),
  copied_from_id bigint CONSTRAINT campaign_copied_from_id_fkey REFERENCES campaign (id),
  version integer NOT NULL DEFAULT 1,
  created_by bigint CONSTRAINT campaign_created_by_fkey REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT campaign_period_check CHECK (period_end >= period_start)
);
CREATE INDEX campaign_bureau_unit_path_gist ON campaign USING gist (bureau_unit_path);

-- Stages (阶段): no overlap between stages of one campaign is checked by the service.
CREATE TABLE campaign_stage (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT campaign_stage_pkey PRIMARY KEY,
  campaign_id bigint NOT NULL CONSTRAINT campaign_stage_campaign_id_fkey REFERENCES campaign (id),
  sort_order integer NOT NULL DEFAULT 0,
  name text NOT NULL CONSTRAINT campaign_stage_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  start_on date NOT NULL,
  end_on date NOT NULL,
  goals text NOT NULL DEFAULT '',
  CONSTRAINT campaign_stage_end_on_check CHECK (end_on >= start_on)
);
CREATE INDEX campaign_stage_campaign_idx ON campaign_stage (campaign_id, sort_order);

-- The supervision teams the campaign uses, copied (name, people, schools) at creation.
CREATE TABLE campaign_team (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT campaign_team_pkey PRIMARY KEY,
  campaign_id bigint NOT NULL CONSTRAINT campaign_team_campaign_id_fkey REFERENCES campaign (id),
  source_team_id bigint CONSTRAINT campaign_team_source_team_id_fkey REFERENCES supervision_team (id),
  sort_order integer NOT NULL DEFAULT 0,
  name text NOT NULL,
  leader text,
  members text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX campaign_team_campaign_idx ON campaign_team (campaign_id);

CREATE TABLE campaign_team_school (
  campaign_team_id bigint NOT NULL CONSTRAINT campaign_team_school_campaign_team_id_fkey REFERENCES campaign_team (id),
  school_unit_id bigint NOT NULL CONSTRAINT campaign_team_school_school_unit_id_fkey REFERENCES unit (id),
  school_name text NOT NULL,
  CONSTRAINT campaign_team_school_pkey PRIMARY KEY (campaign_team_id, school_unit_id)
);

-- Indicators with targets (专职保安员配备率 100%).
CREATE TABLE campaign_indicator (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT campaign_indicator_pkey PRIMARY KEY,
  campaign_id bigint NOT NULL CONSTRAINT campaign_indicator_campaign_id_fkey REFERENCES campaign (id),
  sort_order integer NOT NULL DEFAULT 0,
  name text NOT NULL CONSTRAINT campaign_indicator_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  target numeric NOT NULL,
  unit text NOT NULL DEFAULT '%'
);

-- Reporting rules (每个月1日前上传, 于12月25日前报送…).
CREATE TABLE campaign_reporting_rule (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT campaign_reporting_rule_pkey PRIMARY KEY,
  campaign_id bigint NOT NULL CONSTRAINT campaign_reporting_rule_campaign_id_fkey REFERENCES campaign (id),
  sort_order integer NOT NULL DEFAULT 0,
  text text NOT NULL,
  kind text NOT NULL CONSTRAINT campaign_reporting_rule_kind_check CHECK (kind IN ('once', 'yearly', 'monthly', 'weekly', 'quarterly', 'termly')),
  due_date date,
  day_of_month integer CONSTRAINT campaign_reporting_rule_day_of_month_check CHECK (day_of_month BETWEEN 1 AND 31),
  month integer CONSTRAINT campaign_reporting_rule_month_check CHECK (month BETWEEN 1 AND 12)
);

-- Tasks (任务清单): at least one lead department (牵头).
CREATE TABLE campaign_task (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT campaign_task_pkey PRIMARY KEY,
  campaign_id bigint NOT NULL CONSTRAINT campaign_task_campaign_id_fkey REFERENCES campaign (id),
  stage_id bigint CONSTRAINT campaign_task_stage_id_fkey REFERENCES campaign_stage (id),
  sort_order integer NOT NULL DEFAULT 0,
  title text NOT NULL CONSTRAINT campaign_task_title_check CHECK (length(btrim(title)) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '',
  domain text,
  lead_department_ids bigint[] NOT NULL CONSTRAINT campaign_task_lead_department_ids_check CHECK (cardinality(lead_department_ids) > 0),
  cooperating_department_ids bigint[] NOT NULL DEFAULT '{}',
  -- Generic phrases as written (各相关科室按职责分工负责).
  cooperating_note text NOT NULL DEFAULT '',
  deadline date,
  recurrence text,
  status text NOT NULL DEFAULT 'not_started' CONSTRAINT campaign_task_status_check CHECK (status IN ('not_started', 'in_progress', 'done')),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaign_task_campaign_idx ON campaign_task (campaign_id, sort_order);
CREATE INDEX campaign_task_lead_department_ids_gin ON campaign_task USING gin (lead_department_ids);

-- 一校一策: a school's own copy of a task, with its own status.
CREATE TABLE campaign_task_school (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT campaign_task_school_pkey PRIMARY KEY,
  task_id bigint NOT NULL CONSTRAINT campaign_task_school_task_id_fkey REFERENCES campaign_task (id),
  school_unit_id bigint NOT NULL CONSTRAINT campaign_task_school_school_unit_id_fkey REFERENCES unit (id),
  school_path ltree NOT NULL,
  status text NOT NULL DEFAULT 'not_started' CONSTRAINT campaign_task_school_status_check CHECK (status IN ('not_started', 'in_progress', 'done')),
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT campaign_task_school_uq UNIQUE (task_id, school_unit_id)
);
CREATE INDEX campaign_task_school_path_gist ON campaign_task_school USING gist (school_path);

-- Progress updates (进展): text and evidence files; never changed.
CREATE TABLE task_progress (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT task_progress_pkey PRIMARY KEY,
  task_id bigint NOT NULL CONSTRAINT task_progress_task_id_fkey REFERENCES campaign_task (id),
  task_school_id bigint CONSTRAINT task_progress_task_school_id_fkey REFERENCES campaign_task_school (id),
  text text NOT NULL CONSTRAINT task_progress_text_check CHECK (length(btrim(text)) BETWEEN 1 AND 2000),
  file_ids bigint[] NOT NULL DEFAULT '{}',
  status_after text CONSTRAINT task_progress_status_after_check CHECK (status_after IN ('not_started', 'in_progress', 'done')),
  author_user_id bigint NOT NULL CONSTRAINT task_progress_author_user_id_fkey REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_progress_task_idx ON task_progress (task_id, created_at);
CREATE TRIGGER task_progress_immutable BEFORE UPDATE OR DELETE ON task_progress
  FOR EACH ROW EXECUTE FUNCTION immutable_row();

-- Does the campaign scope include this school? (kind, parent area, id)
CREATE FUNCTION campaign_includes_school(scope jsonb, school_id bigint, school_kind text, parent_id bigint)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce((scope->>'all')::boolean, false)
      OR (school_kind IS NOT NULL AND coalesce(scope->'schoolKinds', '[]'::jsonb) ? school_kind)
      OR (parent_id IS NOT NULL AND coalesce(scope->'areaIds', '[]'::jsonb) ? parent_id::text)
      OR coalesce(scope->'schoolIds', '[]'::jsonb) ? school_id::text
$$;
