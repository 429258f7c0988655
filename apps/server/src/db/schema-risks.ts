import type { ColumnType, Generated } from 'kysely';
import type { RiskLevel, RiskRange, RiskStatus, RiskTier } from '@xiaoan/domain';
import type { GeneratedId, Id, Json, Timestamp } from './schema.js';

/**
 * The tables of the risk register (migration 0013, see features/risks/README.md), merged into
 * `Database` in schema.ts. `risk.unit_id` is the school; `risk.unit_path` its path (scope).
 * The colour is not stored: it follows from the level (RISK_LEVEL_COLOURS in the domain).
 * `hazard.risk_id` (the risk a hazard realises) is declared on HazardTable in schema.ts.
 */
type SmallInt = ColumnType<number, number, number>;
type NullableSmallInt = ColumnType<number | null, number | null | undefined, number | null>;
type NullableDate = ColumnType<string | null, string | null | undefined, string | null>;

export type RiskMatrixTable = {
  bureau_unit_id: Id;
  ranges: Json<RiskRange[]>;
  version: Generated<number>;
  updated_by: Id | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type RiskTable = {
  id: GeneratedId;
  unit_id: Id;
  unit_path: ColumnType<string, string, string>;
  point_id: Id | null;
  name: string;
  description: string;
  domain: string;
  consequences: Generated<string>;
  likelihood: SmallInt;
  severity: SmallInt;
  score: SmallInt;
  level: RiskLevel;
  residual_likelihood: NullableSmallInt;
  residual_severity: NullableSmallInt;
  residual_score: NullableSmallInt;
  residual_level: ColumnType<RiskLevel | null, RiskLevel | null | undefined, RiskLevel | null>;
  response_plan: Generated<string>;
  emergency_plan_title: ColumnType<string | null, string | null | undefined, string | null>;
  emergency_plan_file_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  review_on: NullableDate;
  status: Generated<RiskStatus>;
  retired_reason: ColumnType<string | null, string | null | undefined, string | null>;
  version: Generated<number>;
  created_by: Id;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type RiskMeasureTable = {
  id: GeneratedId;
  risk_id: Id;
  position: SmallInt;
  description: string;
  tier: RiskTier;
  department: Generated<string>;
  person: Generated<string>;
};

export type RiskAssessmentKind = 'initial' | 'edit' | 'reassess' | 'relevel' | 'retire';

export type RiskAssessmentTable = {
  id: GeneratedId;
  risk_id: Id;
  kind: RiskAssessmentKind;
  likelihood: SmallInt;
  severity: SmallInt;
  score: SmallInt;
  level: RiskLevel;
  residual_likelihood: NullableSmallInt;
  residual_severity: NullableSmallInt;
  residual_score: NullableSmallInt;
  residual_level: ColumnType<RiskLevel | null, RiskLevel | null | undefined, never>;
  reason: Generated<string>;
  actor_user_id: Id | null;
  at: Timestamp;
};

export type RiskTables = {
  risk_matrix: RiskMatrixTable;
  risk: RiskTable;
  risk_measure: RiskMeasureTable;
  risk_assessment: RiskAssessmentTable;
};
