-- State that every app instance must share, so that several instances behind one reverse proxy
-- behave as one. Sessions (user_session, with the CSRF token), the login throttle
-- (login_throttle) and the jobs' runs (job_run) were already here; what each instance used to
-- keep in its own memory was the request rate limits of @fastify/rate-limit.
--
-- One row per limit key (the route, then the caller's address or account): the hits counted in
-- the current window and when that window ends. The counting is one INSERT … ON CONFLICT DO
-- UPDATE (http/rate-limit.repository.ts), atomic across instances.
CREATE TABLE rate_limit_counter (
  key text CONSTRAINT rate_limit_counter_pkey PRIMARY KEY,
  hits integer NOT NULL,
  window_ends_at timestamptz NOT NULL
);
CREATE INDEX rate_limit_counter_window_ends_at_idx ON rate_limit_counter (window_ends_at);

-- Forgetting windows that ended long ago. The application role has no DELETE on the table; it
-- calls this function (the owner's rights, a fixed search path), which removes only windows
-- that ended more than an hour ago and says how many.
CREATE FUNCTION prune_rate_limit_counter() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  n integer;
BEGIN
  DELETE FROM public.rate_limit_counter WHERE window_ends_at < now() - interval '1 hour';
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END;
$$;
