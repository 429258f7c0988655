-- The registries' shared base (features/registries): a school's standing records (chemicals,
-- buses, guards, buildings, plans, canteen …) open hazards by themselves when something they
-- hold goes wrong. Each such hazard is linked back to the record and the cause that opened it;
-- the unique key makes "never opened twice for the same cause" a property of the table.
-- `cause` names the occurrence (a document and its expiry date, a count, a grade), so a renewed
-- document that lapses again is a new cause.

CREATE TABLE registry_hazard (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT registry_hazard_pkey PRIMARY KEY,
  school_id bigint NOT NULL CONSTRAINT registry_hazard_school_id_fkey REFERENCES unit (id),
  registry_kind text NOT NULL CONSTRAINT registry_hazard_registry_kind_check CHECK (registry_kind ~ '^[a-z][a-z0-9-]{1,39}$'),
  record_id bigint NOT NULL,
  cause text NOT NULL CONSTRAINT registry_hazard_cause_check CHECK (length(cause) BETWEEN 1 AND 200),
  label text NOT NULL CONSTRAINT registry_hazard_label_check CHECK (length(label) BETWEEN 1 AND 200),
  hazard_id bigint NOT NULL CONSTRAINT registry_hazard_hazard_id_fkey REFERENCES hazard (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT registry_hazard_cause_uq UNIQUE (registry_kind, record_id, cause)
);
CREATE UNIQUE INDEX registry_hazard_hazard_id_uq ON registry_hazard (hazard_id);
CREATE INDEX registry_hazard_school_id_idx ON registry_hazard (school_id);

-- A notification may open a page other than a hazard (a registry record): its path in the web UI.
ALTER TABLE notification ADD COLUMN link text CONSTRAINT notification_link_check CHECK (link IS NULL OR (link ~ '^/[^/]' AND length(link) <= 300));
