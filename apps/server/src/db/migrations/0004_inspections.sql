-- Inspections (排查): checklists and their immutable versions, inspection points with QR
-- tokens, inspection records with one row per answered item, supervision visits with their
-- findings, and follow-up checks (回头看). A submitted inspection is never changed: a
-- correction is a new record that references it; the only later write is linking a failed
-- item to the hazard registered from it.

-- 检查表: owned by a bureau (the district's library) or by a school (its own items).
CREATE TABLE checklist (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT checklist_pkey PRIMARY KEY,
  code text,
  owner_unit_id bigint NOT NULL CONSTRAINT checklist_owner_unit_id_fkey REFERENCES unit (id),
  owner_unit_path ltree NOT NULL,
  domain text NOT NULL,
  title text NOT NULL CONSTRAINT checklist_title_check CHECK (length(btrim(title)) BETWEEN 1 AND 100),
  description text NOT NULL DEFAULT '',
  point_types text[] NOT NULL DEFAULT '{}',
  based_on_id bigint CONSTRAINT checklist_based_on_id_fkey REFERENCES checklist (id),
  current_version_id bigint,
  status text NOT NULL DEFAULT 'active' CONSTRAINT checklist_status_check CHECK (status IN ('active', 'archived')),
  version integer NOT NULL DEFAULT 1,
  created_by bigint CONSTRAINT checklist_created_by_fkey REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX checklist_owner_code_uq ON checklist (owner_unit_id, code) WHERE code IS NOT NULL;
CREATE INDEX checklist_owner_unit_path_gist ON checklist USING gist (owner_unit_path);

-- The items as they were when used: a version is written once and never changed.
CREATE TABLE checklist_version (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT checklist_version_pkey PRIMARY KEY,
  checklist_id bigint NOT NULL CONSTRAINT checklist_version_checklist_id_fkey REFERENCES checklist (id),
  version_no integer NOT NULL,
  items jsonb NOT NULL CONSTRAINT checklist_version_items_check CHECK (jsonb_typeof(items) = 'array' AND jsonb_array_length(items) > 0),
  created_by bigint CONSTRAINT checklist_version_created_by_fkey REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT checklist_version_no_uq UNIQUE (checklist_id, version_no)
);
ALTER TABLE checklist ADD CONSTRAINT checklist_current_version_id_fkey FOREIGN KEY (current_version_id) REFERENCES checklist_version (id);

CREATE FUNCTION immutable_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are never changed', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER checklist_version_immutable BEFORE UPDATE OR DELETE ON checklist_version
  FOR EACH ROW EXECUTE FUNCTION immutable_row();

-- 点位: a place in a school (or campus) checked at a frequency with given checklists.
CREATE TABLE inspection_point (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT inspection_point_pkey PRIMARY KEY,
  unit_id bigint NOT NULL CONSTRAINT inspection_point_unit_id_fkey REFERENCES unit (id),
  unit_path ltree NOT NULL,
  school_id bigint NOT NULL CONSTRAINT inspection_point_school_id_fkey REFERENCES unit (id),
  name text NOT NULL CONSTRAINT inspection_point_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 60),
  point_type text NOT NULL,
  location text NOT NULL DEFAULT '',
  responsible_user_id bigint CONSTRAINT inspection_point_responsible_user_id_fkey REFERENCES app_user (id),
  responsible_name text NOT NULL DEFAULT '',
  frequency text NOT NULL CONSTRAINT inspection_point_frequency_check CHECK (frequency IN ('daily', 'weekly', 'monthly', 'term')),
  qr_token text NOT NULL CONSTRAINT inspection_point_qr_token_uq UNIQUE,
  active_from date NOT NULL,
  retired_on date,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT inspection_point_retired_check CHECK (retired_on IS NULL OR retired_on >= active_from)
);
CREATE UNIQUE INDEX inspection_point_school_name_uq ON inspection_point (school_id, name) WHERE retired_on IS NULL;
CREATE INDEX inspection_point_unit_path_gist ON inspection_point USING gist (unit_path);
CREATE INDEX inspection_point_school_idx ON inspection_point (school_id);

CREATE TABLE inspection_point_checklist (
  point_id bigint NOT NULL CONSTRAINT inspection_point_checklist_point_id_fkey REFERENCES inspection_point (id),
  checklist_id bigint NOT NULL CONSTRAINT inspection_point_checklist_checklist_id_fkey REFERENCES checklist (id),
  sort_order integer NOT NULL DEFAULT 0,
  CONSTRAINT inspection_point_checklist_pkey PRIMARY KEY (point_id, checklist_id)
);

-- 督查: a supervision team's visit to one of its schools, planned then recorded.
CREATE TABLE supervision_visit (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT supervision_visit_pkey PRIMARY KEY,
  team_id bigint NOT NULL CONSTRAINT supervision_visit_team_id_fkey REFERENCES supervision_team (id),
  school_id bigint NOT NULL CONSTRAINT supervision_visit_school_id_fkey REFERENCES unit (id),
  school_path ltree NOT NULL,
  kind text NOT NULL CONSTRAINT supervision_visit_kind_check CHECK (kind IN ('supervision', 'spot', 'unannounced')),
  planned_on date NOT NULL,
  visited_on date,
  status text NOT NULL DEFAULT 'planned' CONSTRAINT supervision_visit_status_check CHECK (status IN ('planned', 'done', 'cancelled')),
  note text NOT NULL DEFAULT '',
  summary text NOT NULL DEFAULT '',
  feedback_issued_at timestamptz,
  feedback_issued_by bigint CONSTRAINT supervision_visit_feedback_issued_by_fkey REFERENCES app_user (id),
  created_by bigint NOT NULL CONSTRAINT supervision_visit_created_by_fkey REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT supervision_visit_done_check CHECK ((status = 'done') = (visited_on IS NOT NULL))
);
CREATE INDEX supervision_visit_team_idx ON supervision_visit (team_id, planned_on DESC);
CREATE INDEX supervision_visit_school_idx ON supervision_visit (school_id, visited_on DESC);
CREATE INDEX supervision_visit_school_path_gist ON supervision_visit USING gist (school_path);

-- 检查记录: one inspection at one unit (and point), signed off by its inspector.
CREATE TABLE inspection (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT inspection_pkey PRIMARY KEY,
  kind text NOT NULL CONSTRAINT inspection_kind_check CHECK (kind IN
    ('self', 'special', 'spot', 'mutual', 'supervision', 'joint', 'external', 'unannounced', 'follow_up')),
  unit_id bigint NOT NULL CONSTRAINT inspection_unit_id_fkey REFERENCES unit (id),
  unit_path ltree NOT NULL,
  school_id bigint NOT NULL CONSTRAINT inspection_school_id_fkey REFERENCES unit (id),
  point_id bigint CONSTRAINT inspection_point_id_fkey REFERENCES inspection_point (id),
  -- The point's period this check satisfies (daily '2026-11-30', weekly '2026-W49', …) and its last day.
  period_key text,
  period_end date,
  inspected_on date NOT NULL,
  started_via text NOT NULL DEFAULT 'app' CONSTRAINT inspection_started_via_check CHECK (started_via IN ('qr', 'app')),
  started_at timestamptz,
  inspector_user_id bigint NOT NULL CONSTRAINT inspection_inspector_user_id_fkey REFERENCES app_user (id),
  co_inspectors text[] NOT NULL DEFAULT '{}',
  checklist_version_ids bigint[] NOT NULL,
  summary text NOT NULL DEFAULT '',
  pass_count integer NOT NULL,
  fail_count integer NOT NULL,
  na_count integer NOT NULL,
  score numeric(4, 1),
  corrects_id bigint CONSTRAINT inspection_corrects_id_fkey REFERENCES inspection (id),
  visit_id bigint CONSTRAINT inspection_visit_id_fkey REFERENCES supervision_visit (id),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT inspection_period_check CHECK ((period_key IS NULL) = (period_end IS NULL))
);
CREATE INDEX inspection_point_period_idx ON inspection (point_id, period_key) WHERE point_id IS NOT NULL;
-- A school's records newest first, and the completion counts of a window (by period end).
CREATE INDEX inspection_school_on_idx ON inspection (school_id, inspected_on DESC, id DESC);
CREATE INDEX inspection_school_period_end_idx ON inspection (school_id, period_end) INCLUDE (point_id, period_key) WHERE period_key IS NOT NULL;
CREATE INDEX inspection_unit_path_gist ON inspection USING gist (unit_path);
CREATE INDEX inspection_visit_idx ON inspection (visit_id) WHERE visit_id IS NOT NULL;
-- A record's corrections (read with every record: without it each read scans every inspection).
CREATE INDEX inspection_corrects_idx ON inspection (corrects_id) WHERE corrects_id IS NOT NULL;

CREATE TRIGGER inspection_immutable BEFORE UPDATE OR DELETE ON inspection
  FOR EACH ROW EXECUTE FUNCTION immutable_row();

-- The schedule's "done", kept by a trigger as checks arrive: one row per (point, period) checked
-- at least once, and per unit and last day of period the number of such point-periods. A
-- district's completion for a month then reads a few thousand counters instead of every
-- check of the month.
CREATE TABLE inspection_period_done (
  point_id bigint NOT NULL CONSTRAINT inspection_period_done_point_id_fkey REFERENCES inspection_point (id),
  period_key text NOT NULL,
  CONSTRAINT inspection_period_done_pkey PRIMARY KEY (point_id, period_key)
);
CREATE TABLE inspection_done_day (
  unit_id bigint NOT NULL CONSTRAINT inspection_done_day_unit_id_fkey REFERENCES unit (id),
  period_end date NOT NULL,
  school_id bigint NOT NULL CONSTRAINT inspection_done_day_school_id_fkey REFERENCES unit (id),
  done integer NOT NULL CONSTRAINT inspection_done_day_done_check CHECK (done >= 0),
  CONSTRAINT inspection_done_day_pkey PRIMARY KEY (unit_id, period_end)
);

CREATE FUNCTION inspection_count_done() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.period_key IS NOT NULL AND NEW.point_id IS NOT NULL THEN
    INSERT INTO inspection_period_done (point_id, period_key) VALUES (NEW.point_id, NEW.period_key) ON CONFLICT DO NOTHING;
    IF FOUND THEN
      INSERT INTO inspection_done_day AS d (unit_id, period_end, school_id, done) VALUES (NEW.unit_id, NEW.period_end, NEW.school_id, 1)
        ON CONFLICT (unit_id, period_end) DO UPDATE SET done = d.done + 1;
    END IF;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER inspection_count_done AFTER INSERT ON inspection
  FOR EACH ROW EXECUTE FUNCTION inspection_count_done();

-- One row per answered item. Only `hazard_id` may be set later, once, when a failed item
-- is registered as a hazard.
CREATE TABLE inspection_result (
  inspection_id bigint NOT NULL CONSTRAINT inspection_result_inspection_id_fkey REFERENCES inspection (id),
  checklist_version_id bigint NOT NULL CONSTRAINT inspection_result_checklist_version_id_fkey REFERENCES checklist_version (id),
  item_code text NOT NULL,
  answer text NOT NULL CONSTRAINT inspection_result_answer_check CHECK (answer IN ('pass', 'fail', 'na')),
  note text NOT NULL DEFAULT '',
  photo_ids bigint[] NOT NULL DEFAULT '{}',
  hazard_id bigint,
  CONSTRAINT inspection_result_pkey PRIMARY KEY (inspection_id, checklist_version_id, item_code),
  CONSTRAINT inspection_result_fail_note_check CHECK (answer <> 'fail' OR length(btrim(note)) > 0)
);
CREATE INDEX inspection_result_hazard_idx ON inspection_result (hazard_id) WHERE hazard_id IS NOT NULL;

CREATE FUNCTION inspection_result_link_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.hazard_id IS NOT NULL
     OR (NEW.inspection_id, NEW.checklist_version_id, NEW.item_code, NEW.answer, NEW.note, NEW.photo_ids)
        IS DISTINCT FROM (OLD.inspection_id, OLD.checklist_version_id, OLD.item_code, OLD.answer, OLD.note, OLD.photo_ids) THEN
    RAISE EXCEPTION 'inspection results are never changed' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER inspection_result_link_only BEFORE UPDATE OR DELETE ON inspection_result
  FOR EACH ROW EXECUTE FUNCTION inspection_result_link_only();

-- Where a hazard came from: a failed item of an inspection, a supervision visit's findings,
-- or a follow-up check that found a closed hazard's problem again.
ALTER TABLE hazard
  ADD COLUMN inspection_id bigint CONSTRAINT hazard_inspection_id_fkey REFERENCES inspection (id),
  ADD COLUMN checklist_version_id bigint CONSTRAINT hazard_checklist_version_id_fkey REFERENCES checklist_version (id),
  ADD COLUMN inspection_item_code text,
  ADD COLUMN supervision_visit_id bigint CONSTRAINT hazard_supervision_visit_id_fkey REFERENCES supervision_visit (id),
  ADD COLUMN recurrence_of_id bigint CONSTRAINT hazard_recurrence_of_id_fkey REFERENCES hazard (id);
ALTER TABLE inspection_result ADD CONSTRAINT inspection_result_hazard_id_fkey FOREIGN KEY (hazard_id) REFERENCES hazard (id);
CREATE INDEX hazard_inspection_idx ON hazard (inspection_id) WHERE inspection_id IS NOT NULL;
CREATE INDEX hazard_visit_idx ON hazard (supervision_visit_id) WHERE supervision_visit_id IS NOT NULL;
CREATE INDEX hazard_recurrence_of_idx ON hazard (recurrence_of_id) WHERE recurrence_of_id IS NOT NULL;
CREATE INDEX hazard_closed_at_idx ON hazard (closed_at DESC) WHERE state = 'closed';

-- 督查反馈: the findings a visit issues to the school, each a hazard with the deadline the team set.
CREATE TABLE visit_finding (
  visit_id bigint NOT NULL CONSTRAINT visit_finding_visit_id_fkey REFERENCES supervision_visit (id),
  hazard_id bigint NOT NULL CONSTRAINT visit_finding_hazard_id_fkey REFERENCES hazard (id),
  due_date date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT visit_finding_pkey PRIMARY KEY (visit_id, hazard_id)
);
CREATE UNIQUE INDEX visit_finding_hazard_uq ON visit_finding (hazard_id);

-- 回头看: a closed hazard checked again to see that it stays fixed.
CREATE TABLE hazard_follow_up (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT hazard_follow_up_pkey PRIMARY KEY,
  hazard_id bigint NOT NULL CONSTRAINT hazard_follow_up_hazard_id_fkey REFERENCES hazard (id),
  school_path ltree NOT NULL,
  checked_on date NOT NULL,
  outcome text NOT NULL CONSTRAINT hazard_follow_up_outcome_check CHECK (outcome IN ('holds', 'recurred')),
  note text NOT NULL DEFAULT '',
  photo_ids bigint[] NOT NULL DEFAULT '{}',
  new_hazard_id bigint CONSTRAINT hazard_follow_up_new_hazard_id_fkey REFERENCES hazard (id),
  inspector_user_id bigint NOT NULL CONSTRAINT hazard_follow_up_inspector_user_id_fkey REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT hazard_follow_up_recurred_check CHECK ((outcome = 'recurred') = (new_hazard_id IS NOT NULL))
);
CREATE INDEX hazard_follow_up_hazard_idx ON hazard_follow_up (hazard_id);
CREATE TRIGGER hazard_follow_up_immutable BEFORE UPDATE OR DELETE ON hazard_follow_up
  FOR EACH ROW EXECUTE FUNCTION immutable_row();
