import { sql } from 'kysely';
import { addDays, planRevisionDue, idNumberCheck, semesterOf, shanghaiDate, type BuildingGrade, type BuildingStructure, type BuildingUse, type CanteenPost, type DrillKind, type PlanKind } from '@xiaoan/domain';
import type { Trx } from '../db/database.js';
import { openDangerousBuildingHazard } from '../features/site/building.service.js';

/**
 * The demo district's site registries, deterministic: every school's buildings with their
 * appraisal grade (mostly A and B, some C, one D-grade building still in use at 红梅实验小学 —
 * or the 12th school when that name is absent — whose major hazard is opened and listed at once,
 * and one D-grade building already closed), its emergency plans (some due for revision within the
 * month, a few past due), this and last semester's drills (a few schools without one this
 * semester), its canteen with staff and health certificates (some expiring within 30 days, a
 * few expired: the daily watch reminds and opens hazards) and whether it is a 阳光食堂.
 */

type School = { id: string; name: string; path: string; school_kind: string | null };

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN = ['秀英', '桂芳', '建华', '红梅', '国强', '丽娟', '海燕', '志刚', '玉兰', '春燕', '永红', '小平', '凤英', '德明', '美玲', '金花'];

function idNumber(n: number): string {
  const year = 1968 + (n % 32);
  const body = `320402${year}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + ((n * 11) % 28)).padStart(2, '0')}${String(200 + (n % 700)).padStart(3, '0')}`;
  return body + idNumberCheck(body);
}

type BuildingSeed = { name: string; use: BuildingUse; floors: number; built: number; structure: BuildingStructure; area: number; grade: BuildingGrade; inUse: boolean };

