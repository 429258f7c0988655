import type { GeneratedId, Id, Timestamp } from './schema.js';

/**
 * The registries' shared table (migration 0015, see features/registries/README.md), merged into
 * `Database` in schema.ts. Each registry feature keeps its own tables in its own schema file.
 */
export type RegistryHazardTable = {
  id: GeneratedId;
  school_id: Id;
  registry_kind: string;
  record_id: Id;
  cause: string;
  label: string;
  hazard_id: Id;
  created_at: Timestamp;
};

export type RegistryTables = { registry_hazard: RegistryHazardTable };
