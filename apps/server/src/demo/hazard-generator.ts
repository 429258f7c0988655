/**
 * Realistic hazards for the demo district and for benchmarks, made BY DRIVING THE
 * DOMAIN STATE MACHINE: every record is the result of `applyAction` calls (report,
 * register, start, progress, extension, overdue explanation, listing, escalation,
 * submission, return, close …), each by a real actor with its role at a moment that
 * moves forward, so every record satisfies the domain's rules and invariants, and its
 * history is exactly what the service would have written. Pure (no I/O), deterministic
 * for a seed, and fast (see hazard-generator.test.ts for the measured rate).
 *
 * API
 *   mulberry32(seed: number): Rng
 *       A small seeded PRNG; `rng()` returns a float in [0, 1).
 *   generateHazard(rng: Rng, ctx: GenContext, index: number, force?: GenForce): GeneratedHazard
 *       One hazard. Unless `force.school` is given, the school is `ctx.schools[index % n]`.
 *       `force.profile` fixes the story (final state, overdue, listed, 立行立改, due in N days);
 *       otherwise it is drawn from DEFAULT_PROFILE_WEIGHTS (most closed; some open,
 *       some overdue, some listed, a few rejected).
 *       Returns
 *         doc        — the domain record (`Hazard`), as stored in hazard.doc
 *         events     — its history in order: the domain's `HazardEvent` (action, from, to,
 *                      changedFields, comment, at, actor {userId, role}) plus `fileIds`
 *         projection — the indexed columns (`projectHazard(doc, school)`), ready to insert
 *         school, profile — what was chosen
 *   randomChineseName(rng): string   — a plausible 姓名, for login-less demo people.
 *
 * GenContext
 *   now      the instant "now": every step happens before it, found dates lie within
 *            the `days` days before it (default 180); due dates and overdue are Beijing
 *            calendar days (the domain's deadline functions)
 *   bureau   { unitId, staff: [{userId, name}] } — bureau_staff users: they list (挂牌督办)
 *            and escalate; they also verify when a school has no team members
 *   schools  [{ id, path, name, kind, admins: [{userId, name}] (school_admin, ≥ 1),
 *              staff?: {userId, name} (school_staff), teamMembers: [{userId, name}]
 *              (team_member of a team covering the school), teamName?,
 *              files: { before: HazardFile, after: HazardFile[] (≥ 1) } }]
 *            Photos are optional when reporting, but the domain requires evidence to submit
 *            for verification and before/after photos for 立行立改, so a school names the
 *            (existing) files its records may reference.
 */
import {
  addDays,
  applyAction,
  isHazardOverdue,
  shanghaiDate,
  type Hazard,
  type HazardAction,
  type HazardActionInputs,
  type HazardDomain,
  type HazardEvent,
  type HazardFile,
  type HazardGrade,
  type HazardMilestoneInput,
  type HazardSource,
  type HazardState,
  type Role,
  type SchoolKind,
} from '@xiaoan/domain';
import { projectHazard, type HazardProjection } from '../features/hazards/hazard.repository.js';
import { HAZARD_TEMPLATES, type DomainTemplates, type HazardTemplate } from './hazard-templates.js';

export type Rng = () => number;

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG (public domain). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type GenPerson = { readonly userId: string; readonly name: string };

export type GenSchool = {
  readonly id: string;
  readonly path: string;
  readonly name: string;
  readonly kind?: SchoolKind | null;
  readonly admins: readonly GenPerson[];
  readonly staff?: GenPerson | null;
  readonly teamMembers: readonly GenPerson[];
  readonly teamName?: string;
  readonly files: { readonly before: HazardFile; readonly after: readonly HazardFile[] };
};

export type GenContext = {
  readonly now: Date;
  readonly days?: number;
  readonly bureau: { readonly unitId: string; readonly staff: readonly GenPerson[] };
  readonly schools: readonly GenSchool[];
};

