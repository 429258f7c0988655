-- Hazardous chemicals (危化品, features/chemicals): each school's catalogue, its stores and
-- cabinets with the holders of the two locks (双人双锁), the lifecycle as movements
-- (purchase with two approvers, receipt, issue to a lesson, return, disposal with contractor
-- and manifest), the balance per store and chemical, and the reconciliation (盘点) of counted
-- against book, whose mismatch opens a hazard (registry_hazard, kind 'chemical-store').
-- unit_id is the school, unit_path its path (the scope column) on every table.

CREATE TABLE chemical (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT chemical_pkey PRIMARY KEY,
  unit_id bigint NOT NULL CONSTRAINT chemical_unit_id_fkey REFERENCES unit (id),
  unit_path ltree NOT NULL,
  name text NOT NULL CONSTRAINT chemical_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  cas_no text NOT NULL DEFAULT '' CONSTRAINT chemical_cas_no_check CHECK (cas_no = '' OR cas_no ~ '^[0-9]{2,7}-[0-9]{2}-[0-9]$'),
  chemical_class text NOT NULL CONSTRAINT chemical_chemical_class_check CHECK (chemical_class IN ('highly_toxic', 'precursor', 'explosive_precursor', 'general')),
  unit_of_measure text NOT NULL CONSTRAINT chemical_unit_of_measure_check CHECK (length(btrim(unit_of_measure)) BETWEEN 1 AND 10),
  note text NOT NULL DEFAULT '',
  created_by bigint CONSTRAINT chemical_created_by_fkey REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- One entry per name (and CAS number) in a school's catalogue.
CREATE UNIQUE INDEX chemical_unit_name_uq ON chemical (unit_id, lower(btrim(name)), cas_no);
CREATE INDEX chemical_unit_path_gist ON chemical USING gist (unit_path);

CREATE TABLE chemical_store (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT chemical_store_pkey PRIMARY KEY,
  unit_id bigint NOT NULL CONSTRAINT chemical_store_unit_id_fkey REFERENCES unit (id),
  unit_path ltree NOT NULL,
  name text NOT NULL CONSTRAINT chemical_store_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  kind text NOT NULL CONSTRAINT chemical_store_kind_check CHECK (kind IN ('store', 'cabinet')),
  location text NOT NULL DEFAULT '',
  -- 双人双锁: the two holders, each of one lock, never the same person.
  holder_a text NOT NULL CONSTRAINT chemical_store_holder_a_check CHECK (length(btrim(holder_a)) BETWEEN 1 AND 50),
  holder_b text NOT NULL CONSTRAINT chemical_store_holder_b_check CHECK (length(btrim(holder_b)) BETWEEN 1 AND 50),
  status text NOT NULL DEFAULT 'active' CONSTRAINT chemical_store_status_check CHECK (status IN ('active', 'retired')),
  created_by bigint CONSTRAINT chemical_store_created_by_fkey REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT chemical_store_holders_check CHECK (btrim(holder_a) <> btrim(holder_b))
);
CREATE UNIQUE INDEX chemical_store_unit_name_uq ON chemical_store (unit_id, lower(btrim(name)));
CREATE INDEX chemical_store_unit_path_gist ON chemical_store USING gist (unit_path);

-- The lifecycle. Append-only (a wrong entry is corrected by a counter-movement): no UPDATE or
-- DELETE for anyone. quantity > 0 in the chemical's unit, at most three decimals.
CREATE TABLE chemical_movement (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT chemical_movement_pkey PRIMARY KEY,
  unit_id bigint NOT NULL CONSTRAINT chemical_movement_unit_id_fkey REFERENCES unit (id),
  unit_path ltree NOT NULL,
  store_id bigint NOT NULL CONSTRAINT chemical_movement_store_id_fkey REFERENCES chemical_store (id),
  chemical_id bigint NOT NULL CONSTRAINT chemical_movement_chemical_id_fkey REFERENCES chemical (id),
  kind text NOT NULL CONSTRAINT chemical_movement_kind_check CHECK (kind IN ('purchase', 'receive', 'withdraw', 'return', 'dispose')),
  quantity numeric(14, 3) NOT NULL CONSTRAINT chemical_movement_quantity_check CHECK (quantity > 0 AND quantity <= 1000000),
  on_date date NOT NULL,
  approver_a text,
  approver_b text,
  supplier text,
  received_by text,
  purchase_id bigint CONSTRAINT chemical_movement_purchase_id_fkey REFERENCES chemical_movement (id),
  teacher text,
  lesson text,
  second_person text,
  withdrawal_id bigint CONSTRAINT chemical_movement_withdrawal_id_fkey REFERENCES chemical_movement (id),
  contractor text,
  manifest_no text,
  note text NOT NULL DEFAULT '',
  recorded_by bigint CONSTRAINT chemical_movement_recorded_by_fkey REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT chemical_movement_purchase_check CHECK (kind <> 'purchase' OR (approver_a IS NOT NULL AND approver_b IS NOT NULL AND btrim(approver_a) <> btrim(approver_b))),
  CONSTRAINT chemical_movement_withdraw_check CHECK (kind <> 'withdraw' OR (teacher IS NOT NULL AND lesson IS NOT NULL)),
  CONSTRAINT chemical_movement_return_check CHECK (kind <> 'return' OR withdrawal_id IS NOT NULL),
  CONSTRAINT chemical_movement_dispose_check CHECK (kind <> 'dispose' OR (contractor IS NOT NULL AND manifest_no IS NOT NULL))
);
CREATE INDEX chemical_movement_unit_path_gist ON chemical_movement USING gist (unit_path);
CREATE INDEX chemical_movement_store_idx ON chemical_movement (store_id, on_date DESC, id DESC);
CREATE INDEX chemical_movement_chemical_idx ON chemical_movement (chemical_id, on_date DESC);
CREATE INDEX chemical_movement_purchase_idx ON chemical_movement (purchase_id) WHERE purchase_id IS NOT NULL;
CREATE INDEX chemical_movement_withdrawal_idx ON chemical_movement (withdrawal_id) WHERE withdrawal_id IS NOT NULL;
CREATE TRIGGER chemical_movement_no_update BEFORE UPDATE OR DELETE ON chemical_movement
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();

-- The book balance of each chemical in each store, kept in the movement's transaction (the
-- store row is locked first, so two issues at once cannot both take the last gram). The CHECK
-- makes a negative balance impossible even if a rule were bypassed.
CREATE TABLE chemical_balance (
  store_id bigint NOT NULL CONSTRAINT chemical_balance_store_id_fkey REFERENCES chemical_store (id),
  chemical_id bigint NOT NULL CONSTRAINT chemical_balance_chemical_id_fkey REFERENCES chemical (id),
  quantity numeric(14, 3) NOT NULL CONSTRAINT chemical_balance_quantity_check CHECK (quantity >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT chemical_balance_pkey PRIMARY KEY (store_id, chemical_id)
);
CREATE INDEX chemical_balance_chemical_idx ON chemical_balance (chemical_id);

-- A reconciliation (盘点) of one store: who counted, when, and per chemical the book and the
-- counted quantity. A count with a mismatch names the hazard it opened. Append-only.
CREATE TABLE chemical_count (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT chemical_count_pkey PRIMARY KEY,
  unit_id bigint NOT NULL CONSTRAINT chemical_count_unit_id_fkey REFERENCES unit (id),
  unit_path ltree NOT NULL,
  store_id bigint NOT NULL CONSTRAINT chemical_count_store_id_fkey REFERENCES chemical_store (id),
  counted_on date NOT NULL,
  counted_by text NOT NULL CONSTRAINT chemical_count_counted_by_check CHECK (length(btrim(counted_by)) BETWEEN 1 AND 50),
  second_counter text NOT NULL DEFAULT '',
  note text NOT NULL DEFAULT '',
  mismatches integer NOT NULL DEFAULT 0,
  hazard_id bigint CONSTRAINT chemical_count_hazard_id_fkey REFERENCES hazard (id),
  recorded_by bigint CONSTRAINT chemical_count_recorded_by_fkey REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chemical_count_store_idx ON chemical_count (store_id, counted_on DESC);
CREATE INDEX chemical_count_unit_path_gist ON chemical_count USING gist (unit_path);

CREATE TABLE chemical_count_line (
  count_id bigint NOT NULL CONSTRAINT chemical_count_line_count_id_fkey REFERENCES chemical_count (id),
  chemical_id bigint NOT NULL CONSTRAINT chemical_count_line_chemical_id_fkey REFERENCES chemical (id),
  book_quantity numeric(14, 3) NOT NULL,
  counted_quantity numeric(14, 3) NOT NULL CONSTRAINT chemical_count_line_counted_check CHECK (counted_quantity >= 0),
  CONSTRAINT chemical_count_line_pkey PRIMARY KEY (count_id, chemical_id)
);
CREATE TRIGGER chemical_count_line_no_update BEFORE UPDATE OR DELETE ON chemical_count_line
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
