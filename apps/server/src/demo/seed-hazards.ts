import { sql } from 'kysely';
import type { HazardFile, SchoolKind } from '@xiaoan/domain';
import type { Trx } from '../db/database.js';
import type { FileStorage } from '../features/files/file.storage.js';
import { renderDemoPictures, type DemoPicture } from './demo-photos.js';
import { generateHazard, mulberry32, randomChineseName, type GenContext, type GenPerson, type GenSchool, type GeneratedHazard, type HazardProfile } from './hazard-generator.js';

/**
 * The demo district's hazard ledger: ~8–15 hazards for most schools, found over the
 * last six months before `now`, made by the demo generator (so every record went
 * through the state machine). 华润小学 and 虹景小学 — the schools with demo logins —
 * get one hazard in every open state, one overdue and listed, and two due in 1 and 3
 * days (the reminder sweep announces them on the first start).
 *
 * Actors are real users: the school's admins (a login-less 安全管理员 is created for
 * schools without one), the school's staff, the members of the teams covering the
 * school and the bureau staff. Evidence photos are three real pictures stored like
 * uploads (a row per school and picture, bytes in the file storage).
 */
export type DemoLedgerOptions = {
  /** Where uploads live (the same storage the file routes use). */
  storage: FileStorage;
  now?: Date;
  seed?: number;
};

export type DemoLedgerResult = { hazards: number; events: number; schools: number; people: number; files: number };

const SHOWCASE = ['华润小学', '虹景小学'];
/** The stories every showcase school tells, on top of its random ones. */
const SHOWCASE_PROFILES: readonly HazardProfile[] = [
  { state: 'reported' },
  { state: 'registered', dueInDays: 3 },
  { state: 'rectifying', dueInDays: 1 },
  { state: 'rectifying', overdue: true, listed: true, dueInDays: -2 },
  { state: 'registered', overdue: true },
  { state: 'pending_verification' },
  { state: 'pending_verification', onSpot: true },
  { state: 'closed', onSpot: true },
  { state: 'closed', listed: true },
];

const HAZARD_CHUNK = 200;
const EVENT_CHUNK = 1000;

type SchoolRow = { id: string; name: string; school_kind: SchoolKind | null; path: string };

