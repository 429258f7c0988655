-- School buses (校车台账, features/fleet): each school's vehicles with their documents (校车使用许可,
-- 年检, 保险), drivers (驾驶证, 校车驾驶资格), attendants (随车照管人员) and routes with their stops.
-- Whether a vehicle is in service is derived from its expiry dates (packages/domain
-- registry/fleet.ts), never stored. unit_path is the scope column (the school's path).
-- Plates and ID numbers are unique across the district: one bus, one person, one record.

CREATE TABLE vehicle (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT vehicle_pkey PRIMARY KEY,
  school_id bigint NOT NULL CONSTRAINT vehicle_school_id_fkey REFERENCES unit (id),
  unit_path ltree NOT NULL,
  plate text NOT NULL CONSTRAINT vehicle_plate_uq UNIQUE CONSTRAINT vehicle_plate_check CHECK (length(plate) BETWEEN 7 AND 12),
  seats integer NOT NULL CONSTRAINT vehicle_seats_check CHECK (seats BETWEEN 5 AND 80),
  model text NOT NULL DEFAULT '',
  operator text NOT NULL CONSTRAINT vehicle_operator_check CHECK (length(btrim(operator)) BETWEEN 1 AND 100),
  licence_no text NOT NULL,
  licence_issued_on date NOT NULL,
  licence_expires_on date NOT NULL,
  inspected_on date,
  inspection_due_on date NOT NULL,
  insurance_starts_on date,
  insurance_expires_on date NOT NULL,
  gps_device_id text NOT NULL DEFAULT '',
  note text NOT NULL DEFAULT '',
  created_by bigint CONSTRAINT vehicle_created_by_fkey REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT vehicle_licence_order_check CHECK (licence_expires_on >= licence_issued_on),
  CONSTRAINT vehicle_inspection_order_check CHECK (inspected_on IS NULL OR inspection_due_on >= inspected_on),
  CONSTRAINT vehicle_insurance_order_check CHECK (insurance_starts_on IS NULL OR insurance_expires_on >= insurance_starts_on)
);
CREATE INDEX vehicle_unit_path_gist ON vehicle USING gist (unit_path);
CREATE INDEX vehicle_school_idx ON vehicle (school_id);

CREATE TABLE bus_driver (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT bus_driver_pkey PRIMARY KEY,
  school_id bigint NOT NULL CONSTRAINT bus_driver_school_id_fkey REFERENCES unit (id),
  unit_path ltree NOT NULL,
  name text NOT NULL CONSTRAINT bus_driver_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 50),
  id_number text NOT NULL CONSTRAINT bus_driver_id_number_uq UNIQUE CONSTRAINT bus_driver_id_number_check CHECK (id_number ~ '^[0-9]{17}[0-9X]$'),
  phone text NOT NULL DEFAULT '',
  licence_class text NOT NULL CONSTRAINT bus_driver_licence_class_check CHECK (licence_class IN ('A1', 'A3', 'B1')),
  licence_no text NOT NULL,
  licence_issued_on date NOT NULL,
  licence_expires_on date NOT NULL,
  qualification_no text NOT NULL DEFAULT '',
  qualification_issued_on date,
  qualification_expires_on date,
  created_by bigint CONSTRAINT bus_driver_created_by_fkey REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bus_driver_licence_order_check CHECK (licence_expires_on >= licence_issued_on),
  CONSTRAINT bus_driver_qualification_order_check CHECK (qualification_expires_on IS NULL OR qualification_expires_on >= qualification_issued_on)
);
CREATE INDEX bus_driver_unit_path_gist ON bus_driver USING gist (unit_path);

CREATE TABLE bus_attendant (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT bus_attendant_pkey PRIMARY KEY,
  school_id bigint NOT NULL CONSTRAINT bus_attendant_school_id_fkey REFERENCES unit (id),
  unit_path ltree NOT NULL,
  name text NOT NULL CONSTRAINT bus_attendant_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 50),
  id_number text NOT NULL CONSTRAINT bus_attendant_id_number_uq UNIQUE CONSTRAINT bus_attendant_id_number_check CHECK (id_number ~ '^[0-9]{17}[0-9X]$'),
  phone text NOT NULL DEFAULT '',
  trained_on date,
  created_by bigint CONSTRAINT bus_attendant_created_by_fkey REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bus_attendant_unit_path_gist ON bus_attendant USING gist (unit_path);

-- A route (线路) with its stops in order ([{name, time 'HH:MM'}]) and the vehicle, driver and
-- attendant assigned to it, each of the route's school. The service refuses an out-of-service
-- vehicle or an unfit driver; one that lapses later leaves the route blocked (derived).
CREATE TABLE bus_route (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT bus_route_pkey PRIMARY KEY,
  school_id bigint NOT NULL CONSTRAINT bus_route_school_id_fkey REFERENCES unit (id),
  unit_path ltree NOT NULL,
  name text NOT NULL CONSTRAINT bus_route_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 50),
  stops jsonb NOT NULL DEFAULT '[]' CONSTRAINT bus_route_stops_check CHECK (jsonb_typeof(stops) = 'array'),
  vehicle_id bigint CONSTRAINT bus_route_vehicle_id_fkey REFERENCES vehicle (id),
  driver_id bigint CONSTRAINT bus_route_driver_id_fkey REFERENCES bus_driver (id),
  attendant_id bigint CONSTRAINT bus_route_attendant_id_fkey REFERENCES bus_attendant (id),
  created_by bigint CONSTRAINT bus_route_created_by_fkey REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bus_route_school_name_uq UNIQUE (school_id, name)
);
CREATE INDEX bus_route_unit_path_gist ON bus_route USING gist (unit_path);
CREATE INDEX bus_route_vehicle_idx ON bus_route (vehicle_id);
