import { sql } from 'kysely';
import type { RiskLevel, RiskTier, Scope } from '@xiaoan/domain';
import type { DbOrTrx } from '../../db/database.js';
import { inScope } from '../../db/scope.js';

/*
 * The reads of the risk notice cards (风险告知卡): a school's points with their QR token, their
 * active risks and measures, and the school's emergency contact. Every tenant read takes the scope.
 */

export type CardSchoolRow = { id: string; name: string; safety_officer: string | null; principal: string | null; phone: string | null };

export type CardPointRow = {
  id: string;
  school_id: string;
  unit_name: string;
  name: string;
  point_type: string;
  location: string;
  responsible_name: string;
  qr_token: string;
  retired_on: string | null;
};

export type CardRiskRow = {
  id: string;
  point_id: string;
  name: string;
  description: string;
  domain: string;
  score: number;
  level: RiskLevel;
  residual_level: RiskLevel | null;
};

export type CardMeasureRow = { risk_id: string; description: string; tier: RiskTier; department: string; person: string };

/**
 * A school the caller may print cards of: the school lies in the scope, or the caller's scope
 * lies inside it (a campus user prints its school's points of its own campus).
 */
export async function findCardSchool(db: DbOrTrx, scope: Scope, id: string): Promise<CardSchoolRow | undefined> {
  if (scope.unitPaths.length === 0) return undefined;
  return db
    .selectFrom('unit as u')
    .select(['u.id', 'u.name', 'u.safety_officer', 'u.principal', 'u.phone'])
    .where('u.id', '=', id)
    .where('u.kind', '=', 'school')
    .where((eb) => eb.or([inScope('u.path', scope), sql<boolean>`u.path @> ANY(${sql.val(scope.unitPaths)}::ltree[])`]))
    .executeTakeFirst();
}

const pointColumns = [
  'p.id',
  'p.school_id',
  'u.name as unit_name',
  'p.name',
  'p.point_type',
  'p.location',
  'p.responsible_name',
  'p.qr_token',
  sql<string | null>`p.retired_on::text`.as('retired_on'),
] as const;

/** One point in the scope (retired ones too: the service says why it has no card), or undefined. */
export async function findCardPoint(db: DbOrTrx, scope: Scope, id: string): Promise<CardPointRow | undefined> {
  return db
    .selectFrom('inspection_point as p')
    .innerJoin('unit as u', 'u.id', 'p.unit_id')
    .select(pointColumns)
    .where('p.id', '=', id)
    .where(inScope('p.unit_path', scope))
    .executeTakeFirst();
}

/** The school's points in use that lie in the scope, in the points page's order (by id). */
export async function findCardPoints(db: DbOrTrx, scope: Scope, schoolId: string): Promise<CardPointRow[]> {
  return db
    .selectFrom('inspection_point as p')
    .innerJoin('unit as u', 'u.id', 'p.unit_id')
    .select(pointColumns)
    .where('p.school_id', '=', schoolId)
    .where('p.retired_on', 'is', null)
    .where(inScope('p.unit_path', scope))
    .orderBy('p.id')
    .execute();
}

/** The active risks at these points (in the scope), worst level first, then by score. */
export async function findPointRisks(db: DbOrTrx, scope: Scope, pointIds: readonly string[]): Promise<CardRiskRow[]> {
  if (!pointIds.length) return [];
  const rows = await db
    .selectFrom('risk as r')
    .select(['r.id', 'r.point_id', 'r.name', 'r.description', 'r.domain', 'r.score', 'r.level', 'r.residual_level'])
    .where('r.point_id', 'in', [...pointIds])
    .where('r.status', '=', 'active')
    .where(inScope('r.unit_path', scope))
    .orderBy(sql`array_position(ARRAY['major','significant','general','low']::text[], r.level)`)
    .orderBy('r.score', 'desc')
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({ ...r, point_id: r.point_id! }));
}

/** The measures of these risks, in their order. */
export async function findRiskMeasures(db: DbOrTrx, riskIds: readonly string[]): Promise<CardMeasureRow[]> {
  if (!riskIds.length) return [];
  return db
    .selectFrom('risk_measure as m')
    .select(['m.risk_id', 'm.description', 'm.tier', 'm.department', 'm.person'])
    .where('m.risk_id', 'in', [...riskIds])
    .orderBy('m.risk_id')
    .orderBy('m.position')
    .execute();
}

/** The school's first active school admin with a phone, else the first active one: name and phone. */
export async function findSchoolAdminContact(db: DbOrTrx, schoolId: string): Promise<{ display_name: string; phone: string | null } | undefined> {
  return db
    .selectFrom('app_user')
    .select(['display_name', 'phone'])
    .where('unit_id', '=', schoolId)
    .where('role', '=', 'school_admin')
    .where('status', '=', 'active')
    .orderBy(sql`phone IS NULL`)
    .orderBy('id')
    .executeTakeFirst();
}
