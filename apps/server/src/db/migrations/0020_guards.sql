-- The guards registry (保安员台账, features/guards) and each school's security profile
-- (学校安防情况), from which the four 100 % indicators are computed (features/indicators).
-- unit_path is the scope column (the school's path): a school sees its own, a team its
-- schools', the bureau all of them.

-- One real-name record per guard of a school. The ID number is unique across the district
-- (one person, one record: a guard who moves school is edited, not entered twice).
CREATE TABLE guard (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT guard_pkey PRIMARY KEY,
  unit_id bigint NOT NULL CONSTRAINT guard_unit_id_fkey REFERENCES unit (id),
  unit_path ltree NOT NULL,
  name text NOT NULL CONSTRAINT guard_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 50),
  id_number text NOT NULL CONSTRAINT guard_id_number_check CHECK (id_number ~ '^[0-9]{17}[0-9X]$'),
  phone text NOT NULL DEFAULT '',
  employment text NOT NULL CONSTRAINT guard_employment_check CHECK (employment IN ('full_time', 'part_time')),
  post text NOT NULL CONSTRAINT guard_post_check CHECK (post IN ('gate', 'patrol', 'monitoring', 'escort', 'other')),
  certificate_no text NOT NULL CONSTRAINT guard_certificate_no_check CHECK (length(btrim(certificate_no)) BETWEEN 1 AND 50),
  certificate_issued_on date,
  certificate_expires_on date NOT NULL,
  background_check_on date,
  background_check_result text NOT NULL CONSTRAINT guard_background_check_result_check CHECK (background_check_result IN ('pass', 'fail', 'pending')),
  annual_review_year integer,
  annual_review_result text NOT NULL CONSTRAINT guard_annual_review_result_check CHECK (annual_review_result IN ('pass', 'fail', 'pending')),
  status text NOT NULL DEFAULT 'active' CONSTRAINT guard_status_check CHECK (status IN ('active', 'left')),
  note text NOT NULL DEFAULT '',
  created_by bigint CONSTRAINT guard_created_by_fkey REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT guard_id_number_uq UNIQUE (id_number),
  CONSTRAINT guard_certificate_dates_check CHECK (certificate_issued_on IS NULL OR certificate_expires_on >= certificate_issued_on)
);
CREATE INDEX guard_unit_path_gist ON guard USING gist (unit_path);
CREATE INDEX guard_unit_idx ON guard (unit_id, status);
CREATE INDEX guard_expiry_idx ON guard (certificate_expires_on) WHERE status = 'active';

-- The school's own security facts, kept by the school and read by the bureau: the number of
-- full-time guards it must have, closed-campus management, the one-key alarm and the video
-- system linked to the police, the 护学岗 posts it must set and how many are staffed.
-- A school without a row has declared nothing (and meets none of the four indicators).
CREATE TABLE school_security_profile (
  unit_id bigint CONSTRAINT school_security_profile_pkey PRIMARY KEY CONSTRAINT school_security_profile_unit_id_fkey REFERENCES unit (id),
  unit_path ltree NOT NULL,
  required_guards integer NOT NULL CONSTRAINT school_security_profile_required_guards_check CHECK (required_guards BETWEEN 0 AND 50),
  closed_campus boolean NOT NULL,
  alarm_linked boolean NOT NULL,
  video_linked boolean NOT NULL,
  escort_posts_required integer NOT NULL CONSTRAINT school_security_profile_escort_posts_required_check CHECK (escort_posts_required BETWEEN 0 AND 50),
  escort_posts_staffed integer NOT NULL CONSTRAINT school_security_profile_escort_posts_staffed_check CHECK (escort_posts_staffed BETWEEN 0 AND 50),
  note text NOT NULL DEFAULT '',
  updated_by bigint CONSTRAINT school_security_profile_updated_by_fkey REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX school_security_profile_unit_path_gist ON school_security_profile USING gist (unit_path);
