import { sql } from 'kysely';
import { addDays, shanghaiDate, type GuardCheckResult, type GuardEmployment, type GuardPost } from '@xiaoan/domain';
import type { DbOrTrx } from '../db/database.js';

/**
 * The demo district's guards registry (保安员台账) and every school's security profile (学校安防情况),
 * deterministic, so that the four 100 % indicators are believable and not all 100 %: most schools
 * have their full-time guards, a closed campus, the one-key alarm and video linked to the police and
 * their 护学岗 staffed; some are short of guards (a certificate expired, a background check still
 * pending, one post vacant), a few run an open campus, a few have a system not yet linked, a few a
 * 护学岗 unstaffed, and two never filled the profile in. 华润小学 is short one guard (of its two, one's certificate
 * lapsed three days ago, which the daily watch turns into a hazard); several certificates
 * expire within the month (reminders).
 */

const SURNAMES = ['张', '王', '李', '赵', '陈', '刘', '杨', '黄', '周', '吴', '徐', '孙', '朱', '马', '胡', '郭', '何', '高', '林', '钱'];
const GIVEN = ['建国', '卫东', '志强', '国平', '海军', '永明', '立新', '保华', '长青', '德胜', '春生', '金龙', '军', '勇', '刚', '斌', '伟', '强', '明', '华'];
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A valid 18-digit ID number of 天宁区 (320402) for the n-th demo guard, born 1965–1994. */
export function demoIdNumber(n: number): string {
  const year = 1965 + (n % 30);
  const month = 1 + (n % 12);
  const day = 1 + ((n * 7) % 28);
  const seq = String(100 + (n % 900)).padStart(3, '0');
  const body = `320402${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${seq}`;
  const sum = [...body].reduce((s, ch, i) => s + Number(ch) * W[i]!, 0);
  return body + '10X98765432'[sum % 11];
}

type School = { id: string; name: string; path: string; school_kind: string | null };
type GuardSeed = { name: string; employment: GuardEmployment; post: GuardPost; expires: string; issued: string; bg: GuardCheckResult; review: GuardCheckResult };

export async function seedDemoGuards(trx: DbOrTrx, opts: { now?: Date } = {}): Promise<{ schools: number; profiles: number; guards: number; expiring: number; expired: number }> {
  const today = shanghaiDate(opts.now ?? new Date());
  const year = Number(today.slice(0, 4));
  const schools = (
    await sql<School>`SELECT id, name, path::text AS path, school_kind FROM unit WHERE kind = 'school' AND status = 'active' ORDER BY id`.execute(trx)
  ).rows;
  let n = 0;
  let profiles = 0;
  let expiring = 0;
  let expired = 0;
  const guardRows: Record<string, unknown>[] = [];
  const profileRows: Record<string, unknown>[] = [];
  schools.forEach((s, i) => {
    const kindergarten = s.school_kind === 'kindergarten';
    const middle = s.school_kind === 'middle' || s.school_kind === 'nine_year' || s.school_kind === 'high';
    const required = kindergarten ? 1 : middle ? 3 : 2;
    const huarun = s.name === '华润小学';
    const seeds: GuardSeed[] = [];
    // One post vacant at some schools (short by one).
    const present = i % 16 === 3 && !huarun ? required - 1 : required;
    for (let k = 0; k < present; k += 1) {
      n += 1;
      const name = `${SURNAMES[(n * 3) % SURNAMES.length]}${GIVEN[(n * 7 + k) % GIVEN.length]}`;
      const issued = addDays(today, -(300 + ((n * 37) % 1200)));
      let expires = addDays(today, 200 + ((n * 53) % 900));
      let bg: GuardCheckResult = 'pass';
      if (huarun && k === 0) expires = addDays(today, -3);
      else if (i % 27 === 7 && k === 0) expires = addDays(today, -12);
      else if (i % 10 === 1 && k === 0) expires = addDays(today, 5 + (i % 20));
      if (i % 37 === 10 && k === present - 1) bg = 'pending';
      seeds.push({ name, employment: 'full_time', post: k === 0 ? 'gate' : k === 1 ? 'patrol' : 'monitoring', expires, issued: expires < issued ? addDays(expires, -1000) : issued, bg, review: i % 31 === 12 && k === 0 ? 'pending' : 'pass' });
    }
    // A part-time helper at the bigger schools (does not count).
    if (i % 5 === 2) {
      n += 1;
      seeds.push({ name: `${SURNAMES[(n * 3) % SURNAMES.length]}${GIVEN[(n * 7) % GIVEN.length]}`, employment: 'part_time', post: 'escort', expires: addDays(today, 400 + (n % 300)), issued: addDays(today, -500), bg: 'pass', review: 'pass' });
    }
    for (const g of seeds) {
      if (g.expires < today) expired += 1;
      else if (g.expires <= addDays(today, 30)) expiring += 1;
      guardRows.push({
        unit_id: s.id,
        unit_path: s.path,
        name: g.name,
        id_number: demoIdNumber(guardRows.length + 1),
        phone: `139${String(10_000_000 + guardRows.length * 7919).slice(-8)}`,
        employment: g.employment,
        post: g.post,
        certificate_no: `苏公保证字第${320400100000 + guardRows.length * 13}号`,
        certificate_issued_on: g.issued,
        certificate_expires_on: g.expires,
        background_check_on: g.bg === 'pending' ? null : addDays(g.issued, -20),
        background_check_result: g.bg,
        annual_review_year: g.review === 'pending' ? null : year,
        annual_review_result: g.review,
      });
    }
    if (i % 40 === 39) return; // never filled in
    profiles += 1;
    const escortRequired = kindergarten ? 1 : 2;
    profileRows.push({
      unit_id: s.id,
      unit_path: s.path,
      required_guards: required,
      closed_campus: i % 20 !== 6,
      alarm_linked: i % 26 !== 2,
      video_linked: i % 31 !== 8,
      escort_posts_required: escortRequired,
      escort_posts_staffed: i % 15 === 4 ? escortRequired - 1 : escortRequired,
      note: i % 20 === 6 ? '校园改扩建施工，临时围挡未闭合，施工期间开放侧门' : '',
    });
  });
  for (let k = 0; k < guardRows.length; k += 500) await trx.insertInto('guard').values(guardRows.slice(k, k + 500) as never).execute();
  if (profileRows.length) await trx.insertInto('school_security_profile').values(profileRows as never).execute();
  return { schools: schools.length, profiles, guards: guardRows.length, expiring, expired };
}
