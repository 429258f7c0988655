import type { ColumnType } from 'kysely';

/**
 * The tables of the dashboard feature (see features/dashboard/README.md), merged into `Database`
 * in schema.ts. Kept apart so that each feature's tables are read in one place. Written only by
 * the trigger of migration 0009 (dashboard_hazard_tally); the application only reads them.
 */
type ReadOnly<T> = ColumnType<T, never, never>;
type DateRead = ReadOnly<string>;

/** Open hazards per unit path, domain, grade, listed, whether their due date counts, and due date ('infinity' = none). */
export type DashboardOpenHazardTable = {
  unit_path: ReadOnly<string>;
  school_id: ColumnType<string, never, never>;
  domain: ReadOnly<string>;
  grade: ReadOnly<'general' | 'major'>;
  listed: ReadOnly<boolean>;
  with_due: ReadOnly<boolean>;
  due_date: DateRead;
  n: ReadOnly<number>;
};

/** Hazards found per unit path and day (all, rejected, closed) and closed that day. */
export type DashboardHazardDayTable = {
  unit_path: ReadOnly<string>;
  school_id: ColumnType<string, never, never>;
  day: DateRead;
  found: ReadOnly<number>;
  found_rejected: ReadOnly<number>;
  found_closed: ReadOnly<number>;
  closed: ReadOnly<number>;
};

/** The same per month (`month` = its first day). */
export type DashboardHazardMonthTable = Omit<DashboardHazardDayTable, 'day'> & { month: DateRead };

export type DashboardTables = {
  dashboard_open_hazard: DashboardOpenHazardTable;
  dashboard_hazard_day: DashboardHazardDayTable;
  dashboard_hazard_month: DashboardHazardMonthTable;
};
