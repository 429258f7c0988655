// The organisation of a province: districts (bureau → areas → schools → a few campuses),
// bureau staff, six supervision teams per district with members and assigned schools,
// one school admin per school. Built in memory (it is small) and inserted in batches.
import type pg from 'pg';
import type { SchoolKind } from '@xiaoan/domain';
import {
  ENROLMENT,
  STAFF_TITLES,
  TEAM_NAMES,
  areaNames,
  between,
  districtNames,
  personName,
  phone,
  pick,
  pickKind,
  schoolName,
  type Rng,
} from './names.js';

export type School = {
  id: number;
  name: string;
  kind: SchoolKind;
  district: number;
  areaId: number;
  path: string;
  enrolment: number;
  /** Relative share of the ledger (bigger schools find more hazards). */
  weight: number;
  campuses: { id: number; path: string }[];
  adminUserId: number;
  team: number;
};

export type District = {
  index: number;
  bureauId: number;
  name: string;
  areaIds: number[];
  leaderUserId: number;
  staffUserIds: number[];
  teams: { id: number; memberUserIds: number[] }[];
  schools: School[];
};

export type Org = {
  districts: District[];
  schools: School[];
  unitCount: number;
  userCount: number;
  teamCount: number;
  /** The bench logins (known password), by purpose. */
  logins: { bigSchoolAdmin: BenchLogin; bigDistrictStaff: BenchLogin; teamMember: BenchLogin; typicalDistrictStaff: BenchLogin };
};

export type BenchLogin = { userId: number; username: string; role: string; note: string };

type UnitRow = { id: number; kind: string; parent: number | null; name: string; schoolKind: SchoolKind | null; enrolment: number | null; principal: string | null; officer: string | null; phone: string | null; address: string | null };
type UserRow = { id: number; username: string | null; name: string; title: string | null; phone: string; role: string; unitId: number };

/**
 * Plans the province. District 0 is the big city district (5 % of the schools, so its
 * bureau sees ~5 % of the ledger); the others vary ±40 % around the mean.
 */
