-- The dashboard's roll-ups (features/dashboard/README.md): small tally tables kept by a
-- trigger on every hazard insert, update and delete, so the bureau's picture sums a few rows
-- per school instead of scanning the ledger. Each tally row is keyed by the hazard's own
-- `unit_path` (the column the ledger's scope test reads), so a scope test on the tally selects
-- exactly the hazards the ledger would show.

-- Open hazards (reported, registered, rectifying, pending verification) by what the dashboard
-- splits them by. `with_due` = a state whose due date counts (registered, rectifying, pending
-- verification: the ledger's overdue rule); `due_date` is 'infinity' when the hazard has none.
CREATE TABLE dashboard_open_hazard (
  unit_path ltree NOT NULL,
  school_id bigint NOT NULL,
  domain text NOT NULL,
  grade text NOT NULL,
  listed boolean NOT NULL,
  with_due boolean NOT NULL,
  due_date date NOT NULL,
  n integer NOT NULL,
  CONSTRAINT dashboard_open_hazard_pkey PRIMARY KEY (unit_path, domain, grade, listed, with_due, due_date)
);
CREATE INDEX dashboard_open_hazard_unit_path_gist ON dashboard_open_hazard USING gist (unit_path);

-- Per unit and day: hazards found that day (all, then of those the rejected and the closed
-- ones, as they stand now) and hazards closed that day (Beijing time).
CREATE TABLE dashboard_hazard_day (
  unit_path ltree NOT NULL,
  school_id bigint NOT NULL,
  day date NOT NULL,
  found integer NOT NULL DEFAULT 0,
  found_rejected integer NOT NULL DEFAULT 0,
  found_closed integer NOT NULL DEFAULT 0,
  closed integer NOT NULL DEFAULT 0,
  CONSTRAINT dashboard_hazard_day_pkey PRIMARY KEY (unit_path, day)
);
CREATE INDEX dashboard_hazard_day_unit_path_gist ON dashboard_hazard_day USING gist (unit_path);

-- The same by month (`month` is its first day): a year's rate reads 12 rows per unit.
CREATE TABLE dashboard_hazard_month (
  unit_path ltree NOT NULL,
  school_id bigint NOT NULL,
  month date NOT NULL,
  found integer NOT NULL DEFAULT 0,
  found_rejected integer NOT NULL DEFAULT 0,
  found_closed integer NOT NULL DEFAULT 0,
  closed integer NOT NULL DEFAULT 0,
  CONSTRAINT dashboard_hazard_month_pkey PRIMARY KEY (unit_path, month)
);
CREATE INDEX dashboard_hazard_month_unit_path_gist ON dashboard_hazard_month USING gist (unit_path);

-- Adds (sign 1) or removes (sign -1) one hazard row's share of the tallies. It runs as the
-- schema's owner (SECURITY DEFINER): the application role may not delete rows, and the emptied
-- rows of dashboard_open_hazard are removed here.
CREATE FUNCTION dashboard_tally(h hazard, sign integer) RETURNS void LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  is_open boolean := h.state IN ('reported', 'registered', 'rectifying', 'pending_verification');
  is_closed boolean := h.state = 'closed' AND h.closed_at IS NOT NULL;
  rej integer := CASE WHEN h.state = 'rejected' THEN sign ELSE 0 END;
  clo integer := CASE WHEN h.state = 'closed' THEN sign ELSE 0 END;
  closed_day date;
BEGIN
  IF is_open THEN
    INSERT INTO dashboard_open_hazard AS t (unit_path, school_id, domain, grade, listed, with_due, due_date, n)
    VALUES (h.unit_path, h.school_id, h.domain, h.grade, h.listed, h.state IN ('registered', 'rectifying', 'pending_verification'), coalesce(h.due_date, 'infinity'::date), sign)
    ON CONFLICT (unit_path, domain, grade, listed, with_due, due_date) DO UPDATE SET n = t.n + EXCLUDED.n;
    IF sign < 0 THEN
      DELETE FROM dashboard_open_hazard
       WHERE unit_path = h.unit_path AND domain = h.domain AND grade = h.grade AND listed = h.listed
         AND with_due = (h.state IN ('registered', 'rectifying', 'pending_verification')) AND due_date = coalesce(h.due_date, 'infinity'::date) AND n = 0;
    END IF;
  END IF;
  INSERT INTO dashboard_hazard_day AS t (unit_path, school_id, day, found, found_rejected, found_closed)
  VALUES (h.unit_path, h.school_id, h.found_at, sign, rej, clo)
  ON CONFLICT (unit_path, day) DO UPDATE
    SET found = t.found + EXCLUDED.found, found_rejected = t.found_rejected + EXCLUDED.found_rejected, found_closed = t.found_closed + EXCLUDED.found_closed;
  INSERT INTO dashboard_hazard_month AS t (unit_path, school_id, month, found, found_rejected, found_closed)
  VALUES (h.unit_path, h.school_id, date_trunc('month', h.found_at)::date, sign, rej, clo)
  ON CONFLICT (unit_path, month) DO UPDATE
    SET found = t.found + EXCLUDED.found, found_rejected = t.found_rejected + EXCLUDED.found_rejected, found_closed = t.found_closed + EXCLUDED.found_closed;
  IF is_closed THEN
    closed_day := (h.closed_at AT TIME ZONE 'Asia/Shanghai')::date;
    INSERT INTO dashboard_hazard_day AS t (unit_path, school_id, day, closed) VALUES (h.unit_path, h.school_id, closed_day, sign)
    ON CONFLICT (unit_path, day) DO UPDATE SET closed = t.closed + EXCLUDED.closed;
    INSERT INTO dashboard_hazard_month AS t (unit_path, school_id, month, closed) VALUES (h.unit_path, h.school_id, date_trunc('month', closed_day)::date, sign)
    ON CONFLICT (unit_path, month) DO UPDATE SET closed = t.closed + EXCLUDED.closed;
  END IF;
END $$;

CREATE FUNCTION dashboard_hazard_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A restore copies the tallies with the hazards they count (ops/restore.ts sets this): no second count.
  IF current_setting('xiaoan.restoring', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND (OLD.unit_path, OLD.school_id, OLD.state, OLD.domain, OLD.grade, OLD.listed, OLD.due_date, OLD.found_at, OLD.closed_at)
      IS NOT DISTINCT FROM (NEW.unit_path, NEW.school_id, NEW.state, NEW.domain, NEW.grade, NEW.listed, NEW.due_date, NEW.found_at, NEW.closed_at) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM dashboard_tally(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM dashboard_tally(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER dashboard_hazard_tally AFTER INSERT OR UPDATE OR DELETE ON hazard
  FOR EACH ROW EXECUTE FUNCTION dashboard_hazard_tally();
-- Also under session_replication_role = replica (the bench removes its run's hazards that way):
-- the tallies follow every change of the table, whoever makes it.
ALTER TABLE hazard ENABLE ALWAYS TRIGGER dashboard_hazard_tally;

-- Backfill from the ledger as it stands.
INSERT INTO dashboard_open_hazard (unit_path, school_id, domain, grade, listed, with_due, due_date, n)
SELECT unit_path, min(school_id), domain, grade, listed, state IN ('registered', 'rectifying', 'pending_verification'), coalesce(due_date, 'infinity'::date), count(*)
  FROM hazard WHERE state IN ('reported', 'registered', 'rectifying', 'pending_verification')
 GROUP BY unit_path, domain, grade, listed, state IN ('registered', 'rectifying', 'pending_verification'), coalesce(due_date, 'infinity'::date);

INSERT INTO dashboard_hazard_day (unit_path, school_id, day, found, found_rejected, found_closed, closed)
SELECT unit_path, min(school_id), day, sum(found), sum(found_rejected), sum(found_closed), sum(closed) FROM (
  SELECT unit_path, school_id, found_at AS day, 1 AS found, (state = 'rejected')::int AS found_rejected, (state = 'closed')::int AS found_closed, 0 AS closed FROM hazard
  UNION ALL
  SELECT unit_path, school_id, (closed_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 0, 1 FROM hazard WHERE state = 'closed' AND closed_at IS NOT NULL
) x GROUP BY unit_path, day;

INSERT INTO dashboard_hazard_month (unit_path, school_id, month, found, found_rejected, found_closed, closed)
SELECT unit_path, min(school_id), date_trunc('month', day)::date, sum(found), sum(found_rejected), sum(found_closed), sum(closed)
  FROM dashboard_hazard_day GROUP BY unit_path, date_trunc('month', day)::date;
