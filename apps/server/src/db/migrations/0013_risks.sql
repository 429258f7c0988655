-- Risk register (风险分级管控, features/risks): each school's standing dangers, attached to an
-- inspection point or to the whole school, assessed by likelihood × severity (L×S, 1–5 each).
-- The level is stored as assessed under the bureau's matrix (risk_matrix; default thresholds
-- when the bureau has none) and re-levelled in the matrix's transaction when the bureau changes
-- it; the colour follows from the level (major red, significant orange, general yellow, low blue).
-- unit_id is the school; unit_path is the scope column (the school's path), as for talks and
-- hazards, so a school sees its own risks, a team its schools', the bureau all of them.

-- The bureau's matrix: score ranges per level, validated by the domain's matrixIssues.
CREATE TABLE risk_matrix (
  bureau_unit_id bigint NOT NULL CONSTRAINT risk_matrix_pkey PRIMARY KEY CONSTRAINT risk_matrix_bureau_unit_id_fkey REFERENCES unit (id),
  -- [{"level":"major","min":20,"max":25}, …]
  ranges jsonb NOT NULL CONSTRAINT risk_matrix_ranges_check CHECK (jsonb_typeof(ranges) = 'array'),
  version integer NOT NULL DEFAULT 1,
  updated_by bigint CONSTRAINT risk_matrix_updated_by_fkey REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE risk (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT risk_pkey PRIMARY KEY,
  unit_id bigint NOT NULL CONSTRAINT risk_unit_id_fkey REFERENCES unit (id),
  unit_path ltree NOT NULL,
  point_id bigint CONSTRAINT risk_point_id_fkey REFERENCES inspection_point (id),
  name text NOT NULL CONSTRAINT risk_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  description text NOT NULL CONSTRAINT risk_description_check CHECK (length(btrim(description)) BETWEEN 1 AND 2000),
  domain text NOT NULL,
  consequences text NOT NULL DEFAULT '',
  likelihood smallint NOT NULL CONSTRAINT risk_likelihood_check CHECK (likelihood BETWEEN 1 AND 5),
  severity smallint NOT NULL CONSTRAINT risk_severity_check CHECK (severity BETWEEN 1 AND 5),
  score smallint NOT NULL,
  level text NOT NULL CONSTRAINT risk_level_check CHECK (level IN ('major', 'significant', 'general', 'low')),
  residual_likelihood smallint CONSTRAINT risk_residual_likelihood_check CHECK (residual_likelihood BETWEEN 1 AND 5),
  residual_severity smallint CONSTRAINT risk_residual_severity_check CHECK (residual_severity BETWEEN 1 AND 5),
  residual_score smallint,
  residual_level text CONSTRAINT risk_residual_level_check CHECK (residual_level IN ('major', 'significant', 'general', 'low')),
  response_plan text NOT NULL DEFAULT '',
  emergency_plan_title text,
  emergency_plan_file_id bigint CONSTRAINT risk_emergency_plan_file_id_fkey REFERENCES file_object (id),
  review_on date,
  status text NOT NULL DEFAULT 'active' CONSTRAINT risk_status_check CHECK (status IN ('active', 'retired')),
  retired_reason text,
  version integer NOT NULL DEFAULT 1,
  created_by bigint NOT NULL CONSTRAINT risk_created_by_fkey REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT risk_score_check CHECK (score = likelihood * severity),
  CONSTRAINT risk_residual_check CHECK (
    (residual_likelihood IS NULL AND residual_severity IS NULL AND residual_score IS NULL AND residual_level IS NULL)
    OR (residual_likelihood IS NOT NULL AND residual_severity IS NOT NULL AND residual_score = residual_likelihood * residual_severity AND residual_level IS NOT NULL)
  ),
  CONSTRAINT risk_emergency_plan_check CHECK (emergency_plan_file_id IS NULL OR emergency_plan_title IS NOT NULL)
);
CREATE INDEX risk_unit_path_gist ON risk USING gist (unit_path);
CREATE INDEX risk_unit_idx ON risk (unit_id, level);
CREATE INDEX risk_point_idx ON risk (point_id) WHERE point_id IS NOT NULL;
CREATE INDEX risk_review_idx ON risk (review_on) WHERE status = 'active';

-- Control measures (化解措施), in order: each with its control tier and who carries it.
-- An edit replaces a risk's measures (delete and insert in the edit's transaction).
CREATE TABLE risk_measure (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT risk_measure_pkey PRIMARY KEY,
  risk_id bigint NOT NULL CONSTRAINT risk_measure_risk_id_fkey REFERENCES risk (id),
  position smallint NOT NULL,
  description text NOT NULL CONSTRAINT risk_measure_description_check CHECK (length(btrim(description)) BETWEEN 1 AND 1000),
  tier text NOT NULL CONSTRAINT risk_measure_tier_check CHECK (tier IN ('school', 'department', 'team', 'post')),
  department text NOT NULL DEFAULT '',
  person text NOT NULL DEFAULT '',
  CONSTRAINT risk_measure_position_uq UNIQUE (risk_id, position)
);

-- Assessment history (评估记录), append-only: the first assessment, every change of L or S,
-- every reassessment, and every re-levelling by a matrix change (kind, with the reason).
CREATE TABLE risk_assessment (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT risk_assessment_pkey PRIMARY KEY,
  risk_id bigint NOT NULL CONSTRAINT risk_assessment_risk_id_fkey REFERENCES risk (id),
  kind text NOT NULL CONSTRAINT risk_assessment_kind_check CHECK (kind IN ('initial', 'edit', 'reassess', 'relevel', 'retire')),
  likelihood smallint NOT NULL CONSTRAINT risk_assessment_likelihood_check CHECK (likelihood BETWEEN 1 AND 5),
  severity smallint NOT NULL CONSTRAINT risk_assessment_severity_check CHECK (severity BETWEEN 1 AND 5),
  score smallint NOT NULL,
  level text NOT NULL CONSTRAINT risk_assessment_level_check CHECK (level IN ('major', 'significant', 'general', 'low')),
  residual_likelihood smallint,
  residual_severity smallint,
  residual_score smallint,
  residual_level text CONSTRAINT risk_assessment_residual_level_check CHECK (residual_level IN ('major', 'significant', 'general', 'low')),
  reason text NOT NULL DEFAULT '',
  actor_user_id bigint CONSTRAINT risk_assessment_actor_user_id_fkey REFERENCES app_user (id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX risk_assessment_risk_idx ON risk_assessment (risk_id, at DESC);
CREATE TRIGGER risk_assessment_no_update BEFORE UPDATE OR DELETE ON risk_assessment
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();

-- A hazard can name the risk it realises (same school; checked by features/risks).
ALTER TABLE hazard ADD COLUMN risk_id bigint CONSTRAINT hazard_risk_id_fkey REFERENCES risk (id);
CREATE INDEX hazard_risk_idx ON hazard (risk_id) WHERE risk_id IS NOT NULL;

-- The edit of a risk replaces its measures: the application role may delete them (db/migrate.ts grants it).
