import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Role } from '@xiaoan/domain';
import type { Db } from '../src/db/database.js';
import { hashPassword } from '../src/features/auth/password.js';

export const TEST_PASSWORD = 'Test#Passw0rd';
let cachedHash: Promise<string> | undefined;
const passwordHash = () => (cachedHash ??= hashPassword(TEST_PASSWORD));

const uniq = () => crypto.randomBytes(4).toString('hex');

export async function buildUnit(
  db: Db,
  v: { kind: 'bureau' | 'area' | 'school' | 'campus'; parentId?: string | null; name?: string; schoolKind?: string | null },
): Promise<{ id: string; name: string }> {
  const name = v.name ?? `${v.kind}-${uniq()}`;
  const row = await db
    .insertInto('unit')
    .values({
      kind: v.kind,
      parent_id: v.parentId ?? null,
      name,
      school_kind: (v.kind === 'school' ? (v.schoolKind ?? 'primary') : null) as never,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, name };
}

export async function buildUser(
  db: Db,
  v: { role: Role; unitId: string; username?: string; displayName?: string; departmentId?: string | null; withLogin?: boolean },
): Promise<{ id: string; username: string; password: string }> {
  const username = v.username ?? `u_${uniq()}`;
  const row = await db
    .insertInto('app_user')
    .values({
      username: v.withLogin === false ? null : username,
      display_name: v.displayName ?? `用户${username.slice(-4)}`,
      role: v.role,
      unit_id: v.unitId,
      department_id: v.departmentId ?? null,
      password_hash: v.withLogin === false ? null : await passwordHash(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, username, password: TEST_PASSWORD };
}

export async function buildTeam(db: Db, v: { bureauId: string; name?: string; memberIds?: string[]; schoolIds?: string[] }) {
  const t = await db
    .insertInto('supervision_team')
    .values({ bureau_unit_id: v.bureauId, name: v.name ?? `督查组-${uniq()}` })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
  for (const userId of v.memberIds ?? []) {
    await db.insertInto('supervision_team_member').values({ team_id: t.id, user_id: userId, position: 'member' }).execute();
  }
  for (const schoolId of v.schoolIds ?? []) {
    await db.insertInto('supervision_team_school').values({ team_id: t.id, school_unit_id: schoolId }).execute();
  }
  return t;
}

/**
 * A small district of its own (unique names): bureau, two areas, four schools
 * (A1, A2 in area 1; B1, B2 in area 2), a campus of A1, one department, two
 * teams (team A → A1, A2; team B → B1, B2) and one login per role:
 * admin (system), secAdmin (security), auditor (audit), leader, staff, teamA member, teamB member, A1 school admin, A1 staff, B1 school admin.
 */
export async function buildDistrict(db: Db) {
  const tag = uniq();
  const bureau = await buildUnit(db, { kind: 'bureau', name: `测试区教育局-${tag}` });
  const area1 = await buildUnit(db, { kind: 'area', parentId: bureau.id, name: `一片区-${tag}` });
  const area2 = await buildUnit(db, { kind: 'area', parentId: bureau.id, name: `二片区-${tag}` });
  const schoolA1 = await buildUnit(db, { kind: 'school', parentId: area1.id, name: `甲一小学-${tag}` });
  const schoolA2 = await buildUnit(db, { kind: 'school', parentId: area1.id, name: `甲二幼儿园-${tag}`, schoolKind: 'kindergarten' });
  const schoolB1 = await buildUnit(db, { kind: 'school', parentId: area2.id, name: `乙一中学-${tag}`, schoolKind: 'middle' });
  const schoolB2 = await buildUnit(db, { kind: 'school', parentId: area2.id, name: `乙二小学-${tag}` });
  const campusA1 = await buildUnit(db, { kind: 'campus', parentId: schoolA1.id, name: `甲一小学东校区-${tag}` });
  const dept = await db
    .insertInto('department')
    .values({ unit_id: bureau.id, name: `安稳办-${tag}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const users = {
    admin: await buildUser(db, { role: 'system_admin', unitId: bureau.id }),
    secAdmin: await buildUser(db, { role: 'security_admin', unitId: bureau.id }),
    auditor: await buildUser(db, { role: 'audit_admin', unitId: bureau.id }),
    leader: await buildUser(db, { role: 'bureau_leader', unitId: bureau.id }),
    staff: await buildUser(db, { role: 'bureau_staff', unitId: bureau.id, departmentId: dept.id }),
    memberA: await buildUser(db, { role: 'team_member', unitId: bureau.id }),
    memberB: await buildUser(db, { role: 'team_member', unitId: bureau.id }),
    schoolAdminA1: await buildUser(db, { role: 'school_admin', unitId: schoolA1.id }),
    schoolStaffA1: await buildUser(db, { role: 'school_staff', unitId: schoolA1.id }),
    schoolAdminB1: await buildUser(db, { role: 'school_admin', unitId: schoolB1.id }),
  };
  const teamA = await buildTeam(db, { bureauId: bureau.id, name: `甲督查组-${tag}`, memberIds: [users.memberA.id], schoolIds: [schoolA1.id, schoolA2.id] });
  const teamB = await buildTeam(db, { bureauId: bureau.id, name: `乙督查组-${tag}`, memberIds: [users.memberB.id], schoolIds: [schoolB1.id, schoolB2.id] });
  return { tag, bureau, area1, area2, schoolA1, schoolA2, schoolB1, schoolB2, campusA1, department: { id: dept.id }, users, teamA, teamB };
}
export type District = Awaited<ReturnType<typeof buildDistrict>>;

/** Which account of a district signs in for each role (the school roles at school A1, the team member of team A). */
export const ACCOUNT_OF_ROLE: Record<Role, keyof District['users']> = {
  system_admin: 'admin',
  security_admin: 'secAdmin',
  audit_admin: 'auditor',
  bureau_leader: 'leader',
  bureau_staff: 'staff',
  team_member: 'memberA',
  school_admin: 'schoolAdminA1',
  school_staff: 'schoolStaffA1',
};

/**
 * A stored-file record (no bytes on disk) for tests of features that only reference
 * files: hazards check that referenced files exist and are in scope.
 */
export async function buildFile(db: Db, v: { unitId: string; uploadedBy: string; kind?: 'photo' | 'document' }): Promise<string> {
  const unit = await db.selectFrom('unit').select(sql<string>`path::text`.as('path')).where('id', '=', v.unitId).executeTakeFirstOrThrow();
  const row = await db
    .insertInto('file_object')
    .values({
      sha256: crypto.randomBytes(32).toString('hex'),
      kind: v.kind ?? 'photo',
      mime: v.kind === 'document' ? 'application/pdf' : 'image/jpeg',
      size_bytes: 1234,
      original_name: v.kind === 'document' ? '整改报告.pdf' : '现场照片.jpg',
      unit_id: v.unitId,
      unit_path: unit.path,
      uploaded_by: v.uploadedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