export async function seedDemoLedger(trx: Trx, opts: DemoLedgerOptions): Promise<DemoLedgerResult> {
  const now = opts.now ?? new Date();
  const rng = mulberry32(opts.seed ?? 20260901);
  const bureau = await trx.selectFrom('unit').select(['id', sql<string>`path::text`.as('path')]).where('kind', '=', 'bureau').orderBy('id').executeTakeFirstOrThrow();
  const schools = (await trx
    .selectFrom('unit')
    .select(['id', 'name', 'school_kind', sql<string>`path::text`.as('path')])
    .where('kind', '=', 'school')
    .where('status', '=', 'active')
    .where(sql<boolean>`path <@ ${bureau.path}::ltree`)
    .orderBy('id')
    .execute()) as SchoolRow[];
  const schoolIds = schools.map((s) => s.id);

  const people = await trx
    .selectFrom('app_user')
    .select(['id', 'display_name', 'role', 'unit_id'])
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('unit_id', 'in', schoolIds), eb('role', '=', 'bureau_staff')]))
    .orderBy('id')
    .execute();
  const members = await trx
    .selectFrom('supervision_team_school as ts')
    .innerJoin('supervision_team as t', 't.id', 'ts.team_id')
    .innerJoin('supervision_team_member as m', 'm.team_id', 't.id')
    .innerJoin('app_user as u', 'u.id', 'm.user_id')
    .select(['ts.school_unit_id', 't.name as team_name', 'u.id', 'u.display_name'])
    .where('t.status', '=', 'active')
    .where('u.role', '=', 'team_member')
    .where('u.status', '=', 'active')
    .where('ts.school_unit_id', 'in', schoolIds)
    .orderBy('u.id')
    .execute();

  // A login-less 安全管理员 for each school that has none, so every actor is a real user.
  const withAdmin = new Set(people.filter((p) => p.role === 'school_admin').map((p) => p.unit_id));
  const missing = schools.filter((s) => !withAdmin.has(s.id));
  const created = missing.length
    ? await trx
        .insertInto('app_user')
        .values(missing.map((s) => ({ username: null, display_name: randomChineseName(rng), title: `${s.name}安全管理员`, role: 'school_admin' as const, unit_id: s.id, password_hash: null })))
        .returning(['id', 'display_name', 'role', 'unit_id'])
        .execute()
    : [];
  if (created.length) {
    await sql`UPDATE unit SET safety_officer = v.name
                FROM (SELECT unnest(${sql.val(created.map((c) => c.unit_id))}::bigint[]) AS id,
                             unnest(${sql.val(created.map((c) => c.display_name))}::text[]) AS name) v
               WHERE unit.id = v.id AND unit.safety_officer IS NULL`.execute(trx);
  }
  const all = [...people, ...created];

  // The evidence pictures: bytes once in the storage, a row per school (files belong to a unit).
  const pictures = await renderDemoPictures();
  const stored = async (p: DemoPicture) => ({ p, blob: await opts.storage.put(p.data), thumb: await opts.storage.put(p.thumb) });
  const blobs = [await stored(pictures.before), ...(await Promise.all(pictures.after.map(stored)))];
  const names = ['隐患现场照片（演示）.jpg', '整改后照片（演示）.jpg', '复查整改照片（演示）.jpg'];
  const adminOf = new Map<string, string>();
  for (const p of all) if (p.role === 'school_admin' && !adminOf.has(p.unit_id)) adminOf.set(p.unit_id, p.id);
  const fileRows = await trx
    .insertInto('file_object')
    .values(
      schools.flatMap((s) =>
        blobs.map((b, i) => ({
          sha256: b.blob.sha256,
          kind: 'photo' as const,
          mime: 'image/jpeg',
          size_bytes: b.blob.sizeBytes,
          original_name: names[i]!,
          width: b.p.width,
          height: b.p.height,
          thumb_sha256: b.thumb.sha256,
          unit_id: s.id,
          unit_path: s.path,
          uploaded_by: adminOf.get(s.id)!,
        })),
      ),
    )
    .returning(['id', 'unit_id'])
    .execute();
  const filesOf = new Map<string, HazardFile[]>();
  for (const f of fileRows) filesOf.set(f.unit_id, [...(filesOf.get(f.unit_id) ?? []), { fileId: f.id, kind: 'photo' }]);

  const person = (p: { id: string; display_name: string }): GenPerson => ({ userId: p.id, name: p.display_name });
  const genSchools: GenSchool[] = schools.map((s) => {
    const own = all.filter((p) => p.unit_id === s.id);
    const team = members.filter((m) => m.school_unit_id === s.id);
    const files = filesOf.get(s.id)!;
    return {
      id: s.id,
      path: s.path,
      name: s.name,
      kind: s.school_kind,
      admins: own.filter((p) => p.role === 'school_admin').map(person),
      staff: own.filter((p) => p.role === 'school_staff').map(person)[0] ?? null,
      teamMembers: team.map(person),
      teamName: team[0]?.team_name,
      files: { before: files[0]!, after: files.slice(1) },
    };
  });
  const ctx: GenContext = {
    now,
    days: 180,
    bureau: { unitId: bureau.id, staff: all.filter((p) => p.role === 'bureau_staff').map(person) },
    schools: genSchools,
  };

  // Most schools: 8–15 hazards; the showcase schools: their fixed stories plus a few more.
  const generated: GeneratedHazard[] = [];
  let index = 0;
  for (const school of genSchools) {
    const showcase = SHOWCASE.includes(school.name);
    if (!showcase && rng() < 0.1) continue;
    const count = rng() < 0.15 ? 8 + Math.floor(rng() * 3) : 10 + Math.floor(rng() * 6);
    const forced = showcase ? SHOWCASE_PROFILES : [];
    for (const profile of forced) generated.push(generateHazard(rng, ctx, index++, { school, profile }));
    for (let k = forced.length; k < Math.max(count, forced.length + 4); k++) generated.push(generateHazard(rng, ctx, index++, { school }));
  }
  // Insert in the order things happened, so ids grow with time like a real ledger.
  generated.sort((a, b) => (a.doc.reportedAt < b.doc.reportedAt ? -1 : a.doc.reportedAt > b.doc.reportedAt ? 1 : 0));

  let events = 0;
  for (let i = 0; i < generated.length; i += HAZARD_CHUNK) {
    const chunk = generated.slice(i, i + HAZARD_CHUNK);
    // PostgreSQL returns the rows of INSERT … VALUES … RETURNING in the order given.
    const ids = await trx
      .insertInto('hazard')
      .values(
        chunk.map((g) => ({
          ...g.projection,
          doc: JSON.stringify(g.doc),
          version: g.events.length,
          created_at: g.doc.reportedAt,
          updated_at: g.events[g.events.length - 1]!.at,
        })),
      )
      .returning('id')
      .execute();
    const rows = chunk.flatMap((g, k) =>
      g.events.map((e) => ({
        hazard_id: ids[k]!.id,
        at: e.at,
        actor_user_id: e.actor.userId,
        actor_role: e.actor.role,
        action: e.action,
        from_state: e.from,
        to_state: e.to,
        comment: e.comment,
        changed_fields: [...e.changedFields],
        file_ids: [...e.fileIds],
      })),
    );
    for (let j = 0; j < rows.length; j += EVENT_CHUNK) await trx.insertInto('hazard_event').values(rows.slice(j, j + EVENT_CHUNK)).execute();
    events += rows.length;
  }
  const withHazards = new Set(generated.map((g) => g.school.id)).size;
  return { hazards: generated.length, events, schools: withHazards, people: created.length, files: fileRows.length };
}
