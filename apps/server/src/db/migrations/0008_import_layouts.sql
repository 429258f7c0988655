-- Remembered import layouts: when a user corrects how the columns of a spreadsheet are read
-- (the mapping step of the ledger or checklist import), the mapping is kept for that layout —
-- the SHA-256 of its normalised header row — for the whole bureau, and proposed the next time
-- anyone in the district uploads a sheet with the same header.
CREATE TABLE import_layout (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT import_layout_pkey PRIMARY KEY,
  bureau_id bigint NOT NULL CONSTRAINT import_layout_bureau_id_fkey REFERENCES unit (id),
  kind text NOT NULL CONSTRAINT import_layout_kind_check CHECK (kind IN ('hazard_ledger', 'checklist')),
  fingerprint text NOT NULL CONSTRAINT import_layout_fingerprint_check CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
  -- The headers as written (for reading the table), and {normalised header: field or null}.
  headers text[] NOT NULL,
  mapping jsonb NOT NULL CONSTRAINT import_layout_mapping_check CHECK (jsonb_typeof(mapping) = 'object'),
  uses integer NOT NULL DEFAULT 1,
  updated_by bigint NOT NULL CONSTRAINT import_layout_updated_by_fkey REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT import_layout_bureau_kind_fingerprint_uq UNIQUE (bureau_id, kind, fingerprint)
);
