-- Security to 等保 level 3: separated administrators (三员分立), forced password changes,
-- a second factor (TOTP with recovery codes), atomic login throttling that answers alike
-- for unknown and known usernames, a hash-chained audit trail the application cannot
-- forge, and a hazard that cannot change without its history row.

-- 1. Roles: the security and audit administrators join the system administrator.
ALTER TABLE app_user DROP CONSTRAINT app_user_role_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_role_check CHECK (role IN
  ('system_admin', 'security_admin', 'audit_admin', 'bureau_leader', 'bureau_staff', 'team_member', 'school_admin', 'school_staff'));

-- 2. Accounts: a password set by someone else must be changed at the next login; the
-- second factor (RFC 6238 TOTP). `totp_last_step` refuses a code used twice.
ALTER TABLE app_user
  ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
  ADD COLUMN totp_secret text,
  ADD COLUMN totp_pending_secret text,
  ADD COLUMN totp_enabled_at timestamptz,
  ADD COLUMN totp_last_step bigint;

-- One-time recovery codes (hashed), for a lost phone.
CREATE TABLE user_recovery_code (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT user_recovery_code_pkey PRIMARY KEY,
  user_id bigint NOT NULL CONSTRAINT user_recovery_code_user_id_fkey REFERENCES app_user (id),
  code_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz
);
CREATE INDEX user_recovery_code_user_idx ON user_recovery_code (user_id) WHERE used_at IS NULL;

-- A session is full only after the second factor: until then it may only finish signing in.
ALTER TABLE user_session
  ADD COLUMN stage text NOT NULL DEFAULT 'full' CONSTRAINT user_session_stage_check CHECK (stage IN ('full', 'second_factor', 'enrol_second_factor'));

-- 3. Login throttling, keyed by the typed username whether or not it exists, so that
-- an unknown name is locked and answered exactly like a known one. One row per name
-- (hard lock after N failures) and one per (name, address the owner signed in from
-- before): there a growing delay replaces the lock, so nobody can lock the owner out.
CREATE TABLE login_throttle (
  key text CONSTRAINT login_throttle_pkey PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  next_attempt_at timestamptz,
  last_failure_at timestamptz
);
CREATE TABLE user_login_address (
  user_id bigint NOT NULL CONSTRAINT user_login_address_user_id_fkey REFERENCES app_user (id),
  ip inet NOT NULL,
  last_success_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT user_login_address_pkey PRIMARY KEY (user_id, ip)
);
ALTER TABLE app_user DROP COLUMN failed_login_count, DROP COLUMN locked_until;

-- 4. The audit chain. Every row carries the SHA-256 of its content and of the previous
-- row, in one sequence. The link is made at commit time (a deferred constraint
-- trigger), so the chain's one lock is held only while committing, after every other
-- lock of the transaction: it orders commits and cannot deadlock. The application
-- role can only INSERT; the time, sequence and hashes are the database's, never its.
ALTER TABLE audit_event
  ADD COLUMN seq bigint,
  ADD COLUMN prev_hash text,
  ADD COLUMN row_hash text;
CREATE UNIQUE INDEX audit_event_seq_uq ON audit_event (seq);

CREATE TABLE audit_chain_head (
  id integer CONSTRAINT audit_chain_head_pkey PRIMARY KEY CONSTRAINT audit_chain_head_id_check CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));

-- The content that is hashed, as one text (the verifier recomputes it from the row with
-- the same built-in functions and hashes it itself).
CREATE FUNCTION audit_event_content(e audit_event, s bigint) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT json_build_array(
    s::text, e.id::text, (extract(epoch FROM e.at) * 1000000)::bigint::text,
    e.actor_user_id::text, e.actor_role, e.actor_unit_id::text, e.action, e.object_type,
    e.object_id, host(e.ip), e.request_id, e.details::text)::text
$$;

CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The one update ever made to an audit row: sealing it into the chain, once.
  IF TG_TABLE_NAME = 'audit_event' AND TG_OP = 'UPDATE' AND OLD.row_hash IS NULL
     AND current_setting('xiaoan.audit_seal', true) = 'on' THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;

-- Whatever the writer sent, the time is the database's and the chain fields are empty until sealed.
CREATE FUNCTION audit_event_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.at := now();
  NEW.seq := NULL;
  NEW.prev_hash := NULL;
  NEW.row_hash := NULL;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_event_stamp BEFORE INSERT ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_stamp();

CREATE FUNCTION audit_event_seal_row(row_id bigint) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
  head audit_chain_head%ROWTYPE;
  content text;
  h text;
BEGIN
  SELECT * INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
  SELECT audit_event_content(e, head.seq + 1) INTO content FROM audit_event e WHERE e.id = row_id;
  h := encode(sha256(convert_to(head.hash || E'\n' || content, 'UTF8')), 'hex');
  PERFORM set_config('xiaoan.audit_seal', 'on', true);
  UPDATE audit_event SET seq = head.seq + 1, prev_hash = head.hash, row_hash = h WHERE id = row_id;
  PERFORM set_config('xiaoan.audit_seal', 'off', true);
  UPDATE audit_chain_head SET seq = head.seq + 1, hash = h, at = now() WHERE id = 1;
END $$;

CREATE FUNCTION audit_event_seal() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM audit_event_seal_row(NEW.id);
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER audit_event_seal AFTER INSERT ON audit_event
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_event_seal();

-- The rows written before the chain existed join it in the order they were written.
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT id FROM audit_event ORDER BY id LOOP
    PERFORM audit_event_seal_row(r.id);
  END LOOP;
END $$;

-- Failed logins for unknown usernames carry no unit; the audit admin lists them by time.
CREATE INDEX audit_event_unitless_at_idx ON audit_event (at DESC) WHERE actor_unit_id IS NULL;

-- 5. A hazard never changes without its history: every UPDATE of a hazard must come with
-- a hazard_event of the same hazard written in the same transaction (checked at commit).
CREATE FUNCTION hazard_requires_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM hazard_event e WHERE e.hazard_id = NEW.id AND e.xmin = xid(pg_current_xact_id())) THEN
    RAISE EXCEPTION 'hazard % changed without a history row', NEW.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER hazard_requires_history AFTER UPDATE ON hazard
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hazard_requires_history();

-- Only the trigger seals; nobody calls the sealing function directly.
REVOKE EXECUTE ON FUNCTION audit_event_seal_row(bigint) FROM PUBLIC;

-- Step-up: sensitive account changes need the caller to have proved who it is recently.
ALTER TABLE user_session ADD COLUMN reauth_at timestamptz NOT NULL DEFAULT now();