export function planOrg(rng: Rng, opts: { schools: number; districts: number }): { org: Org; units: UnitRow[][]; users: UserRow[]; teamRows: TeamRows } {
  const D = opts.districts;
  const names = districtNames(rng, D);
  // Schools per district.
  const share0 = D >= 10 ? 0.05 : 1 / D;
  const rawRest = Array.from({ length: D - 1 }, () => 0.6 + 0.8 * rng());
  const restSum = rawRest.reduce((a, b) => a + b, 0);
  const counts = [Math.round(opts.schools * share0), ...rawRest.map((w) => (w / restSum) * opts.schools * (1 - share0))];
  const ints = counts.map(Math.floor);
  let missing = opts.schools - ints.reduce((a, b) => a + b, 0);
  for (let i = 1; missing > 0; i = (i % Math.max(1, D - 1)) + 1, missing--) ints[D === 1 ? 0 : i]!++;
  let unitId = 0;
  let userId = 0;
  let teamId = 0;
  const bureaus: UnitRow[] = [];
  const areas: UnitRow[] = [];
  const schoolRows: UnitRow[] = [];
  const campusRows: UnitRow[] = [];
  const users: UserRow[] = [];
  const teamRows: TeamRows = { teams: [], members: [], schools: [] };
  const districts: District[] = [];
  const schools: School[] = [];

  for (let d = 0; d < D; d++) {
    const bureauId = ++unitId;
    const dname = names[d]!;
    bureaus.push({ id: bureauId, kind: 'bureau', parent: null, name: `${dname}教育局`, schoolKind: null, enrolment: null, principal: null, officer: null, phone: phone(rng), address: `${dname}政务中心` });
    const nAreas = Math.max(1, Math.min(12, Math.round(ints[d]! / 26)));
    const areaIds: number[] = [];
    const aNames = areaNames(rng, nAreas);
    for (const an of aNames) {
      const id = ++unitId;
      areaIds.push(id);
      areas.push({ id, kind: 'area', parent: bureauId, name: an, schoolKind: null, enrolment: null, principal: null, officer: null, phone: null, address: null });
    }
    const leaderUserId = ++userId;
    users.push({ id: leaderUserId, username: `d${d}_leader`, name: personName(rng), title: '教育局局长', phone: phone(rng), role: 'bureau_leader', unitId: bureauId });
    const staffUserIds: number[] = [];
    for (let s = 0; s < 4; s++) {
      const id = ++userId;
      staffUserIds.push(id);
      users.push({ id, username: `d${d}_staff${s + 1}`, name: personName(rng), title: STAFF_TITLES[s % STAFF_TITLES.length]!, phone: phone(rng), role: 'bureau_staff', unitId: bureauId });
    }
    const teams: District['teams'] = [];
    for (let t = 0; t < TEAM_NAMES.length; t++) {
      const id = ++teamId;
      teamRows.teams.push({ id, bureau: bureauId, name: TEAM_NAMES[t]!, sort: t });
      const memberUserIds: number[] = [];
      const nMembers = between(rng, 4, 7);
      for (let m = 0; m < nMembers; m++) {
        const uid = ++userId;
        memberUserIds.push(uid);
        users.push({ id: uid, username: `d${d}_t${t + 1}_m${m + 1}`, name: personName(rng), title: m === 0 ? '督查小组组长' : m === 1 ? '督查小组副组长' : '督查小组成员', phone: phone(rng), role: 'team_member', unitId: bureauId });
        teamRows.members.push({ team: id, user: uid, position: m === 0 ? 'leader' : m === 1 ? 'deputy' : 'member', sort: m });
      }
      teams.push({ id, memberUserIds });
    }
    const taken = new Set<string>();
    const dSchools: School[] = [];
    for (let i = 0; i < ints[d]!; i++) {
      const kind = pickKind(rng);
      const areaIdx = Math.floor((i * areaIds.length) / ints[d]!);
      const areaId = areaIds[areaIdx]!;
      const name = schoolName(rng, kind, aNames[areaIdx]!, taken);
      const [lo, hi] = ENROLMENT[kind];
      const enrolment = between(rng, lo, hi);
      const id = ++unitId;
      schoolRows.push({ id, kind: 'school', parent: areaId, name, schoolKind: kind, enrolment, principal: personName(rng), officer: personName(rng), phone: phone(rng), address: `${aNames[areaIdx]}${pick(rng, ['人民路', '解放路', '青年路', '建设路', '文化路', '和平路', '中山路', '学府路'])}${between(rng, 1, 399)}号` });
      const school: School = {
        id,
        name,
        kind,
        district: d,
        areaId,
        path: `${bureauId}.${areaId}.${id}`,
        enrolment,
        // Bigger schools find more; some schools are simply more diligent.
        weight: Math.sqrt(enrolment) * Math.exp((rng() - 0.5) * 0.8),
        campuses: [],
        adminUserId: 0,
        team: Math.floor((i * TEAM_NAMES.length) / ints[d]!),
      };
      dSchools.push(school);
    }
    for (const s of dSchools) {
      if (s.kind !== 'training' && rng() < 0.05) {
        for (const cn of rng() < 0.3 ? ['东校区', '西校区'] : ['新校区']) {
          const cid = ++unitId;
          campusRows.push({ id: cid, kind: 'campus', parent: s.id, name: cn, schoolKind: null, enrolment: null, principal: null, officer: null, phone: null, address: null });
          s.campuses.push({ id: cid, path: `${s.path}.${cid}` });
        }
      }
      const uid = ++userId;
      s.adminUserId = uid;
      users.push({ id: uid, username: `s${s.id}_admin`, name: personName(rng), title: '安全管理员', phone: phone(rng), role: 'school_admin', unitId: s.id });
      teamRows.schools.push({ team: teams[s.team]!.id, school: s.id });
    }
    districts.push({ index: d, bureauId, name: dname, areaIds, leaderUserId, staffUserIds, teams, schools: dSchools });
    schools.push(...dSchools);
  }

  // The bench logins: the big district's staff, its biggest school's admin, a member of that school's team.
  const big = districts[0]!;
  const bigSchool = big.schools.reduce((a, b) => (b.weight > a.weight ? b : a));
  const typical = districts[Math.min(1, D - 1)]!;
  const member = big.teams[bigSchool.team]!.memberUserIds[2] ?? big.teams[bigSchool.team]!.memberUserIds[0]!;
  const login = (uid: number, username: string, note: string): BenchLogin => {
    const u = users[uid - 1]!;
    u.username = username;
    return { userId: uid, username, role: u.role, note };
  };
  const logins = {
    bigSchoolAdmin: login(bigSchool.adminUserId, 'bench_school', `school admin of ${bigSchool.name} (${big.name})`),
    bigDistrictStaff: login(big.staffUserIds[0]!, 'bench_bureau', `bureau staff of ${big.name} (${big.schools.length} schools)`),
    teamMember: login(member, 'bench_team', `team member of ${big.name} ${TEAM_NAMES[bigSchool.team]}`),
    typicalDistrictStaff: login(typical.staffUserIds[0]!, 'bench_bureau2', `bureau staff of ${typical.name} (${typical.schools.length} schools)`),
  };
  return {
    org: { districts, schools, unitCount: unitId, userCount: userId, teamCount: teamId, logins },
    units: [bureaus, areas, schoolRows, campusRows],
    users,
    teamRows,
  };
}