/** The story a hazard tells: where it ends, whether it is overdue now, listed, or 立行立改. */
export type HazardProfile = {
  readonly state: HazardState;
  readonly overdue?: boolean;
  readonly listed?: boolean;
  readonly onSpot?: boolean;
  /**
   * The due date in days from today (registered, rectifying, pending_verification only;
   * negative only together with `overdue`), e.g. 3 for a hazard the reminder sweep
   * announces today. No extension then changes it.
   */
  readonly dueInDays?: number;
};

export type GenForce = { readonly school?: GenSchool; readonly profile?: HazardProfile };

export type GeneratedEvent = HazardEvent & { readonly fileIds: readonly string[] };

export type GeneratedHazard = {
  readonly doc: Hazard;
  readonly events: readonly GeneratedEvent[];
  readonly projection: HazardProjection;
  readonly school: GenSchool;
  readonly profile: HazardProfile;
};

/** The mix of stories when none is forced (weights). */
export const DEFAULT_PROFILE_WEIGHTS: readonly [HazardProfile, number][] = [
  [{ state: 'closed' }, 52],
  [{ state: 'closed', onSpot: true }, 9],
  [{ state: 'closed', listed: true }, 3],
  [{ state: 'rejected' }, 4],
  [{ state: 'reported' }, 6],
  [{ state: 'registered' }, 4],
  [{ state: 'registered', overdue: true }, 2],
  [{ state: 'rectifying' }, 8],
  [{ state: 'rectifying', overdue: true }, 3],
  [{ state: 'rectifying', overdue: true, listed: true }, 1.5],
  [{ state: 'rectifying', listed: true }, 1],
  [{ state: 'pending_verification' }, 4],
  [{ state: 'pending_verification', onSpot: true }, 1.5],
  [{ state: 'pending_verification', overdue: true }, 1],
];

// ------------------------------------------------------------------ random helpers

const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
function weighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of items) total += w;
  let x = rng() * total;
  for (const [v, w] of items) {
    x -= w;
    if (x < 0) return v;
  }
  return items[items.length - 1]![0];
}

const SURNAMES = '王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗郑梁谢宋唐许邓冯韩曹曾彭蔡潘田董袁于余叶蒋杜苏魏程吕丁沈任姚卢钱汤陆顾华缪恽庄储';
const GIVEN = ['伟', '芳', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '华', '慧', '建国', '建华', '志强', '海燕', '晓东', '文斌', '丽萍', '红梅', '国平', '卫东', '春燕', '晓燕', '雪梅', '俊', '鹏', '婷', '立新', '玉兰', '金华', '永刚', '亚芳'];

export function randomChineseName(rng: Rng): string {
  return SURNAMES[Math.floor(rng() * SURNAMES.length)]! + pick(rng, GIVEN);
}

const SOURCE_WEIGHTS: readonly [HazardSource, number][] = [
  ['self', 50],
  ['supervision', 12],
  ['spot', 8],
  ['follow_up', 6],
  ['special', 5],
  ['mutual', 5],
  ['unannounced', 5],
  ['joint', 3],
  ['external', 3],
  ['public_report', 2],
  ['other', 1],
];
const SCHOOL_FOUND: readonly HazardSource[] = ['self', 'mutual', 'other', 'external'];
const TEAM_FOUND: readonly HazardSource[] = ['supervision', 'spot', 'follow_up', 'unannounced'];

const RETURN_REASONS = [
  '现场复查发现整改不彻底，仍有部分问题未整改到位，请继续整改。',
  '整改材料不全，缺少整改后照片和自查验收记录，请补充后重新提交。',
  '整改措施与登记的整改方案不符，请按方案整改。',
  '复查时问题出现反弹，请举一反三、彻底整改。',
];
const CLOSE_COMMENTS = ['现场复查，整改到位，同意销号。', '经复查符合要求，予以销号。', '整改材料齐全，现场核实无误，同意销号。', '已整改到位，同意销号，请学校做好日常巡查。'];
const DELAY_REASONS = [
  '整改资金尚未到位，需履行政府采购程序。',
  '施工单位进场延迟，且遇连续降雨无法施工。',
  '需报区教育局基建科审批，审批周期较长。',
  '设备供货周期长，厂家尚未到货。',
  '涉及校舍结构安全，需先委托第三方检测鉴定。',
  '需利用周末和节假日施工，避免影响正常教学。',
];
const PROGRESS_NOTES = ['已完成整改方案制定和询价。', '材料已采购到位，正在组织施工。', '施工已完成过半，现场管控措施落实到位。', '已完成主体整改，正在自查。'];
const REJECT_TEXTS: Record<'duplicate' | 'not_a_hazard', string> = {
  duplicate: '与本月已上报的同一隐患重复，已合并处理。',
  not_a_hazard: '经现场核实，该情况符合相关规范要求，不属于安全隐患。',
};
const WATCHER_TITLES = ['总务处', '安全办', '后勤处', '保卫科', '年级组'];

