-- Notices (通报): drafted from a query by bureau staff, edited while a draft, issued as a record.
-- Each named unit is one row of notice_unit with the facts the query found (hazard ids, report
-- periods, rectification rates) and, when the notice orders rectification, the unit's answer
-- (整改报告): awaiting → submitted → accepted | returned (→ submitted again).

CREATE TABLE notice (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT notice_pkey PRIMARY KEY,
  -- The issuer: the district's bureau; its path decides who sees drafts (the bureau's scope).
  bureau_unit_id bigint NOT NULL CONSTRAINT notice_bureau_unit_id_fkey REFERENCES unit (id),
  bureau_unit_path ltree NOT NULL,
  kind text NOT NULL CONSTRAINT notice_kind_check CHECK (kind IN ('overdue_hazards', 'missed_reports', 'best_rectification')),
  status text NOT NULL DEFAULT 'draft' CONSTRAINT notice_status_check CHECK (status IN ('draft', 'issued')),
  title text NOT NULL CONSTRAINT notice_title_check CHECK (length(title) <= 200),
  doc_number text NOT NULL CONSTRAINT notice_doc_number_check CHECK (length(doc_number) <= 60),
  recipients text NOT NULL DEFAULT '',
  body text NOT NULL DEFAULT '',
  -- The query's parameters (contracts NoticeQueryParams), e.g. {"minDaysOverdue":30}.
  query_params jsonb NOT NULL DEFAULT '{}' CONSTRAINT notice_query_params_check CHECK (jsonb_typeof(query_params) = 'object'),
  orders_rectification boolean NOT NULL DEFAULT false,
  answer_due_date date,
  issue_date date,
  issued_at timestamptz,
  issued_by bigint CONSTRAINT notice_issued_by_fkey REFERENCES app_user (id),
  created_by bigint CONSTRAINT notice_created_by_fkey REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT notice_issued_check CHECK (status = 'draft' OR (issue_date IS NOT NULL AND issued_at IS NOT NULL)),
  CONSTRAINT notice_answer_due_check CHECK (NOT orders_rectification OR status = 'draft' OR answer_due_date IS NOT NULL)
);
CREATE INDEX notice_bureau_unit_path_idx ON notice USING gist (bureau_unit_path);
CREATE INDEX notice_bureau_created_idx ON notice (bureau_unit_id, created_at DESC);

-- One named unit of a notice: a row of its table.
CREATE TABLE notice_unit (
  notice_id bigint NOT NULL CONSTRAINT notice_unit_notice_id_fkey REFERENCES notice (id) ON DELETE CASCADE,
  unit_id bigint NOT NULL CONSTRAINT notice_unit_unit_id_fkey REFERENCES unit (id),
  unit_path ltree NOT NULL,
  -- The unit's name when named (an issued notice keeps the name it was issued with).
  unit_name text NOT NULL,
  position integer NOT NULL,
  summary text NOT NULL DEFAULT '' CONSTRAINT notice_unit_summary_check CHECK (length(summary) <= 1000),
  -- The facts behind the naming (contracts NoticeFact[]).
  facts jsonb NOT NULL DEFAULT '[]' CONSTRAINT notice_unit_facts_check CHECK (jsonb_typeof(facts) = 'array'),
  -- The answer (整改报告); null while a draft or when the notice orders no rectification.
  answer_state text CONSTRAINT notice_unit_answer_state_check CHECK (answer_state IN ('awaiting', 'submitted', 'accepted', 'returned')),
  answer_text text,
  answer_file_ids bigint[] NOT NULL DEFAULT '{}',
  answer_submitted_at timestamptz,
  answer_submitted_by bigint CONSTRAINT notice_unit_answer_submitted_by_fkey REFERENCES app_user (id),
  answer_reviewed_at timestamptz,
  answer_reviewed_by bigint CONSTRAINT notice_unit_answer_reviewed_by_fkey REFERENCES app_user (id),
  answer_review_comment text,
  CONSTRAINT notice_unit_pkey PRIMARY KEY (notice_id, unit_id)
);
CREATE INDEX notice_unit_unit_path_idx ON notice_unit USING gist (unit_path);
CREATE INDEX notice_unit_unit_id_idx ON notice_unit (unit_id);

-- An issued notice is a record: its own fields never change again (its answers do).
CREATE FUNCTION notice_issued_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'issued' THEN
    RAISE EXCEPTION 'an issued notice cannot be changed' USING ERRCODE = 'check_violation', CONSTRAINT = 'notice_issued_final';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER notice_issued_final BEFORE UPDATE OR DELETE ON notice
  FOR EACH ROW EXECUTE FUNCTION notice_issued_is_final();
