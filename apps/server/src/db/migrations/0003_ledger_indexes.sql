-- Indexes for the ledger pages as the repository queries them (measured by bench/, see
-- bench/results/example-*.md).
--
-- The ledger sorts by `found_at DESC NULLS LAST, id DESC`. The 0002 indexes are in
-- `found_at DESC` order, which is NULLS FIRST: PostgreSQL cannot use them for that order
-- (found_at is NOT NULL, but the planner does not reason from that), so every school page
-- fetched and sorted all of the school's hazards. This one is in the query's order: a page is
-- the first 20 entries of the index.
CREATE INDEX hazard_school_found_nl_idx ON hazard (school_id, found_at DESC NULLS LAST, id DESC);

-- A district's ledger filtered by state and domain: the scope test (`unit_path <@ …`) is
-- evaluated on the index entry, so the page's total is counted from the index alone
-- (index-only scan) instead of visiting every hazard of that state and domain in the province.
CREATE INDEX hazard_state_domain_found_nl_idx ON hazard (state, domain, found_at DESC NULLS LAST, id DESC) INCLUDE (unit_path);