type TeamRows = {
  teams: { id: number; bureau: number; name: string; sort: number }[];
  members: { team: number; user: number; position: string; sort: number }[];
  schools: { team: number; school: number }[];
};

async function batched<T>(rows: T[], size: number, fn: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await fn(rows.slice(i, i + size));
}

/** Inserts the planned organisation (level by level: the path trigger reads the parent). */
export async function insertOrg(client: pg.ClientBase, plan: ReturnType<typeof planOrg>, passwordHash: string): Promise<void> {
  for (const level of plan.units) {
    await batched(level, 5000, (b) =>
      client.query(
        `INSERT INTO unit (id, kind, parent_id, name, school_kind, enrolment, principal, safety_officer, phone, address)
         OVERRIDING SYSTEM VALUE
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[])`,
        [b.map((u) => u.id), b.map((u) => u.kind), b.map((u) => u.parent), b.map((u) => u.name), b.map((u) => u.schoolKind), b.map((u) => u.enrolment), b.map((u) => u.principal), b.map((u) => u.officer), b.map((u) => u.phone), b.map((u) => u.address)],
      ),
    );
  }
  const benchUsers = new Set(Object.values(plan.org.logins).map((l) => l.userId));
  await batched(plan.users, 5000, (b) =>
    client.query(
      `INSERT INTO app_user (id, username, display_name, title, phone, role, unit_id, password_hash, password_changed_at)
       OVERRIDING SYSTEM VALUE
       SELECT id, username, name, title, phone, role, unit_id, CASE WHEN bench THEN $8 END, CASE WHEN bench THEN now() END
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $9::boolean[])
           AS t(id, username, name, title, phone, role, unit_id, bench)`,
      [b.map((u) => u.id), b.map((u) => u.username), b.map((u) => u.name), b.map((u) => u.title), b.map((u) => u.phone), b.map((u) => u.role), b.map((u) => u.unitId), passwordHash, b.map((u) => benchUsers.has(u.id))],
    ),
  );
  const t = plan.teamRows;
  await client.query(
    `INSERT INTO supervision_team (id, bureau_unit_id, name, sort_order) OVERRIDING SYSTEM VALUE
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::int[])`,
    [t.teams.map((x) => x.id), t.teams.map((x) => x.bureau), t.teams.map((x) => x.name), t.teams.map((x) => x.sort)],
  );
  await batched(t.members, 5000, (b) =>
    client.query(`INSERT INTO supervision_team_member (team_id, user_id, position, sort_order) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::int[])`, [
      b.map((x) => x.team),
      b.map((x) => x.user),
      b.map((x) => x.position),
      b.map((x) => x.sort),
    ]),
  );
  await batched(t.schools, 5000, (b) =>
    client.query(`INSERT INTO supervision_team_school (team_id, school_unit_id) SELECT * FROM unnest($1::bigint[], $2::bigint[])`, [b.map((x) => x.team), b.map((x) => x.school)]),
  );
  for (const [table] of [['unit'], ['app_user'], ['supervision_team']]) {
    await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`);
  }
}
