-- The site registries (features/site, see its README): a school's buildings with their
-- appraisal grade (校舍安全鉴定 A–D), its emergency plans with their revision cycle, the drills
-- it held, its canteen staff with their health certificates, and its canteen profile
-- (阳光食堂). school_id is the school; unit_path is the scope column (the school's path): a
-- school sees its own, a team its schools', the bureau all of them. Rows are never deleted (the
-- application role has no DELETE): a building pulled down is marked not in use, staff who left
-- are marked so.

CREATE TABLE building (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT building_pkey PRIMARY KEY,
  school_id bigint NOT NULL CONSTRAINT building_school_id_fkey REFERENCES unit (id),
  unit_path ltree NOT NULL,
  name text NOT NULL CONSTRAINT building_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  use text NOT NULL CONSTRAINT building_use_check CHECK (use IN ('teaching', 'dormitory', 'canteen', 'office', 'library', 'lab', 'gym', 'other')),
  floors integer NOT NULL CONSTRAINT building_floors_check CHECK (floors BETWEEN 1 AND 60),
  built_year integer NOT NULL CONSTRAINT building_built_year_check CHECK (built_year BETWEEN 1900 AND 2100),
  structure text NOT NULL CONSTRAINT building_structure_check CHECK (structure IN ('frame', 'brick_concrete', 'steel', 'brick_wood', 'other')),
  area_m2 numeric(10, 2) CONSTRAINT building_area_m2_check CHECK (area_m2 IS NULL OR area_m2 > 0),
  grade text NOT NULL CONSTRAINT building_grade_check CHECK (grade IN ('A', 'B', 'C', 'D')),
  appraised_on date NOT NULL,
  report_no text NOT NULL DEFAULT '',
  report_file_id bigint CONSTRAINT building_report_file_id_fkey REFERENCES file_object (id),
  in_use boolean NOT NULL,
  note text NOT NULL DEFAULT '',
  created_by bigint CONSTRAINT building_created_by_fkey REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT building_school_name_uq UNIQUE (school_id, name)
);
CREATE INDEX building_unit_path_gist ON building USING gist (unit_path);
CREATE INDEX building_grade_d_idx ON building (school_id) WHERE grade = 'D' AND in_use;

CREATE TABLE emergency_plan (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT emergency_plan_pkey PRIMARY KEY,
  school_id bigint NOT NULL CONSTRAINT emergency_plan_school_id_fkey REFERENCES unit (id),
  unit_path ltree NOT NULL,
  title text NOT NULL CONSTRAINT emergency_plan_title_check CHECK (length(btrim(title)) BETWEEN 1 AND 100),
  kind text NOT NULL CONSTRAINT emergency_plan_kind_check CHECK (kind IN ('comprehensive', 'fire', 'earthquake', 'flood', 'food', 'epidemic', 'intrusion', 'bullying', 'traffic', 'drowning', 'other')),
  version_label text NOT NULL CONSTRAINT emergency_plan_version_label_check CHECK (length(btrim(version_label)) BETWEEN 1 AND 20),
  issued_on date NOT NULL,
  revised_on date NOT NULL,
  revision_months integer NOT NULL DEFAULT 12 CONSTRAINT emergency_plan_revision_months_check CHECK (revision_months BETWEEN 1 AND 60),
  -- The next revision due, kept with every write (revised_on + revision_months) so the sweep and lists filter on it.
  revision_due_on date NOT NULL,
  owner_name text NOT NULL CONSTRAINT emergency_plan_owner_name_check CHECK (length(btrim(owner_name)) BETWEEN 1 AND 50),
  document_file_id bigint CONSTRAINT emergency_plan_document_file_id_fkey REFERENCES file_object (id),
  status text NOT NULL DEFAULT 'active' CONSTRAINT emergency_plan_status_check CHECK (status IN ('active', 'abolished')),
  note text NOT NULL DEFAULT '',
  created_by bigint CONSTRAINT emergency_plan_created_by_fkey REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT emergency_plan_revised_check CHECK (revised_on >= issued_on)
);
CREATE INDEX emergency_plan_unit_path_gist ON emergency_plan USING gist (unit_path);
CREATE INDEX emergency_plan_due_idx ON emergency_plan (revision_due_on) WHERE status = 'active';

