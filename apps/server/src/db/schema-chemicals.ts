import type { ColumnType, Generated } from 'kysely';
import type { ChemicalClass, ChemicalMovementKind, ChemicalStoreKind } from '@xiaoan/domain';
import type { DateCol, GeneratedId, Id, Timestamp } from './schema.js';

/**
 * The tables of the chemicals feature (migration 0018, see features/chemicals/README.md),
 * merged into `Database` in schema.ts. numeric columns come back from pg as strings.
 */
type Path = ColumnType<string, string, string>;
type Numeric = ColumnType<string, string | number, string | number>;
type Text = ColumnType<string, string | undefined, string>;
type OptText = ColumnType<string | null, string | null | undefined, never>;

export type ChemicalTable = {
  id: GeneratedId;
  unit_id: Id;
  unit_path: Path;
  name: string;
  cas_no: Text;
  chemical_class: ChemicalClass;
  unit_of_measure: string;
  note: Text;
  created_by: ColumnType<string | null, string | null | undefined, never>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type ChemicalStoreTable = {
  id: GeneratedId;
  unit_id: Id;
  unit_path: Path;
  name: string;
  kind: ChemicalStoreKind;
  location: Text;
  holder_a: string;
  holder_b: string;
  status: ColumnType<'active' | 'retired', 'active' | 'retired' | undefined, 'active' | 'retired'>;
  created_by: ColumnType<string | null, string | null | undefined, never>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type ChemicalMovementTable = {
  id: GeneratedId;
  unit_id: Id;
  unit_path: Path;
  store_id: Id;
  chemical_id: Id;
  kind: ChemicalMovementKind;
  quantity: Numeric;
  on_date: DateCol;
  approver_a: OptText;
  approver_b: OptText;
  supplier: OptText;
  received_by: OptText;
  purchase_id: ColumnType<string | null, string | null | undefined, never>;
  teacher: OptText;
  lesson: OptText;
  second_person: OptText;
  withdrawal_id: ColumnType<string | null, string | null | undefined, never>;
  contractor: OptText;
  manifest_no: OptText;
  note: ColumnType<string, string | undefined, never>;
  recorded_by: ColumnType<string | null, string | null | undefined, never>;
  created_at: Timestamp;
};

export type ChemicalBalanceTable = { store_id: Id; chemical_id: Id; quantity: Numeric; updated_at: Timestamp };

export type ChemicalCountTable = {
  id: GeneratedId;
  unit_id: Id;
  unit_path: Path;
  store_id: Id;
  counted_on: DateCol;
  counted_by: string;
  second_counter: Text;
  note: Text;
  mismatches: ColumnType<number, number | undefined, number>;
  hazard_id: ColumnType<string | null, string | null | undefined, string | null>;
  recorded_by: ColumnType<string | null, string | null | undefined, never>;
  created_at: Timestamp;
};

export type ChemicalCountLineTable = { count_id: Id; chemical_id: Id; book_quantity: Numeric; counted_quantity: Numeric };

export type ChemicalTables = {
  chemical: ChemicalTable;
  chemical_store: ChemicalStoreTable;
  chemical_movement: ChemicalMovementTable;
  chemical_balance: ChemicalBalanceTable;
  chemical_count: ChemicalCountTable;
  chemical_count_line: ChemicalCountLineTable;
};
