-- Admonition talks (约谈, features/talks): the bureau talks to a unit (a school, an area, or a
-- bureau department), records the people on both sides, the reason, the records the talk is
-- about and the unit's commitments, then records the follow-up (回访) result on or after its date.
-- unit_path is the scope column: the school's or area's path, or the department's bureau path,
-- so a school sees only talks with itself, a team its schools' talks, the bureau all of them.

CREATE TABLE talk (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT talk_pkey PRIMARY KEY,
  bureau_unit_id bigint NOT NULL CONSTRAINT talk_bureau_unit_id_fkey REFERENCES unit (id),
  unit_id bigint CONSTRAINT talk_unit_id_fkey REFERENCES unit (id),
  department_id bigint CONSTRAINT talk_department_id_fkey REFERENCES department (id),
  unit_path ltree NOT NULL,
  held_on date NOT NULL,
  status text NOT NULL CONSTRAINT talk_status_check CHECK (status IN ('planned', 'held', 'followed_up')),
  reason text NOT NULL CONSTRAINT talk_reason_check CHECK (length(btrim(reason)) BETWEEN 1 AND 2000),
  interviewees jsonb NOT NULL DEFAULT '[]',
  interviewers jsonb NOT NULL DEFAULT '[]',
  commitments jsonb NOT NULL DEFAULT '[]',
  notes text NOT NULL DEFAULT '',
  -- The records the talk is about, [{kind, id, label}] (kind: hazard, report_submission,
  -- report_period, notice); the label is the record's title when linked, so the talk still
  -- reads right if the record is later renamed or out of the reader's reach.
  links jsonb NOT NULL DEFAULT '[]',
  follow_up_due date,
  follow_up_result text CONSTRAINT talk_follow_up_result_check CHECK (follow_up_result IN ('done', 'not_done')),
  follow_up_note text NOT NULL DEFAULT '',
  followed_up_on date,
  followed_up_by bigint CONSTRAINT talk_followed_up_by_fkey REFERENCES app_user (id),
  created_by bigint NOT NULL CONSTRAINT talk_created_by_fkey REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT talk_links_check CHECK (jsonb_typeof(links) = 'array'),
  CONSTRAINT talk_unit_or_department_check CHECK ((unit_id IS NULL) <> (department_id IS NULL)),
  CONSTRAINT talk_follow_up_due_check CHECK (follow_up_due IS NULL OR follow_up_due >= held_on),
  CONSTRAINT talk_followed_up_check CHECK ((status = 'followed_up') = (follow_up_result IS NOT NULL AND followed_up_on IS NOT NULL))
);
CREATE INDEX talk_unit_path_gist ON talk USING gist (unit_path);
CREATE INDEX talk_unit_idx ON talk (unit_id, held_on DESC);
CREATE INDEX talk_follow_up_idx ON talk (follow_up_due) WHERE status = 'held';
CREATE INDEX talk_links_gin ON talk USING gin (links jsonb_path_ops);
