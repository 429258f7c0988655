-- The measure list (制度措施清单, features/measures), the second of a school's "两个清单" beside
-- the hazard list (a view of its hazard ledger): the rules, systems and long-term measures the
-- school must establish or improve, each with its owner, due date, status, the adopted document
-- and the hazards or supervision findings that prompted it (举一反三).
-- unit_path is the scope column (the school's path): a school sees its own, a team its
-- schools', the bureau all of them.

CREATE TABLE measure (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT measure_pkey PRIMARY KEY,
  unit_id bigint NOT NULL CONSTRAINT measure_unit_id_fkey REFERENCES unit (id),
  unit_path ltree NOT NULL,
  title text NOT NULL CONSTRAINT measure_title_check CHECK (length(btrim(title)) BETWEEN 1 AND 200),
  kind text NOT NULL CONSTRAINT measure_kind_check CHECK (kind IN ('rule', 'system', 'long_term')),
  description text NOT NULL DEFAULT '',
  owner_name text NOT NULL CONSTRAINT measure_owner_name_check CHECK (length(btrim(owner_name)) BETWEEN 1 AND 50),
  owner_department text NOT NULL DEFAULT '',
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'planned' CONSTRAINT measure_status_check CHECK (status IN ('planned', 'in_progress', 'established', 'revised')),
  adopted_on date,
  document_file_id bigint CONSTRAINT measure_document_file_id_fkey REFERENCES file_object (id),
  created_by bigint NOT NULL CONSTRAINT measure_created_by_fkey REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Established or revised exactly when the document and its adoption date are there.
  CONSTRAINT measure_adopted_check CHECK ((status IN ('established', 'revised')) = (adopted_on IS NOT NULL AND document_file_id IS NOT NULL))
);
CREATE INDEX measure_unit_path_gist ON measure USING gist (unit_path);
CREATE INDEX measure_unit_idx ON measure (unit_id, status);
CREATE INDEX measure_due_idx ON measure (due_on) WHERE status IN ('planned', 'in_progress');

-- What prompted a measure: a hazard of the same school (kind 'finding' when a supervision visit
-- issued it, visit_finding). The label is the hazard's title when linked. Rows are never deleted
-- (the application role has no DELETE): an origin taken off by an edit gets removed_at, one put
-- back has it cleared.
CREATE TABLE measure_origin (
  measure_id bigint NOT NULL CONSTRAINT measure_origin_measure_id_fkey REFERENCES measure (id),
  hazard_id bigint NOT NULL CONSTRAINT measure_origin_hazard_id_fkey REFERENCES hazard (id),
  kind text NOT NULL CONSTRAINT measure_origin_kind_check CHECK (kind IN ('hazard', 'finding')),
  label text NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  removed_at timestamptz,
  CONSTRAINT measure_origin_pkey PRIMARY KEY (measure_id, hazard_id)
);
CREATE INDEX measure_origin_hazard_idx ON measure_origin (hazard_id) WHERE removed_at IS NULL;

-- The measure's history as its detail page shows it (the audit trail keeps the same acts for
-- the audit administrator): created, edited (which fields), moved (from, to, the document).
CREATE TABLE measure_event (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT measure_event_pkey PRIMARY KEY,
  measure_id bigint NOT NULL CONSTRAINT measure_event_measure_id_fkey REFERENCES measure (id),
  at timestamptz NOT NULL DEFAULT now(),
  actor_user_id bigint CONSTRAINT measure_event_actor_user_id_fkey REFERENCES app_user (id),
  action text NOT NULL CONSTRAINT measure_event_action_check CHECK (action IN ('create', 'update', 'move')),
  from_status text,
  to_status text NOT NULL,
  note text NOT NULL DEFAULT '',
  changed_fields jsonb NOT NULL DEFAULT '[]',
  document_file_id bigint CONSTRAINT measure_event_document_file_id_fkey REFERENCES file_object (id)
);
CREATE INDEX measure_event_measure_idx ON measure_event (measure_id, at);
