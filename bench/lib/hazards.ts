// Adapter between the benchmark's loader and the shared hazard generator
// (apps/server/src/demo/hazard-generator.ts, which drives the domain state machine).
// The loader decides WHEN a hazard was found (seasons, weekends, growth over three
// years) and WHERE (schools in proportion to their size); this decides a story that
// fits the hazard's age and lets the generator play it.
import type { Hazard, HazardFile } from '@xiaoan/domain';
import {
  DEFAULT_PROFILE_WEIGHTS,
  generateHazard,
  type GenContext,
  type GenPerson,
  type GenSchool,
  type HazardProfile,
} from '../../apps/server/src/demo/hazard-generator.js';
import type { Org, School } from './org.js';
import type { Sizes } from './env.js';
import type { Rng } from './names.js';

export type GeneratedEvent = {
  at: string;
  actorUserId: string;
  actorRole: string;
  action: string;
  from: string | null;
  to: string;
  comment: string | null;
  changedFields: readonly string[];
  fileIds: readonly string[];
};
export type GeneratedFile = { fileId: string; kind: 'photo' | 'document'; originalName: string; uploadedBy: string; uploadedAt: string };
export type GeneratedHazard = { doc: Hazard; version: number; events: GeneratedEvent[]; files: GeneratedFile[]; profile: HazardProfile };

export type HazardSource = {
  /** One hazard of `school` found about `day`; `nextFileId` numbers its photos. */
  next(rng: Rng, school: School, day: Date, nextFileId: () => string): GeneratedHazard;
};

const DAY = 86_400_000;
const TERMINAL = DEFAULT_PROFILE_WEIGHTS.filter(([p]) => p.state === 'closed' || p.state === 'rejected');
const OPEN_RECENT = DEFAULT_PROFILE_WEIGHTS.filter(([p]) => p.state !== 'closed' && p.state !== 'rejected' && !p.overdue);
const OPEN_OVERDUE = DEFAULT_PROFILE_WEIGHTS.filter(([p]) => p.state !== 'closed' && p.state !== 'rejected' && p.overdue);

function weighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of items) total += w;
  let x = rng() * total;
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1]![0];
}

/**
 * The chance that a hazard found `age` days ago is still open: most recent ones are
 * being worked on, a month later most are closed, a few old ones linger (overdue,
 * waiting for money or works).
 */
function openChance(age: number): number {
  if (age <= 10) return 0.6;
  if (age <= 30) return 0.35;
  if (age <= 60) return 0.15;
  if (age <= 180) return 0.04;
  return 0.01;
}

const PHOTO_NAMES = ['IMG_', 'mmexport', 'wx_camera_', 'DSC_'];

export function hazardSource(org: Org, _sizes: Sizes): HazardSource {
  const now = new Date();
  const person = (userId: number, name: string): GenPerson => ({ userId: String(userId), name });
  // The generator's view of each school and bureau, built once.
  const bureaus = org.districts.map((d) => ({ unitId: String(d.bureauId), staff: d.staffUserIds.map((id) => person(id, `教育局${id}`)) }));
  const schools = new Map<number, Omit<GenSchool, 'files'>>();
  for (const d of org.districts) {
    for (const s of d.schools) {
      schools.set(s.id, {
        id: String(s.id),
        path: s.path,
        name: s.name,
        kind: s.kind,
        admins: [person(s.adminUserId, `${s.name}安全管理员`)],
        staff: null,
        teamMembers: d.teams[s.team]!.memberUserIds.map((id) => person(id, `督查组${id}`)),
        teamName: `${d.name}教育局督查小组`,
      });
    }
  }
  return {
    next(rng, school, day, nextFileId) {
      const base = schools.get(school.id)!;
      // Fresh photos for every hazard: its before photo and two after photos (evidence).
      const photo = (): HazardFile => ({ fileId: nextFileId(), kind: 'photo' });
      const g: GenSchool = { ...base, files: { before: photo(), after: [photo(), photo()] } };
      const age = Math.max(1, Math.round((now.getTime() - day.getTime()) / DAY));
      const open = rng() < openChance(age);
      let profile: HazardProfile;
      let ctx: GenContext;
      const bureau = bureaus[school.district]!;
      if (!open) {
        // A finished story: told as of a "now" ~18 days after it was found, so it is found around `day`.
        profile = weighted(rng, TERMINAL);
        ctx = { now: new Date(Math.min(now.getTime(), day.getTime() + 18 * DAY)), days: 30, bureau, schools: [g] };
      } else if (age <= 45) {
        profile = weighted(rng, OPEN_RECENT);
        ctx = { now, days: Math.max(30, age + 5), bureau, schools: [g] };
      } else {
        profile = weighted(rng, OPEN_OVERDUE);
        ctx = { now, days: age + 5, bureau, schools: [g] };
      }
      const r = generateHazard(rng, ctx, 0, { school: g, profile });
      const events: GeneratedEvent[] = r.events.map((e) => ({
        at: e.at,
        actorUserId: e.actor.userId,
        actorRole: e.actor.role,
        action: e.action,
        from: e.from,
        to: e.to,
        comment: e.comment,
        changedFields: e.changedFields,
        fileIds: e.fileIds,
      }));
      const files: GeneratedFile[] = [];
      const seen = new Set<string>();
      for (const e of events) {
        for (const fileId of e.fileIds) {
          if (seen.has(fileId)) continue;
          seen.add(fileId);
          const at = new Date(Date.parse(e.at) - 60_000 - Math.floor(rng() * 3_600_000));
          const stamp = at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
          files.push({ fileId, kind: 'photo', originalName: `${PHOTO_NAMES[Number(fileId) % PHOTO_NAMES.length]}${stamp}.jpg`, uploadedBy: e.actorUserId, uploadedAt: at.toISOString() });
        }
      }
      return { doc: r.doc, version: events.length, events, files, profile: r.profile };
    },
  };
}