export async function seedDemoSite(trx: Trx, opts: { now?: Date } = {}): Promise<{ schools: number; buildings: number; dangerous: number; plans: number; plansDue: number; drills: number; staff: number; expiring: number; expired: number; brightKitchens: number; canteens: number }> {
  const now = opts.now ?? new Date();
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  const term = semesterOf(today);
  const lastTerm = semesterOf(addDays(term.from, -1));
  const schools = (await sql<School>`SELECT id, name, path::text AS path, school_kind FROM unit WHERE kind = 'school' AND status = 'active' ORDER BY id`.execute(trx)).rows;
  const dangerousAt = schools.find((s) => s.name === '红梅实验小学') ?? schools[Math.min(11, schools.length - 1)];
  const out = { schools: schools.length, buildings: 0, dangerous: 0, plans: 0, plansDue: 0, drills: 0, staff: 0, expiring: 0, expired: 0, brightKitchens: 0, canteens: 0 };
  const buildings: Record<string, unknown>[] = [];
  const plans: Record<string, unknown>[] = [];
  const drills: Record<string, unknown>[] = [];
  const staff: Record<string, unknown>[] = [];
  const profiles: Record<string, unknown>[] = [];
  let person = 0;
  schools.forEach((s, i) => {
    const kindergarten = s.school_kind === 'kindergarten';
    const middle = s.school_kind === 'middle' || s.school_kind === 'nine_year' || s.school_kind === 'high';
    const appraised = (k: number) => addDays(today, -(60 + ((i * 97 + k * 41) % 900)));
    const seeds: BuildingSeed[] = [
      { name: kindergarten ? '幼儿活动楼' : '1号教学楼', use: 'teaching', floors: kindergarten ? 3 : 5, built: 1995 + (i % 25), structure: 'frame', area: 4200 + (i % 9) * 310, grade: i % 6 === 0 ? 'B' : 'A', inUse: true },
      { name: '综合楼', use: 'office', floors: 4, built: 1990 + (i % 28), structure: i % 4 === 0 ? 'brick_concrete' : 'frame', area: 2600 + (i % 7) * 180, grade: i % 9 === 4 ? 'C' : i % 3 === 0 ? 'B' : 'A', inUse: true },
    ];
    if (!kindergarten) seeds.push({ name: '食堂', use: 'canteen', floors: 2, built: 2000 + (i % 22), structure: 'frame', area: 1500 + (i % 5) * 120, grade: 'A', inUse: true });
    if (middle) seeds.push({ name: '学生宿舍楼', use: 'dormitory', floors: 6, built: 2003 + (i % 18), structure: 'frame', area: 5200, grade: i % 5 === 1 ? 'B' : 'A', inUse: true });
    if (i % 4 === 1) seeds.push({ name: '体育馆', use: 'gym', floors: 1, built: 2008 + (i % 14), structure: 'steel', area: 1800, grade: 'A', inUse: true });
    if (s.id === dangerousAt?.id) seeds.push({ name: '老教学楼', use: 'teaching', floors: 3, built: 1976, structure: 'brick_wood', area: 1350, grade: 'D', inUse: true });
    if (i === 30 % Math.max(1, schools.length)) seeds.push({ name: '旧实验楼', use: 'lab', floors: 2, built: 1972, structure: 'brick_wood', area: 860, grade: 'D', inUse: false });
    seeds.forEach((b, k) => {
      buildings.push({ school_id: s.id, unit_path: s.path, name: b.name, use: b.use, floors: b.floors, built_year: Math.min(b.built, year - 1), structure: b.structure, area_m2: b.area, grade: b.grade, appraised_on: appraised(k), report_no: `常天房鉴〔${year - 1 - (k % 2)}〕${String(100 + ((i * 7 + k) % 800))}号`, in_use: b.inUse });
    });

    // Emergency plans: a comprehensive one and the special ones; revision dates spread so a few fall due this month.
    const planKinds: PlanKind[] = ['comprehensive', 'fire', 'earthquake', 'food', kindergarten ? 'intrusion' : 'drowning'];
    planKinds.forEach((kind, k) => {
      let revised = addDays(today, -(40 + ((i * 53 + k * 71) % 300)));
      if (k === 1 && i % 8 === 2) revised = addDays(today, -(365 - 5 - (i % 20)));
      if (k === 3 && i % 13 === 6) revised = addDays(today, -(365 + 20 + (i % 40)));
      const due = planRevisionDue({ revisedOn: revised, revisionMonths: 12 });
      if (due <= addDays(today, 30)) out.plansDue += 1;
      const titles: Record<PlanKind, string> = { comprehensive: '学校突发事件总体应急预案', fire: '火灾事故应急预案', earthquake: '地震灾害应急疏散预案', food: '食物中毒事件应急预案', intrusion: '防暴力入侵应急预案', drowning: '防溺水应急预案', flood: '防汛防台应急预案', epidemic: '传染病疫情应急预案', bullying: '校园欺凌事件处置预案', traffic: '交通事故应急预案', other: '专项应急预案' };
      plans.push({ school_id: s.id, unit_path: s.path, title: titles[kind], kind, version_label: `V${2 + ((i + k) % 3)}`, issued_on: addDays(revised, -(365 * (1 + (k % 3)))), revised_on: revised, revision_months: 12, revision_due_on: due, owner_name: k === 0 ? '校长' : '分管安全副校长' });
    });

    // Drills: two last semester; this semester one or two, none at every eleventh school.
    const drillKinds: DrillKind[] = ['fire_evacuation', 'earthquake', kindergarten ? 'intrusion' : 'food'];
    const add = (heldOn: string, kind: DrillKind, k: number) => {
      if (heldOn > today) return;
      const pupils = kindergarten ? 180 + (i % 6) * 30 : middle ? 900 + (i % 10) * 80 : 600 + (i % 12) * 60;
      const labels: Record<DrillKind, string> = { fire_evacuation: '消防应急疏散演练', earthquake: '防震减灾疏散演练', intrusion: '防暴反恐应急演练', food: '食物中毒应急处置演练', flood: '防汛防台演练', epidemic: '传染病防控演练', drowning: '防溺水应急演练', other: '应急演练' };
      drills.push({ school_id: s.id, unit_path: s.path, title: labels[kind], kind, held_on: heldOn, participants: pupils + 40, duration_minutes: 15 + ((i + k) % 4) * 5, rating: (i + k) % 9 === 0 ? 'fair' : (i + k) % 3 === 0 ? 'excellent' : 'good', evaluation: k % 2 === 0 ? '全体师生按预定路线有序疏散，用时符合要求；个别班级楼梯口衔接不畅，下次演练前重新划分疏散批次。' : '指挥有序、分工明确；广播指令清晰，部分学生防护动作不规范，已在班会课上补讲。' });
    };
    add(addDays(lastTerm.from, 20 + (i % 30)), 'fire_evacuation', 0);
    add(addDays(lastTerm.from, 80 + (i % 40)), drillKinds[1]!, 1);
    if (i % 11 !== 5) {
      add(addDays(term.from, 8 + (i % 25)), 'fire_evacuation', 2);
      if (i % 3 === 0) add(addDays(term.from, 45 + (i % 30)), drillKinds[2]!, 3);
    }

    // The canteen: kindergartens at every third school have none; the rest are 阳光食堂 but a few.
    const hasCanteen = !(kindergarten && i % 3 === 0);
    const bright = hasCanteen && i % 9 !== 4 && i % 14 !== 8;
    profiles.push({ school_id: s.id, unit_path: s.path, has_canteen: hasCanteen, bright_kitchen: bright, bright_kitchen_since: bright ? addDays(today, -(200 + (i % 500))) : null });
    if (hasCanteen) out.canteens += 1;
    if (bright) out.brightKitchens += 1;
    if (!hasCanteen) return;
    const posts: CanteenPost[] = ['manager', 'safety', 'cook', 'cook', 'helper', 'server', ...(middle ? (['cook', 'helper', 'server', 'buyer'] as CanteenPost[]) : (['helper'] as CanteenPost[]))];
    posts.forEach((post, k) => {
      person += 1;
      const issued = addDays(today, -(20 + ((person * 29) % 330)));
      let expires = addDays(issued, 365);
      if (s.name === '华润小学' && k === 2) expires = addDays(today, 12);
      else if (i % 10 === 3 && k === 4) expires = addDays(today, 3 + (i % 20));
      else if (i % 17 === 8 && k === 3) expires = addDays(today, -(2 + (i % 5)));
      const certIssued = expires <= issued ? addDays(expires, -365) : issued;
      if (expires < today) out.expired += 1;
      else if (expires <= addDays(today, 30)) out.expiring += 1;
      staff.push({ school_id: s.id, unit_path: s.path, name: `${SURNAMES[(person * 7) % SURNAMES.length]}${GIVEN[(person * 5 + k) % GIVEN.length]}`, id_number: idNumber(person), post, phone: `137${String(10_000_000 + person * 6151).slice(-8)}`, cert_no: `JKZ${year}${String(person).padStart(5, '0')}`, cert_issued_on: certIssued, cert_expires_on: expires });
    });
  });
  const chunks = <T,>(rows: T[], n = 500) => Array.from({ length: Math.ceil(rows.length / n) }, (_, k) => rows.slice(k * n, (k + 1) * n));
  for (const c of chunks(buildings)) await trx.insertInto('building').values(c as never).execute();
  for (const c of chunks(plans)) await trx.insertInto('emergency_plan').values(c as never).execute();
  for (const c of chunks(drills)) await trx.insertInto('drill').values(c as never).execute();
  for (const c of chunks(staff)) await trx.insertInto('canteen_staff').values(c as never).execute();
  for (const c of chunks(profiles)) await trx.insertInto('canteen_profile').values(c as never).execute();
  out.buildings = buildings.length;
  out.plans = plans.length;
  out.drills = drills.length;
  out.staff = staff.length;
  // The D-grade building in use is a major hazard listed for supervision from the start.
  const dangerous = await trx.selectFrom('building').select(['id', 'school_id', 'name', 'use', sql<string>`appraised_on::text`.as('appraised_on'), 'report_no']).where('grade', '=', 'D').where('in_use', '=', true).execute();
  for (const b of dangerous) {
    await openDangerousBuildingHazard(trx, { id: b.id, schoolId: b.school_id, name: b.name, use: b.use, appraisedOn: b.appraised_on, reportNo: b.report_no }, now);
    out.dangerous += 1;
  }
  return out;
}