// ------------------------------------------------------------------ the story

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Calendar dates by offset from one "today", computed once (addDays parses its input). */
const CALENDARS = new Map<string, Map<number, string>>();
function calendarOf(today: string): Map<number, string> {
  let c = CALENDARS.get(today);
  if (!c) {
    if (CALENDARS.size > 4096) CALENDARS.clear();
    CALENDARS.set(today, (c = new Map()));
  }
  return c;
}

type Who = { person: GenPerson; role: Role };

/**
 * A hazard's life, step by step. Days are offsets from today (Beijing calendar): every
 * step happens on a day ≤ yesterday, at a working-hours time after the previous step,
 * so each record's history moves forward and ends before `now`.
 */
class Story {
  doc: Hazard | null = null;
  readonly events: GeneratedEvent[] = [];
  day = -100_000;
  private t = 0;
  private readonly calendar: Map<number, string>;
  /** 00:00 UTC of today's Beijing date = 08:00 in Beijing (China keeps UTC+8, no DST). */
  private readonly todayStart: number;

  constructor(
    private readonly rng: Rng,
    readonly today: string,
    private readonly nowMs: number,
    private readonly label: string,
  ) {
    this.calendar = calendarOf(today);
    this.todayStart = Date.parse(`${today}T00:00:00Z`);
  }

  date(offset: number): string {
    let d = this.calendar.get(offset);
    if (d === undefined) this.calendar.set(offset, (d = addDays(this.today, offset)));
    return d;
  }

  /**
   * Takes the moment of a step planned for day `offset`: never before the previous
   * step, never after yesterday (so always before `now`). Inputs that depend on the
   * date are then computed from this very instant.
   */
  at(offset: number): Date {
    const day = Math.min(Math.max(offset, this.day), -1);
    const dayStart = this.todayStart + day * DAY; // 08:00 in Beijing
    let t = dayStart + Math.floor(this.rng() * 10 * HOUR);
    if (t <= this.t) t = this.t + 300_000 + Math.floor(this.rng() * 1.5 * HOUR);
    t = Math.min(t, this.nowMs - 1000);
    if (t <= this.t) t = this.t + 1;
    this.day = day;
    this.t = t;
    return new Date(t);
  }

  apply<A extends HazardAction>(at: Date, action: A, input: HazardActionInputs[A], who: Who, fileIds: readonly string[] = []): Hazard {
    const r = applyAction(this.doc, action, input, { userId: who.person.userId, role: who.role, actorCoversUnit: true }, at);
    if (!r.ok) throw new Error(`hazard generator (${this.label}): ${action} refused: ${r.code} ${r.message}`);
    this.doc = r.next;
    this.events.push({ ...r.event, fileIds });
    return r.next;
  }

  act<A extends HazardAction>(offset: number, action: A, input: HazardActionInputs[A], who: Who, fileIds: readonly string[] = []): Hazard {
    return this.apply(this.at(offset), action, input, who, fileIds);
  }

  get hazard(): Hazard {
    if (!this.doc) throw new Error('no hazard yet');
    return this.doc;
  }
}

