-- Annual assessment (年度综合考核) and the standardisation self-assessment (标准化创建):
-- one scheme per bureau and year (indicators with weights and scoring rules, validated by the
-- domain's schemeProblems), the bureau's manual scores per school and indicator (a reason is
-- required), and each school's self-assessment against the scheme, reviewed by the bureau.
-- Computed indicators are not stored: they are read from the ledger, checks, reports,
-- supervision and campaign tables each time (features/assessment/README.md).

CREATE TABLE assessment_scheme (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT assessment_scheme_pkey PRIMARY KEY,
  bureau_unit_id bigint NOT NULL CONSTRAINT assessment_scheme_bureau_unit_id_fkey REFERENCES unit (id),
  bureau_unit_path ltree NOT NULL,
  year smallint NOT NULL CONSTRAINT assessment_scheme_year_check CHECK (year BETWEEN 2000 AND 2100),
  name text NOT NULL CONSTRAINT assessment_scheme_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  total_points numeric(6, 2) NOT NULL DEFAULT 100,
  -- The domain's SchemeIndicator[]: [{"key","name","kind":"computed","indicator","weight","rule"} | {"key","name","kind":"manual","weight"}].
  indicators jsonb NOT NULL CONSTRAINT assessment_scheme_indicators_check CHECK (jsonb_typeof(indicators) = 'array'),
  version integer NOT NULL DEFAULT 1,
  created_by bigint CONSTRAINT assessment_scheme_created_by_fkey REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT assessment_scheme_bureau_year_uq UNIQUE (bureau_unit_id, year)
);
CREATE INDEX assessment_scheme_bureau_unit_path_gist ON assessment_scheme USING gist (bureau_unit_path);

-- The bureau's score of one manual indicator for one school: points within the weight, and why.
CREATE TABLE assessment_manual_score (
  scheme_id bigint NOT NULL CONSTRAINT assessment_manual_score_scheme_id_fkey REFERENCES assessment_scheme (id),
  school_id bigint NOT NULL CONSTRAINT assessment_manual_score_school_id_fkey REFERENCES unit (id),
  school_path ltree NOT NULL,
  indicator_key text NOT NULL CONSTRAINT assessment_manual_score_indicator_key_check CHECK (length(indicator_key) BETWEEN 1 AND 40),
  points numeric(6, 2) NOT NULL CONSTRAINT assessment_manual_score_points_check CHECK (points >= 0),
  reason text NOT NULL CONSTRAINT assessment_manual_score_reason_check CHECK (length(btrim(reason)) BETWEEN 1 AND 500),
  evidence text NOT NULL DEFAULT '' CONSTRAINT assessment_manual_score_evidence_check CHECK (length(evidence) <= 2000),
  file_ids bigint[] NOT NULL DEFAULT '{}',
  entered_by bigint NOT NULL CONSTRAINT assessment_manual_score_entered_by_fkey REFERENCES app_user (id),
  entered_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT assessment_manual_score_pkey PRIMARY KEY (scheme_id, school_id, indicator_key)
);
CREATE INDEX assessment_manual_score_school_path_gist ON assessment_manual_score USING gist (school_path);

-- 标准化创建自评: the school's self-score and note per indicator, submitted, then accepted or returned.
CREATE TABLE self_assessment (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT self_assessment_pkey PRIMARY KEY,
  scheme_id bigint NOT NULL CONSTRAINT self_assessment_scheme_id_fkey REFERENCES assessment_scheme (id),
  school_id bigint NOT NULL CONSTRAINT self_assessment_school_id_fkey REFERENCES unit (id),
  school_path ltree NOT NULL,
  state text NOT NULL DEFAULT 'draft' CONSTRAINT self_assessment_state_check CHECK (state IN ('draft', 'submitted', 'accepted', 'returned')),
  -- [{"indicatorKey","selfScore","note"}]
  items jsonb NOT NULL DEFAULT '[]' CONSTRAINT self_assessment_items_check CHECK (jsonb_typeof(items) = 'array'),
  saved_by bigint CONSTRAINT self_assessment_saved_by_fkey REFERENCES app_user (id),
  submitted_at timestamptz,
  submitted_by bigint CONSTRAINT self_assessment_submitted_by_fkey REFERENCES app_user (id),
  reviewed_at timestamptz,
  reviewed_by bigint CONSTRAINT self_assessment_reviewed_by_fkey REFERENCES app_user (id),
  review_comment text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT self_assessment_scheme_school_uq UNIQUE (scheme_id, school_id),
  CONSTRAINT self_assessment_returned_check CHECK (state <> 'returned' OR length(btrim(coalesce(review_comment, ''))) > 0)
);
CREATE INDEX self_assessment_school_path_gist ON self_assessment USING gist (school_path);
