-- Hazard ledger (隐患台账): each hazard is the domain record (`doc`, exactly what the
-- pure state machine reads and returns) plus columns projected from it for filtering,
-- sorting and search. `hazard_event` is the append-only history. Nothing is deleted.

-- Distinct 2-character substrings of the lower-cased text: a GIN index on it makes a
-- two-character Chinese term such as 消防 an index lookup (pg_trgm needs 3 characters).
CREATE FUNCTION bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT coalesce(array_agg(DISTINCT substr(lower(t), i, 2)), '{}')
    FROM generate_series(1, greatest(char_length(t) - 1, 0)) AS i
$$;

-- Uploaded files: photos (re-encoded, metadata stripped) and PDFs, stored on disk by SHA-256.
CREATE TABLE file_object (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT file_object_pkey PRIMARY KEY,
  sha256 text NOT NULL CONSTRAINT file_object_sha256_check CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  kind text NOT NULL CONSTRAINT file_object_kind_check CHECK (kind IN ('photo', 'document')),
  mime text NOT NULL,
  size_bytes bigint NOT NULL CONSTRAINT file_object_size_check CHECK (size_bytes >= 0),
  original_name text NOT NULL,
  width integer,
  height integer,
  thumb_sha256 text,
  unit_id bigint NOT NULL CONSTRAINT file_object_unit_id_fkey REFERENCES unit (id),
  unit_path ltree NOT NULL,
  uploaded_by bigint NOT NULL CONSTRAINT file_object_uploaded_by_fkey REFERENCES app_user (id),
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX file_object_unit_path_gist ON file_object USING gist (unit_path);
CREATE INDEX file_object_sha256_idx ON file_object (sha256);

CREATE TABLE hazard (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT hazard_pkey PRIMARY KEY,
  version integer NOT NULL DEFAULT 1,
  doc jsonb NOT NULL,
  -- Projected from doc on every write (never edited on their own):
  unit_id bigint NOT NULL CONSTRAINT hazard_unit_id_fkey REFERENCES unit (id),
  unit_path ltree NOT NULL,
  school_id bigint NOT NULL CONSTRAINT hazard_school_id_fkey REFERENCES unit (id),
  state text NOT NULL CONSTRAINT hazard_state_check CHECK (state IN
    ('reported', 'registered', 'rejected', 'rectifying', 'pending_verification', 'closed')),
  domain text NOT NULL,
  grade text NOT NULL CONSTRAINT hazard_grade_check CHECK (grade IN ('general', 'major')),
  source text NOT NULL,
  title text NOT NULL,
  description text NOT NULL,
  location text NOT NULL DEFAULT '',
  owner text,
  found_at date NOT NULL,
  due_date date,
  funds_fen bigint,
  listed boolean NOT NULL DEFAULT false,
  escalated boolean NOT NULL DEFAULT false,
  fixed_on_spot boolean NOT NULL DEFAULT false,
  reported_by bigint NOT NULL CONSTRAINT hazard_reported_by_fkey REFERENCES app_user (id),
  reported_at timestamptz NOT NULL,
  closed_at timestamptz,
  search_text text GENERATED ALWAYS AS (title || ' ' || description || ' ' || location) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- A school's ledger page, newest first.
CREATE INDEX hazard_school_found_idx ON hazard (school_id, found_at DESC, id DESC);
CREATE INDEX hazard_unit_path_gist ON hazard USING gist (unit_path);
CREATE INDEX hazard_state_domain_idx ON hazard (state, domain, found_at DESC);
-- Open hazards by due date: the overdue filter and the reminder sweep.
CREATE INDEX hazard_open_due_idx ON hazard (due_date) WHERE state IN ('registered', 'rectifying', 'pending_verification');
CREATE INDEX hazard_listed_idx ON hazard (id) WHERE listed;
CREATE INDEX hazard_search_bigram_gin ON hazard USING gin (bigrams(search_text));

-- The history: every transition and edit, in the same transaction as the change.
CREATE TABLE hazard_event (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT hazard_event_pkey PRIMARY KEY,
  hazard_id bigint NOT NULL CONSTRAINT hazard_event_hazard_id_fkey REFERENCES hazard (id),
  at timestamptz NOT NULL DEFAULT now(),
  actor_user_id bigint CONSTRAINT hazard_event_actor_user_id_fkey REFERENCES app_user (id),
  actor_role text,
  action text NOT NULL,
  from_state text,
  to_state text NOT NULL,
  comment text,
  changed_fields text[] NOT NULL DEFAULT '{}',
  file_ids bigint[] NOT NULL DEFAULT '{}',
  details jsonb
);
CREATE INDEX hazard_event_hazard_id_idx ON hazard_event (hazard_id, id);

CREATE TRIGGER hazard_event_no_update BEFORE UPDATE OR DELETE ON hazard_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();

-- In-app notifications (reminders before and on the due date, overdue).
CREATE TABLE notification (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT notification_pkey PRIMARY KEY,
  user_id bigint NOT NULL CONSTRAINT notification_user_id_fkey REFERENCES app_user (id),
  kind text NOT NULL,
  hazard_id bigint CONSTRAINT notification_hazard_id_fkey REFERENCES hazard (id),
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  dedupe_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  CONSTRAINT notification_user_dedupe_uq UNIQUE (user_id, dedupe_key)
);
CREATE INDEX notification_user_unread_idx ON notification (user_id, created_at DESC) WHERE read_at IS NULL;

-- Retries from phones: the same Idempotency-Key returns the first answer and creates nothing.
CREATE TABLE idempotency_key (
  user_id bigint NOT NULL CONSTRAINT idempotency_key_user_id_fkey REFERENCES app_user (id),
  key text NOT NULL CONSTRAINT idempotency_key_key_check CHECK (length(key) BETWEEN 8 AND 200),
  route text NOT NULL,
  request_hash text NOT NULL,
  status_code integer NOT NULL,
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT idempotency_key_pkey PRIMARY KEY (user_id, key)
);

-- Background jobs that must run on one instance at a time record their runs here.
CREATE TABLE job_run (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT job_run_pkey PRIMARY KEY,
  job text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  details jsonb
);