function templatesFor(kind: SchoolKind | null | undefined): readonly [{ d: DomainTemplates; ts: readonly HazardTemplate[] }, number][] {
  const out: [{ d: DomainTemplates; ts: readonly HazardTemplate[] }, number][] = [];
  for (const d of HAZARD_TEMPLATES) {
    const ts = d.templates.filter((t) => !t.kinds || (kind != null && t.kinds.includes(kind)));
    const weight = d.domain === 'internship' && kind === 'vocational' ? 6 : d.domain === 'lab_chemicals' && kind === 'kindergarten' ? 0 : d.weight;
    if (ts.length > 0 && weight > 0) out.push([{ d, ts }, weight]);
  }
  return out;
}
const TEMPLATE_CACHE = new Map<string, ReturnType<typeof templatesFor>>();
function cachedTemplates(kind: SchoolKind | null | undefined) {
  const key = kind ?? '';
  let t = TEMPLATE_CACHE.get(key);
  if (!t) TEMPLATE_CACHE.set(key, (t = templatesFor(kind)));
  return t;
}

function dueDays(rng: Rng, grade: HazardGrade): number {
  if (grade === 'major') return int(rng, 30, 90);
  return weighted(rng, [
    [int(rng, 1, 3), 10],
    [7, 20],
    [10, 10],
    [14, 20],
    [15, 10],
    [20, 10],
    [30, 15],
    [int(rng, 40, 60), 5],
  ]);
}

