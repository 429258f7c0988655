-- Foundation: organisation tree, people and accounts, sessions, supervision teams, audit trail.
-- Table names are singular. Every constraint is named.

CREATE EXTENSION IF NOT EXISTS ltree;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- 教育集团: a second way of grouping schools, inside one district.
CREATE TABLE edu_group (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT edu_group_pkey PRIMARY KEY,
  bureau_unit_id bigint NOT NULL,
  name text NOT NULL CONSTRAINT edu_group_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT edu_group_bureau_name_uq UNIQUE (bureau_unit_id, name)
);

-- 组织单元: bureau → area → school → campus. `path` is the ltree of ids from the root,
-- so "everything under unit X" is `path <@ X.path`, one GiST-indexed condition.
CREATE TABLE unit (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT unit_pkey PRIMARY KEY,
  kind text NOT NULL CONSTRAINT unit_kind_check CHECK (kind IN ('bureau', 'area', 'school', 'campus')),
  parent_id bigint CONSTRAINT unit_parent_id_fkey REFERENCES unit (id),
  path ltree NOT NULL,
  name text NOT NULL CONSTRAINT unit_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  school_kind text CONSTRAINT unit_school_kind_check CHECK (school_kind IN
    ('kindergarten', 'primary', 'middle', 'high', 'nine_year', 'vocational', 'special', 'training')),
  edu_group_id bigint CONSTRAINT unit_edu_group_id_fkey REFERENCES edu_group (id),
  address text,
  principal text,
  safety_officer text,
  phone text,
  enrolment integer CONSTRAINT unit_enrolment_check CHECK (enrolment IS NULL OR enrolment >= 0),
  status text NOT NULL DEFAULT 'active' CONSTRAINT unit_status_check CHECK (status IN ('active', 'disabled')),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT unit_root_check CHECK ((kind = 'bureau') = (parent_id IS NULL)),
  CONSTRAINT unit_school_kind_only_school_check CHECK (school_kind IS NULL OR kind = 'school')
);
ALTER TABLE edu_group ADD CONSTRAINT edu_group_bureau_unit_id_fkey FOREIGN KEY (bureau_unit_id) REFERENCES unit (id);

CREATE INDEX unit_path_gist ON unit USING gist (path);
CREATE INDEX unit_parent_id_idx ON unit (parent_id);
CREATE INDEX unit_edu_group_id_idx ON unit (edu_group_id);
-- An area or school name is unique within its district (the first label of the path).
CREATE UNIQUE INDEX unit_district_kind_name_uq ON unit (subpath(path, 0, 1), kind, name) WHERE kind IN ('area', 'school');
CREATE UNIQUE INDEX unit_campus_name_uq ON unit (parent_id, name) WHERE kind = 'campus';

-- Keeps `path` equal to parent.path || id, on insert and when a unit moves.
CREATE FUNCTION unit_set_path() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent_path ltree;
BEGIN
  IF NEW.parent_id IS NULL THEN
    NEW.path := text2ltree(NEW.id::text);
  ELSE
    SELECT path INTO parent_path FROM unit WHERE id = NEW.parent_id;
    IF parent_path IS NULL THEN
      RAISE EXCEPTION 'parent unit % does not exist', NEW.parent_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND parent_path <@ OLD.path THEN
      RAISE EXCEPTION 'a unit cannot move under itself' USING ERRCODE = 'check_violation';
    END IF;
    NEW.path := parent_path || text2ltree(NEW.id::text);
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER unit_set_path_ins BEFORE INSERT ON unit FOR EACH ROW EXECUTE FUNCTION unit_set_path();
CREATE TRIGGER unit_set_path_upd BEFORE UPDATE OF parent_id ON unit FOR EACH ROW
  WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id) EXECUTE FUNCTION unit_set_path();

CREATE FUNCTION unit_move_subtree() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE unit SET path = NEW.path || subpath(path, nlevel(OLD.path))
   WHERE path <@ OLD.path AND id <> NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER unit_move_subtree AFTER UPDATE OF path ON unit FOR EACH ROW
  WHEN (OLD.path IS DISTINCT FROM NEW.path AND pg_trigger_depth() = 1) EXECUTE FUNCTION unit_move_subtree();

-- 科室: sections of the bureau.
CREATE TABLE department (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT department_pkey PRIMARY KEY,
  unit_id bigint NOT NULL CONSTRAINT department_unit_id_fkey REFERENCES unit (id),
  name text NOT NULL CONSTRAINT department_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  status text NOT NULL DEFAULT 'active' CONSTRAINT department_status_check CHECK (status IN ('active', 'disabled')),
  sort_order integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT department_unit_name_uq UNIQUE (unit_id, name)
);

