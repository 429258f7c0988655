import { addDays, shanghaiDate } from '@xiaoan/domain';
import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import type { TalkLinkRow } from '../db/schema-talks.js';
import { insertTalk } from '../features/talks/talk.repository.js';

/**
 * Two admonition talks (约谈) of the demo district, from its generated ledger: the school with the
 * most overdue hazards was talked to six weeks ago and its follow-up found the commitments kept;
 * the next worst school was talked to last week and its follow-up is still ahead. Each links the
 * school's oldest overdue hazards. Run after the ledger (it reads the overdue hazards).
 */
export async function seedDemoTalks(trx: Trx, opts: { now?: Date } = {}): Promise<{ talks: number }> {
  const now = opts.now ?? new Date();
  const today = shanghaiDate(now);
  const bureau = await trx.selectFrom('unit').select(['id', sql<string>`path::text`.as('path')]).where('kind', '=', 'bureau').orderBy('id').limit(1).executeTakeFirstOrThrow();
  const staff = await trx
    .selectFrom('app_user')
    .select(['id', 'display_name', 'title'])
    .where('unit_id', '=', bureau.id)
    .where('role', '=', 'bureau_staff')
    .where('status', '=', 'active')
    .orderBy('id')
    .limit(2)
    .execute();
  if (staff.length === 0) return { talks: 0 };
  // Schools by overdue open hazards (due date passed), worst first.
  const worst = await trx
    .selectFrom('hazard as h')
    .innerJoin('unit as s', 's.id', 'h.school_id')
    .select(['s.id', 's.name', sql<string>`s.path::text`.as('path'), 's.safety_officer', sql<string>`count(*)`.as('n')])
    .where('h.state', 'in', ['registered', 'rectifying', 'pending_verification'])
    .where('h.due_date', '<', today)
    .where(sql<boolean>`s.path <@ ${bureau.path}::ltree`)
    .groupBy(['s.id', 's.name', 's.path', 's.safety_officer'])
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('s.id')
    .limit(2)
    .execute();
  const interviewers = staff.map((u) => ({ name: u.display_name, post: u.title ?? '教育局' }));
  const linksOf = async (schoolId: string): Promise<TalkLinkRow[]> =>
    (
      await trx
        .selectFrom('hazard')
        .select(['id', 'title'])
        .where('school_id', '=', schoolId)
        .where('state', 'in', ['registered', 'rectifying', 'pending_verification'])
        .where('due_date', '<', today)
        .orderBy('due_date')
        .orderBy('id')
        .limit(3)
        .execute()
    ).map((h) => ({ kind: 'hazard', id: h.id, label: h.title }));
  let talks = 0;
  for (const [i, s] of worst.entries()) {
    const links = await linksOf(s.id);
    const followedUp = i === 0;
    const heldOn = addDays(today, followedUp ? -42 : -7);
    const followUpDue = addDays(heldOn, followedUp ? 30 : 28);
    await insertTalk(trx, {
      bureau_unit_id: bureau.id,
      unit_id: s.id,
      department_id: null,
      unit_path: s.path,
      held_on: heldOn,
      status: followedUp ? 'followed_up' : 'held',
      reason: `隐患整改不力：截至约谈时有 ${s.n} 项隐患超过整改时限仍未销号，整改措施不实、进展未按要求报送。`,
      interviewees: JSON.stringify([
        { name: `${s.name}校长`, post: '校长（安全工作第一责任人）' },
        ...(s.safety_officer ? [{ name: s.safety_officer, post: '安全管理员' }] : []),
      ]),
      interviewers: JSON.stringify(interviewers),
      commitments: JSON.stringify([
        '逾期隐患逐项明确整改责任人、措施、资金、时限和预案',
        `${followUpDue} 前完成全部逾期隐患整改并提交验收`,
        '每周一报送整改进展，校长每周带队自查一次',
      ]),
      notes: '约谈指出该校隐患整改台账更新不及时、逾期隐患未填报逾期说明；学校表态将立即整改。',
      links: JSON.stringify(links),
      follow_up_due: followUpDue,
      follow_up_result: followedUp ? 'done' : null,
      follow_up_note: followedUp ? '回访核实：约谈所列逾期隐患已完成整改并提交验收，每周进展按时报送。' : '',
      followed_up_on: followedUp ? addDays(followUpDue, 1) : null,
      followed_up_by: followedUp ? staff[0]!.id : null,
      created_by: staff[0]!.id,
      created_at: new Date(`${heldOn}T10:00:00+08:00`),
      updated_at: new Date(`${followedUp ? addDays(followUpDue, 1) : heldOn}T16:00:00+08:00`),
    });
    talks++;
  }
  return { talks };
}