/** Generates one hazard (see the API at the top of this file). */
export function generateHazard(rng: Rng, ctx: GenContext, index: number, force: GenForce = {}): GeneratedHazard {
  if (ctx.schools.length === 0 && !force.school) throw new Error('hazard generator: no schools');
  const school = force.school ?? ctx.schools[index % ctx.schools.length]!;
  if (school.admins.length === 0) throw new Error(`hazard generator: school ${school.name} has no school admin`);
  if (school.teamMembers.length === 0 && ctx.bureau.staff.length === 0) {
    throw new Error(`hazard generator: school ${school.name} needs a team member or a bureau staff member to verify`);
  }
  const profile = force.profile ?? weighted(rng, DEFAULT_PROFILE_WEIGHTS);
  const span = Math.max(30, ctx.days ?? 180);
  const nowMs = ctx.now.getTime();
  const s = new Story(rng, shanghaiDate(ctx.now), nowMs, `#${index} ${school.name}`);

  // What, where, how serious, found how.
  const { d, ts } = weighted(rng, cachedTemplates(school.kind));
  const tpl = pick(rng, ts);
  const onSpot = profile.onSpot === true;
  const grade: HazardGrade = !onSpot && tpl.major && rng() < 0.75 ? 'major' : 'general';
  const source: HazardSource = onSpot ? (rng() < 0.85 ? 'self' : 'mutual') : weighted(rng, SOURCE_WEIGHTS);
  const location = tpl.locs.length > 0 ? pick(rng, tpl.locs) : '';
  const description = tpl.desc.replace('{loc}', location || '校内');

  // Who.
  const admin = (): Who => ({ person: pick(rng, school.admins), role: 'school_admin' });
  const rectifier = admin();
  const hasTeam = school.teamMembers.length > 0;
  const bureauStaff = ctx.bureau.staff;
  const bureau = (): Who | null => (bureauStaff.length > 0 ? { person: pick(rng, bureauStaff), role: 'bureau_staff' } : null);
  const team = (): Who => (hasTeam ? { person: pick(rng, school.teamMembers), role: 'team_member' } : bureau()!);
  /** Verifies, returns, decides extensions: never the rectifier (a team member, else the bureau). */
  const supervisor = team;
  let reporter: Who;
  let foundBy: string;
  if (SCHOOL_FOUND.includes(source) || onSpot || (!hasTeam && bureauStaff.length === 0)) {
    reporter = school.staff && rng() < 0.5 ? { person: school.staff, role: 'school_staff' } : admin();
    foundBy = source === 'external' ? d.agency : source === 'mutual' ? `${reporter.person.name}（互查）` : reporter.person.name;
  } else if (TEAM_FOUND.includes(source) || !bureau()) {
    reporter = team();
    foundBy = school.teamName ?? reporter.person.name;
  } else {
    reporter = bureau()!;
    foundBy = source === 'joint' ? `区教育局、${d.agency}联合检查组` : source === 'public_report' ? '群众来电（12345 热线转办）' : '区教育局专项检查组';
  }
  const schoolSideReport = reporter.role === 'school_admin' || reporter.role === 'school_staff';

  // When it was found: old enough to have reached its final state.
  const open = profile.state !== 'closed' && profile.state !== 'rejected';
  let found: number;
  if (profile.state === 'reported') found = rng() < 0.85 ? -int(rng, 1, 10) : -int(rng, 11, 40);
  else if (profile.state === 'closed') found = -int(rng, 6, span);
  else if (profile.overdue) found = -int(rng, 20, span);
  else if (open) found = -int(rng, 2, Math.min(span, 60));
  else found = -int(rng, 2, span);
  const foundAt = s.date(found);
  const report = {
    unitId: school.id,
    domain: d.domain as HazardDomain,
    grade,
    source,
    title: tpl.title,
    description,
    location,
    photos: onSpot || rng() < 0.6 ? [school.files.before] : [],
    foundAt,
    foundBy,
  };
  const after = (k: number) => school.files.after[k % school.files.after.length]!;

  // 立行立改: fixed on the spot, waiting for or past verification.
  if (onSpot) {
    const fix = after(0);
    s.act(found + int(rng, 0, 1), 'report_fixed', { ...report, fixPhotos: [fix], fixNote: `${tpl.done}（立行立改）` }, reporter, [school.files.before.fileId, fix.fileId]);
    if (profile.state === 'pending_verification') {
      return done(s, school, profile);
    }
    if (profile.state !== 'closed') throw new Error(`hazard generator: 立行立改 cannot end ${profile.state}`);
    // A school admin may verify a fix by a colleague (general, unlisted); else the team.
    const verifier = reporter.role === 'school_staff' && rng() < 0.3 ? admin() : supervisor();
    s.act(s.day + int(rng, 0, 5), 'close', { comment: pick(rng, CLOSE_COMMENTS) }, verifier);
    return done(s, school, profile);
  }

  s.act(found + (rng() < 0.7 ? 0 : int(rng, 1, 2)), 'report', report, reporter, report.photos.map((f) => f.fileId));
  if (profile.listed && profile.state === 'reported') listIt(s, rng, ctx, bureau() ?? team(), s.day);
  if (profile.state === 'reported') return done(s, school, profile);

  if (profile.state === 'rejected') {
    const reason = rng() < 0.5 ? 'duplicate' : 'not_a_hazard';
    const by = schoolSideReport && rng() < 0.7 ? admin() : supervisor();
    s.act(s.day + int(rng, 0, 3), 'reject', { reason, text: REJECT_TEXTS[reason] }, by);
    return done(s, school, profile);
  }

  // 登记: the five commitments; a due date that fits the story.
  const reg = Math.min(s.day + int(rng, 0, 3), -1);
  let due: number;
  if (profile.state === 'closed') {
    due = reg + dueDays(rng, grade);
  } else if (profile.overdue) {
    // Registered long enough ago that the due date has passed (the state machine allows a due
    // date in the past at registration, but a real one is set ahead and then missed).
    const latest = profile.state === 'pending_verification' ? -3 : -1;
    due = reg + Math.max(1, Math.min(dueDays(rng, grade), latest - reg));
  } else {
    due = Math.max(reg + dueDays(rng, grade), rng() < 0.25 ? int(rng, 0, 3) : int(rng, 0, 30));
  }
  if (profile.dueInDays !== undefined) due = Math.max(reg, profile.dueInDays);
  const long = due - reg >= 20;
  const plan: HazardMilestoneInput[] =
    (grade === 'major' || long) && rng() < 0.8
      ? [
          { title: '制定整改方案，落实资金和施工单位', dueDate: s.date(reg + Math.floor((due - reg) * 0.3)) },
          { title: '完成整改施工', dueDate: s.date(reg + Math.floor((due - reg) * 0.8)) },
          { title: '学校自查，提交验收', dueDate: s.date(due) },
        ]
      : [];
  const [fmin, fmax] = tpl.funds;
  const fundsYuan = fmax === 0 ? 0 : grade === 'major' ? int(rng, Math.max(fmin, Math.floor(fmax / 3)), fmax) : int(rng, fmin, fmax);
  const watcherName = randomChineseName(rng);
  s.act(
    reg,
    'register',
    {
      owner: `${pick(rng, d.owners)}${randomChineseName(rng)}`,
      measures: tpl.measures,
      fundsFen: fundsYuan >= 1000 ? Math.round(fundsYuan / 100) * 10_000 : fundsYuan * 100,
      dueDate: s.date(due),
      contingencyPlan: d.contingency,
      interimControls: grade === 'major' ? (tpl.major ?? '设置警戒区域，专人值守，每日巡查。') : null,
      watcher: grade === 'major' ? `${watcherName}（${pick(rng, WATCHER_TITLES)}）` : null,
      plan,
    },
    rectifier,
  );
  const listed = profile.listed === true;
  if (listed && (grade === 'major' || rng() < 0.5)) listIt(s, rng, ctx, bureau() ?? team(), s.day + int(rng, 0, 5));
  if (profile.state === 'registered') {
    overdueTail(s, rng, profile, rectifier, due);
    if (listed && !currentlyListed(s)) listIt(s, rng, ctx, bureau() ?? team(), s.day + int(rng, 0, 3));
    return done(s, school, profile);
  }

  s.act(s.day + int(rng, 0, 2), 'start_rectification', rng() < 0.3 ? { comment: '已落实临时管控措施，开始整改。' } : {}, rectifier);
  if (grade === 'major' && rng() < 0.35 && bureau()) {
    const cost = Math.max(1, Math.round(fundsYuan / 10_000));
    s.act(s.day + int(rng, 1, 6), 'escalate', { note: `整改需资金约 ${cost} 万元，超出学校自身能力，报请区政府协调解决。` }, bureau()!);
  }
  if (plan.length > 0 && rng() < 0.7) {
    s.act(s.day + int(rng, 2, 8), 'add_progress', { milestoneIndex: 0, note: pick(rng, PROGRESS_NOTES), done: true }, rectifier);
  }

  // 延期申请 (asked before the due date), decided by the team or the bureau. An overdue
  // story keeps its new date in the past too; an open one keeps it ahead.
  if (rng() < (open ? 0.15 : 0.1) && s.day <= -3 && s.day < due && profile.dueInDays === undefined) {
    const requested = profile.overdue ? Math.min(due + int(rng, 7, 30), -2) : due + int(rng, 7, 30);
    const req = s.date(requested);
    const at = s.at(Math.min(s.day + int(rng, 1, 5), due, -2));
    if (requested > due && req >= shanghaiDate(at)) {
      s.apply(at, 'request_extension', { requestedDueDate: req, reason: pick(rng, DELAY_REASONS) }, rectifier);
      const decider = rng() < 0.6 ? supervisor() : (bureau() ?? supervisor());
      const decideAt = s.at(s.day + int(rng, 0, 3));
      if (rng() < 0.7 && shanghaiDate(decideAt) <= req) {
        s.apply(decideAt, 'approve_extension', { comment: '同意延期，请按新的时限完成整改。' }, decider);
        due = requested;
      } else {
        s.apply(decideAt, 'reject_extension', { reason: '延期理由不充分，请按原时限完成整改。' }, decider);
      }
    }
  }

  if (profile.state === 'rectifying') {
    // Some were sent back once already (退回整改).
    if (!profile.overdue && rng() < 0.2 && s.day <= -3) {
      s.act(s.day + int(rng, 1, 5), 'request_verification', { evidence: [after(0)], note: tpl.done }, rectifier, [after(0).fileId]);
      s.act(s.day + int(rng, 0, 2), 'return', { reason: pick(rng, RETURN_REASONS) }, supervisor());
    }
    overdueTail(s, rng, profile, rectifier, due);
    if (listed && !currentlyListed(s)) listIt(s, rng, ctx, bureau() ?? team(), s.day + int(rng, 0, 3));
    return done(s, school, profile);
  }

  // 提交验收: on time mostly; late ones explain first (逾期说明).
  const late = profile.state === 'closed' ? rng() < 0.15 && due <= -4 : profile.overdue === true && rng() < 0.6 && due <= -3;
  if (late) {
    const at = s.at(due + int(rng, 1, 3));
    s.apply(at, 'file_overdue_explanation', explanation(rng, at), rectifier);
    s.act(s.day + int(rng, 1, 8), 'request_verification', { evidence: [after(0)], note: tpl.done }, rectifier, [after(0).fileId]);
  } else {
    // On time when there is room before the due date (a waiting one: submitted lately).
    const last = profile.state === 'pending_verification' && !profile.overdue ? -int(rng, 1, 7) : Math.min(due, -2);
    const day = last > s.day ? s.day + int(rng, 1, last - s.day) : s.day;
    s.act(day, 'request_verification', { evidence: [after(0)], note: tpl.done }, rectifier, [after(0).fileId]);
  }
  if (profile.state === 'pending_verification') {
    if (listed && !currentlyListed(s)) listIt(s, rng, ctx, bureau() ?? team(), s.day);
    return done(s, school, profile);
  }

  // 退回整改 and resubmission, then 验收销号 by someone other than the rectifier.
  if (rng() < 0.12) {
    s.act(s.day + int(rng, 1, 3), 'return', { reason: pick(rng, RETURN_REASONS) }, supervisor());
    s.act(s.day + int(rng, 1, 7), 'request_verification', { evidence: [after(1)], note: `已按验收意见重新整改：${tpl.done}` }, rectifier, [after(1).fileId]);
  }
  if (listed && !currentlyListed(s)) listIt(s, rng, ctx, bureau() ?? team(), s.day);
  const otherAdmin = school.admins.find((a) => a.userId !== rectifier.person.userId);
  const schoolMayClose = grade === 'general' && !currentlyListed(s) && otherAdmin !== undefined;
  const closer: Who = schoolMayClose && rng() < 0.25 ? { person: otherAdmin, role: 'school_admin' } : supervisor();
  s.act(s.day + int(rng, 1, 7), 'close', { comment: pick(rng, CLOSE_COMMENTS) }, closer);
  return done(s, school, profile);
}