CREATE TABLE drill (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT drill_pkey PRIMARY KEY,
  school_id bigint NOT NULL CONSTRAINT drill_school_id_fkey REFERENCES unit (id),
  unit_path ltree NOT NULL,
  plan_id bigint CONSTRAINT drill_plan_id_fkey REFERENCES emergency_plan (id),
  title text NOT NULL CONSTRAINT drill_title_check CHECK (length(btrim(title)) BETWEEN 1 AND 100),
  kind text NOT NULL CONSTRAINT drill_kind_check CHECK (kind IN ('fire_evacuation', 'earthquake', 'intrusion', 'food', 'flood', 'epidemic', 'drowning', 'other')),
  held_on date NOT NULL,
  participants integer NOT NULL CONSTRAINT drill_participants_check CHECK (participants BETWEEN 1 AND 100000),
  duration_minutes integer NOT NULL CONSTRAINT drill_duration_minutes_check CHECK (duration_minutes BETWEEN 1 AND 1440),
  rating text NOT NULL CONSTRAINT drill_rating_check CHECK (rating IN ('excellent', 'good', 'fair', 'poor')),
  evaluation text NOT NULL,
  photo_file_ids bigint[] NOT NULL DEFAULT '{}' CONSTRAINT drill_photo_file_ids_check CHECK (cardinality(photo_file_ids) <= 9),
  recorded_by bigint CONSTRAINT drill_recorded_by_fkey REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX drill_unit_path_gist ON drill USING gist (unit_path);
CREATE INDEX drill_school_held_idx ON drill (school_id, held_on);

CREATE TABLE canteen_staff (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT canteen_staff_pkey PRIMARY KEY,
  school_id bigint NOT NULL CONSTRAINT canteen_staff_school_id_fkey REFERENCES unit (id),
  unit_path ltree NOT NULL,
  name text NOT NULL CONSTRAINT canteen_staff_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 50),
  id_number text NOT NULL CONSTRAINT canteen_staff_id_number_check CHECK (id_number ~ '^[1-9][0-9]{16}[0-9X]$'),
  post text NOT NULL CONSTRAINT canteen_staff_post_check CHECK (post IN ('manager', 'cook', 'helper', 'server', 'buyer', 'safety', 'other')),
  phone text NOT NULL DEFAULT '',
  cert_no text NOT NULL CONSTRAINT canteen_staff_cert_no_check CHECK (length(btrim(cert_no)) BETWEEN 1 AND 50),
  cert_issued_on date NOT NULL,
  cert_expires_on date NOT NULL,
  status text NOT NULL DEFAULT 'active' CONSTRAINT canteen_staff_status_check CHECK (status IN ('active', 'left')),
  created_by bigint CONSTRAINT canteen_staff_created_by_fkey REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT canteen_staff_cert_check CHECK (cert_expires_on > cert_issued_on),
  -- One person is one row of a school's canteen (a duplicate ID number is refused).
  CONSTRAINT canteen_staff_school_id_number_uq UNIQUE (school_id, id_number)
);
CREATE INDEX canteen_staff_unit_path_gist ON canteen_staff USING gist (unit_path);
CREATE INDEX canteen_staff_expiry_idx ON canteen_staff (cert_expires_on) WHERE status = 'active';

-- A school's canteen as the coverage figures read it: whether it runs one and whether it is a
-- 阳光食堂 (明厨亮灶: the kitchen visible to parents, video online).
CREATE TABLE canteen_profile (
  school_id bigint NOT NULL CONSTRAINT canteen_profile_pkey PRIMARY KEY CONSTRAINT canteen_profile_school_id_fkey REFERENCES unit (id),
  unit_path ltree NOT NULL,
  has_canteen boolean NOT NULL,
  bright_kitchen boolean NOT NULL DEFAULT false,
  bright_kitchen_since date,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT canteen_profile_bright_check CHECK (has_canteen OR NOT bright_kitchen)
);
CREATE INDEX canteen_profile_unit_path_gist ON canteen_profile USING gist (unit_path);
