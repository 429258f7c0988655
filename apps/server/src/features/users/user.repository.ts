import { sql, type Updateable } from 'kysely';
import { ROLES, type Role, type Scope, type UnitKind } from '@xiaoan/domain';
import type { User } from '@xiaoan/contracts';
import type { DbOrTrx } from '../../db/database.js';
import type { AppUserTable } from '../../db/schema.js';
import { inScope } from '../../db/scope.js';
import { accountLockedUntil } from '../auth/index.js';
import { updateVersioned } from '../../db/versioned.js';

export type UserFilter = {
  unitId?: string;
  role?: Role;
  departmentId?: string;
  q?: string;
  status?: 'active' | 'disabled';
};

/** A user row as the API shows it, with the fields the service checks (never the password hash). */
export type UserRecord = User & { unitPath: string };

function baseQuery(db: DbOrTrx, scope: Scope) {
  return db
    .selectFrom('app_user as au')
    .innerJoin('unit', 'unit.id', 'au.unit_id')
    .leftJoin('department as d', 'd.id', 'au.department_id')
    .where(inScope('unit.path', scope));
}

const COLUMNS = [
  'au.id',
  'au.username',
  'au.display_name',
  'au.title',
  'au.phone',
  'au.role',
  'unit.id as unit_id',
  'unit.name as unit_name',
  'unit.kind as unit_kind',
  'd.id as dept_id',
  'd.name as dept_name',
  'au.status',
  'au.must_change_password',
  'au.version',
] as const;

// hasLogin and lockedUntil are computed in SQL so that the hash never leaves the database.
const hasLogin = sql<boolean>`(au.username IS NOT NULL AND au.password_hash IS NOT NULL)`;
const lockedUntil = accountLockedUntil('au.username');
const secondFactorEnabled = sql<boolean>`(au.totp_secret IS NOT NULL)`;
const unitPath = sql<string>`unit.path::text`;

function toUser(r: {
  id: string;
  username: string | null;
  display_name: string;
  title: string | null;
  phone: string | null;
  role: Role;
  unit_id: string;
  unit_name: string;
  unit_kind: UnitKind;
  dept_id: string | null;
  dept_name: string | null;
  status: 'active' | 'disabled';
  must_change_password: boolean;
  version: number;
  has_login: boolean;
  second_factor: boolean;
  locked_until: Date | null;
  unit_path: string;
}): UserRecord {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    title: r.title,
    phone: r.phone,
    role: r.role,
    unit: { id: r.unit_id, name: r.unit_name, kind: r.unit_kind },
    department: r.dept_id ? { id: r.dept_id, name: r.dept_name ?? '' } : null,
    status: r.status,
    hasLogin: r.has_login,
    lockedUntil: r.locked_until ? new Date(r.locked_until).toISOString() : null,
    mustChangePassword: r.must_change_password,
    secondFactorEnabled: r.second_factor,
    version: r.version,
    unitPath: r.unit_path,
  };
}

const stripPath = ({ unitPath: _p, ...u }: UserRecord): User => u;

/** People whose unit lies in the scope, filtered and paged, with the total under the same conditions. */
export async function findUsers(
  db: DbOrTrx,
  scope: Scope,
  filter: UserFilter,
  page: { page: number; pageSize: number },
): Promise<{ items: User[]; total: number }> {
  let q = baseQuery(db, scope);
  if (filter.unitId) {
    // The unit and everything under it (a school's list includes its campuses).
    const unitId = filter.unitId;
    q = q.where(sql<boolean>`unit.path <@ (SELECT p.path FROM unit p WHERE p.id = ${unitId})`);
  }
  if (filter.role) q = q.where('au.role', '=', filter.role);
  if (filter.departmentId) q = q.where('au.department_id', '=', filter.departmentId);
  if (filter.status) q = q.where('au.status', '=', filter.status);
  if (filter.q) {
    const text = filter.q;
    q = q.where(sql<boolean>`(strpos(au.display_name, ${text}) > 0 OR strpos(coalesce(au.username, ''), lower(${text})) > 0)`);
  }
  const [rows, count] = await Promise.all([
    q
      .select([...COLUMNS, hasLogin.as('has_login'), lockedUntil.as('locked_until'), secondFactorEnabled.as('second_factor'), unitPath.as('unit_path')])
      .orderBy(sql`nlevel(unit.path)`)
      .orderBy('unit.name')
      .orderBy(sql`array_position(${sql.val([...ROLES])}::text[], au.role)`)
      .orderBy('au.display_name')
      .orderBy('au.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => stripPath(toUser(r))), total: Number(count.n) };
}

/** One user inside the scope, or undefined (out of scope reads exactly like missing). */
export async function findUserById(db: DbOrTrx, scope: Scope, id: string): Promise<UserRecord | undefined> {
  const r = await baseQuery(db, scope)
    .select([...COLUMNS, hasLogin.as('has_login'), lockedUntil.as('locked_until'), secondFactorEnabled.as('second_factor'), unitPath.as('unit_path')])
    .where('au.id', '=', id)
    .executeTakeFirst();
  return r ? toUser(r) : undefined;
}

export { stripPath as toPublicUser };

/** A unit in the scope, as much of it as the user rules need. */
export async function findScopedUnit(
  db: DbOrTrx,
  scope: Scope,
  id: string,
): Promise<{ id: string; kind: UnitKind; name: string; path: string } | undefined> {
  return db
    .selectFrom('unit')
    .select(['id', 'kind', 'name', sql<string>`path::text`.as('path')])
    .where('id', '=', id)
    .where(inScope('unit.path', scope))
    .executeTakeFirst();
}

/** A department with the id of its district (the first label of its unit's path). */
export async function findDepartmentDistrict(
  db: DbOrTrx,
  id: string,
): Promise<{ id: string; status: 'active' | 'disabled'; districtId: string } | undefined> {
  return db
    .selectFrom('department as d')
    .innerJoin('unit', 'unit.id', 'd.unit_id')
    .select(['d.id', 'd.status', sql<string>`subpath(unit.path, 0, 1)::text`.as('districtId')])
    .where('d.id', '=', id)
    .executeTakeFirst();
}

export type NewUserValues = {
  username: string | null;
  display_name: string;
  title: string | null;
  phone: string | null;
  role: Role;
  unit_id: string;
  department_id: string | null;
  password_hash: string | null;
  must_change_password: boolean;
};

export async function insertUser(db: DbOrTrx, v: NewUserValues): Promise<string> {
  const row = await db
    .insertInto('app_user')
    .values({ ...v, password_changed_at: v.password_hash ? sql`now()` : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type UserChanges = Pick<
  Updateable<AppUserTable>,
  'display_name' | 'title' | 'phone' | 'role' | 'unit_id' | 'department_id' | 'status' | 'username'
> & { password_hash?: string; must_change_password?: boolean };

/**
 * Writes the changes when the row still has the version the caller read; returns
 * false when it does not (someone else changed it first).
 */
export async function updateUserRow(db: DbOrTrx, id: string, version: number, changes: UserChanges): Promise<boolean> {
  const { password_hash, ...rest } = changes;
  return updateVersioned(db, 'app_user', id, version, {
    ...rest,
    ...(password_hash !== undefined ? { password_hash, password_changed_at: sql<Date>`now()` } : {}),
  });
}