function currentlyListed(s: Story): boolean {
  const l = s.hazard.listings[s.hazard.listings.length - 1];
  return l !== undefined && l.delistedAt === null;
}

function listIt(s: Story, rng: Rng, ctx: GenContext, by: Who, offset: number): void {
  const at = s.at(offset);
  const reason = isHazardOverdue(s.hazard, at)
    ? '逾期未完成整改，区教育局挂牌督办，请限期整改到位。'
    : s.hazard.grade === 'major'
      ? '重大隐患，区教育局挂牌督办，请落实管控措施并限期整改。'
      : pick(rng, ['督查发现问题整改不力，挂牌督办。', '同类问题反复出现，挂牌督办。']);
  s.apply(at, 'list', { supervisingUnitId: ctx.bureau.unitId, reason }, by);
}

/** A 逾期说明 filed at `at`, with a new plan from that day on. */
function explanation(rng: Rng, at: Date): HazardActionInputs['file_overdue_explanation'] {
  const from = shanghaiDate(at);
  return {
    reason: pick(rng, DELAY_REASONS),
    plan: [
      { title: '落实剩余整改', dueDate: addDays(from, int(rng, 5, 15)) },
      { title: '学校自查，提交验收', dueDate: addDays(from, int(rng, 16, 30)) },
    ],
  };
}

/** An open hazard past its due date: about half have filed their 逾期说明. */
function overdueTail(s: Story, rng: Rng, profile: HazardProfile, rectifier: Who, due: number): void {
  if (!profile.overdue || due > -2 || rng() < 0.5) return;
  const at = s.at(due + int(rng, 1, 4));
  if (isHazardOverdue(s.hazard, at)) s.apply(at, 'file_overdue_explanation', explanation(rng, at), rectifier);
}

function done(s: Story, school: GenSchool, profile: HazardProfile): GeneratedHazard {
  const doc = s.hazard;
  return { doc, events: s.events, projection: projectHazard(doc, { path: school.path, schoolId: school.id }), school, profile };
}