-- People. A person with no password hash has no login yet (e.g. a team member on paper only).
CREATE TABLE app_user (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT app_user_pkey PRIMARY KEY,
  username text CONSTRAINT app_user_username_check CHECK (username ~ '^[a-z0-9_.-]{3,40}$'),
  display_name text NOT NULL CONSTRAINT app_user_display_name_check CHECK (length(btrim(display_name)) BETWEEN 1 AND 50),
  title text,
  phone text,
  role text NOT NULL CONSTRAINT app_user_role_check CHECK (role IN
    ('system_admin', 'bureau_leader', 'bureau_staff', 'team_member', 'school_admin', 'school_staff')),
  unit_id bigint NOT NULL CONSTRAINT app_user_unit_id_fkey REFERENCES unit (id),
  department_id bigint CONSTRAINT app_user_department_id_fkey REFERENCES department (id),
  password_hash text,
  password_changed_at timestamptz,
  status text NOT NULL DEFAULT 'active' CONSTRAINT app_user_status_check CHECK (status IN ('active', 'disabled')),
  failed_login_count integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_login_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX app_user_username_uq ON app_user (username) WHERE username IS NOT NULL;
CREATE INDEX app_user_unit_id_idx ON app_user (unit_id);
CREATE INDEX app_user_department_id_idx ON app_user (department_id);

-- Server-side sessions. `id` is the SHA-256 of the cookie token: a database leak reveals no usable cookie.
CREATE TABLE user_session (
  id text CONSTRAINT user_session_pkey PRIMARY KEY,
  user_id bigint NOT NULL CONSTRAINT user_session_user_id_fkey REFERENCES app_user (id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip inet,
  user_agent text
);
CREATE INDEX user_session_user_id_idx ON user_session (user_id);

-- 领导小组: the bureau's leading group (leader, deputies, member departments are departments).
CREATE TABLE leading_group_member (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT leading_group_member_pkey PRIMARY KEY,
  unit_id bigint NOT NULL CONSTRAINT leading_group_member_unit_id_fkey REFERENCES unit (id),
  user_id bigint NOT NULL CONSTRAINT leading_group_member_user_id_fkey REFERENCES app_user (id),
  position text NOT NULL CONSTRAINT leading_group_member_position_check CHECK (position IN ('leader', 'deputy', 'member')),
  title text,
  sort_order integer NOT NULL DEFAULT 0,
  CONSTRAINT leading_group_member_unit_user_uq UNIQUE (unit_id, user_id)
);

-- 督查小组 and their assigned schools.
CREATE TABLE supervision_team (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT supervision_team_pkey PRIMARY KEY,
  bureau_unit_id bigint NOT NULL CONSTRAINT supervision_team_bureau_unit_id_fkey REFERENCES unit (id),
  name text NOT NULL CONSTRAINT supervision_team_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 50),
  sort_order integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'active' CONSTRAINT supervision_team_status_check CHECK (status IN ('active', 'disabled')),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT supervision_team_bureau_name_uq UNIQUE (bureau_unit_id, name)
);

CREATE TABLE supervision_team_member (
  team_id bigint NOT NULL CONSTRAINT supervision_team_member_team_id_fkey REFERENCES supervision_team (id),
  user_id bigint NOT NULL CONSTRAINT supervision_team_member_user_id_fkey REFERENCES app_user (id),
  position text NOT NULL CONSTRAINT supervision_team_member_position_check CHECK (position IN ('leader', 'deputy', 'member')),
  sort_order integer NOT NULL DEFAULT 0,
  CONSTRAINT supervision_team_member_pkey PRIMARY KEY (team_id, user_id)
);
CREATE INDEX supervision_team_member_user_id_idx ON supervision_team_member (user_id);

CREATE TABLE supervision_team_school (
  team_id bigint NOT NULL CONSTRAINT supervision_team_school_team_id_fkey REFERENCES supervision_team (id),
  school_unit_id bigint NOT NULL CONSTRAINT supervision_team_school_school_unit_id_fkey REFERENCES unit (id),
  CONSTRAINT supervision_team_school_pkey PRIMARY KEY (team_id, school_unit_id)
);
CREATE INDEX supervision_team_school_school_unit_id_idx ON supervision_team_school (school_unit_id);

-- Append-only audit trail: every login and every write, in the same transaction as the write.
CREATE TABLE audit_event (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT audit_event_pkey PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_user_id bigint,
  actor_role text,
  actor_unit_id bigint,
  action text NOT NULL,
  object_type text,
  object_id text,
  ip inet,
  request_id text,
  details jsonb
);
CREATE INDEX audit_event_at_idx ON audit_event (at DESC);
CREATE INDEX audit_event_object_idx ON audit_event (object_type, object_id);

CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
