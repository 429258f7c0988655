-- Indexes for the plans read at province size (13,000 schools, 2,000,000 hazards; bench/README.md,
-- "Province run"). Every statement is IF NOT EXISTS / OR REPLACE so that a database where they
-- were built by hand (CREATE INDEX CONCURRENTLY on a live ledger) takes this migration as a no-op.

-- Search within a scope. The 0002 index holds the text's bigrams only, so a two-character term
-- such as 消防 found every hit in the province (hundreds of thousands of rows) and the scope was
-- tested on each heap row afterwards: the page's exact count took 18 s. These keys add one key
-- per ancestor of the hazard's unit ('u:' || the path down to it: 'u:1', 'u:1.5', 'u:1.5.30' …;
-- three characters or more, so never equal to a bigram), and the list asks for the term's
-- bigrams AND the scope's key in one GIN condition: the index intersects the posting lists and
-- only the scope's hits reach the heap, so the count stays exact and costs what the scope holds.
CREATE OR REPLACE FUNCTION hazard_search_keys(t text, p ltree) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT public.bigrams(t) || coalesce(array_agg('u:'::text || public.subpath(p, 0, i)::text ORDER BY i), '{}'::text[])
    FROM generate_series(1, public.nlevel(p)) AS i
$$;
CREATE INDEX IF NOT EXISTS hazard_search_keys_gin ON hazard USING gin (hazard_search_keys(search_text, unit_path));
-- Every search now goes through the index above (a search always has a scope).
DROP INDEX IF EXISTS hazard_search_bigram_gin;

-- A school's ledger in found order with the columns the common filters test (scope path, state,
-- domain, due date, grade, listed, source): a page's ids and its exact total come from the index
-- alone (index-only scan), also for a team member's ledger, which the list reads school by school
-- (hazard.repository.ts). Same key as 0003's hazard_school_found_nl_idx, which it replaces.
CREATE INDEX IF NOT EXISTS hazard_school_found_cover_idx ON hazard (school_id, found_at DESC NULLS LAST, id DESC)
  INCLUDE (unit_path, state, domain, due_date, grade, listed, source);
DROP INDEX IF EXISTS hazard_school_found_nl_idx;

-- The dashboard's tallies by district first (db/scope.ts `inScopeByDistrict`): a district's
-- months or days of a period are one index range, read index only, the exact scope test on the
-- entries. The GiST index on unit_path found the district's rows of every month and day (its
-- whole history) and read each from the heap: 1.7 s for the big district at province size.
CREATE INDEX IF NOT EXISTS dashboard_hazard_month_district_idx ON dashboard_hazard_month (subpath(unit_path, 0, 1), month)
  INCLUDE (unit_path, school_id, found, found_rejected, found_closed, closed);
CREATE INDEX IF NOT EXISTS dashboard_hazard_day_district_idx ON dashboard_hazard_day (subpath(unit_path, 0, 1), day)
  INCLUDE (unit_path, school_id, found, found_rejected, found_closed, closed);
CREATE INDEX IF NOT EXISTS dashboard_open_hazard_district_idx ON dashboard_open_hazard (subpath(unit_path, 0, 1))
  INCLUDE (unit_path, school_id, domain, grade, listed, with_due, due_date, n);
