import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, buildFile, buildUser, type District } from '../../../test/factories.js';
import { contextFor } from '../../../test/context.js';
import { getNotice, listNotices } from './notice.service.js';

/**
 * Notices (通报) through the API on a district of its own: the query kinds name the right
 * schools, a draft is edited and downloaded as Word (read back), issued, seen by the named
 * school only (its own row), answered, reviewed; bad input is refused with nothing written.
 */

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const daysFromToday = (n: number) => {
  const d = new Date(`${today()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

const commitments = (dueDate: string) => ({ owner: '王校长', measures: '立即维修', funds: 100, dueDate, contingencyPlan: '专人巡查' });

describe('notices: from a query to an answered record', () => {
  const t = useTestApp();
  let d: District;
  let staff: Client, leader: Client, memberA: Client, memberB: Client, adminA1: Client, staffA1: Client, adminB1: Client;
  let other: District;
  let otherStaff: Client;
  const hazards: Record<string, string> = {};

  const report = async (c: Client, unitId: string, title: string, v: { dueIn?: number; fixed?: string; foundDaysAgo?: number }) => {
    const res = await c.post('/api/hazards', {
      unitId,
      domain: 'fire',
      grade: 'general',
      source: 'self',
      title,
      description: `${title}，需整改`,
      location: '教学楼',
      foundAt: daysFromToday(-(v.foundDaysAgo ?? 90)),
      foundBy: '李华',
      ...(v.fixed ? { photoIds: [v.fixed], fixedOnSpot: { fixPhotoIds: [v.fixed] } } : { register: commitments(daysFromToday(v.dueIn ?? 14)) }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const h = (res.json() as { hazard: { id: string; version: number; state: string } }).hazard;
    if (v.fixed && h.state !== 'closed') {
      // 立行立改 waits for verification: the bureau verifies and closes it.
      const closed = await staff.post(`/api/hazards/${h.id}/close`, { version: h.version });
      expect(closed.statusCode, closed.body).toBe(200);
    }
    return h.id;
  };

  beforeAll(async () => {
    const db = t().tdb.db;
    d = await buildDistrict(db);
    other = await buildDistrict(db);
    const lg = (u: { username: string; password: string }) => login(t().app, u.username, u.password);
    [staff, leader, memberA, memberB, adminA1, staffA1, adminB1, otherStaff] = await Promise.all([
      lg(d.users.staff), lg(d.users.leader), lg(d.users.memberA), lg(d.users.memberB), lg(d.users.schoolAdminA1), lg(d.users.schoolStaffA1), lg(d.users.schoolAdminB1), lg(other.users.staff),
    ]);
    // A1: two hazards overdue 45 and 60 days; B1: one overdue 40 days and one only 10; A2: nothing overdue.
    hazards.a1a = await report(adminA1, d.schoolA1.id, '消防通道堵塞', { dueIn: -45 });
    hazards.a1b = await report(adminA1, d.schoolA1.id, '围墙裂缝', { dueIn: -60 });
    hazards.b1a = await report(adminB1, d.schoolB1.id, '配电箱未上锁', { dueIn: -40 });
    hazards.b1b = await report(adminB1, d.schoolB1.id, '楼梯扶手松动', { dueIn: -10 });
    // Another district's overdue hazard never appears in this district's notices.
    const otherAdmin = await lg(other.users.schoolAdminA1);
    await report(otherAdmin, other.schoolA1.id, '外区隐患', { dueIn: -90 });
    // Rectification: B2 closes 3 of 3 (fixed on the spot), A2 1 of 3.
    const adminA2 = await lg(await buildUser(db, { role: 'school_admin', unitId: d.schoolA2.id }));
    const adminB2 = await lg(await buildUser(db, { role: 'school_admin', unitId: d.schoolB2.id }));
    const photoB2 = await buildFile(db, { unitId: d.schoolB2.id, uploadedBy: d.users.staff.id });
    const photoA2 = await buildFile(db, { unitId: d.schoolA2.id, uploadedBy: d.users.staff.id });
    for (const n of [1, 2, 3]) await report(adminB2, d.schoolB2.id, `乙二隐患${n}`, { fixed: photoB2, foundDaysAgo: 5 });
    await report(adminA2, d.schoolA2.id, '甲二隐患1', { fixed: photoA2, foundDaysAgo: 5 });
    await report(adminA2, d.schoolA2.id, '甲二隐患2', { dueIn: 10, foundDaysAgo: 5 });
    await report(adminA2, d.schoolA2.id, '甲二隐患3', { dueIn: 10, foundDaysAgo: 5 });
  });

  it('overdue_hazards names the schools with hazards overdue more than 30 days, each hazard a fact with its days', async () => {
    const res = await staff.post('/api/notices/query-preview', { kind: 'overdue_hazards' });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json() as { units: { unitId: string; facts: { hazardId: string; daysOverdue: number }[] }[] };
    expect(p.units.map((u) => u.unitId)).toEqual([d.schoolA1.id, d.schoolB1.id]);
    const a1 = p.units[0]!;
    expect(a1.facts.map((f) => [f.hazardId, f.daysOverdue]).sort()).toEqual([[hazards.a1a, 45], [hazards.a1b, 60]].sort());
    expect(p.units[1]!.facts.map((f) => f.hazardId)).toEqual([hazards.b1a]);
    // A lower threshold takes B1's 10-day hazard too; a higher one leaves only A1.
    const low = (await staff.post('/api/notices/query-preview', { kind: 'overdue_hazards', params: { minDaysOverdue: 5 } })).json() as typeof p;
    expect(low.units.find((u) => u.unitId === d.schoolB1.id)!.facts).toHaveLength(2);
    const high = (await staff.post('/api/notices/query-preview', { kind: 'overdue_hazards', params: { minDaysOverdue: 50 } })).json() as typeof p;
    expect(high.units.map((u) => u.unitId)).toEqual([d.schoolA1.id]);
  });

  it('best_rectification ranks by closed ÷ found among schools with enough hazards', async () => {
    const res = await staff.post('/api/notices/query-preview', { kind: 'best_rectification', params: { from: daysFromToday(-10), to: today(), minHazards: 3, top: 5 } });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json() as { units: { unitId: string; facts: { found: number; closed: number; rate: number }[] }[] };
    expect(p.units.map((u) => u.unitId)).toEqual([d.schoolB2.id, d.schoolA2.id]);
    expect(p.units[0]!.facts[0]).toMatchObject({ found: 3, closed: 3, rate: 1 });
    expect(p.units[1]!.facts[0]).toMatchObject({ found: 3, closed: 1, rate: 0.3333 });
  });

  it('missed_reports names the schools that never submitted a due period, through the reports feature', async () => {
    const db = t().tdb.db;
    // A monthly school report, owed since long ago; last month is past due and nobody submitted.
    await db.updateTable('unit').set({ reporting_from: '2020-01-01' }).where('id', 'in', [d.schoolA1.id, d.schoolA2.id, d.schoolB1.id, d.schoolB2.id]).execute();
    const created = await staff.post('/api/report-types', {
      code: `notice-month-${d.tag}`,
      name: '月度隐患清单',
      periodKind: 'monthly',
      dueRule: { kind: 'day_of_next_month', day: 1 },
      submitterKind: 'school',
      template: [{ key: 'note', kind: 'narrative', label: '说明', required: false }],
      startsOn: '2020-01-01',
    });
    expect(created.statusCode, created.body).toBe(201);
    const typeId = (created.json() as { id: string }).id;
    const res = await staff.post('/api/notices/query-preview', { kind: 'missed_reports', params: { reportTypeId: typeId } });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json() as { params: { period: string }; units: { unitId: string; facts: { reportTypeId: string; periodKey: string }[] }[] };
    expect(p.units.map((u) => u.unitId).sort()).toEqual([d.schoolA1.id, d.schoolA2.id, d.schoolB1.id, d.schoolB2.id].sort());
    expect(p.units[0]!.facts[0]).toMatchObject({ reportTypeId: typeId, periodKey: p.params.period });
    // Another district's report type is not found.
    expect((await otherStaff.post('/api/notices/query-preview', { kind: 'missed_reports', params: { reportTypeId: typeId } })).statusCode).toBe(404);
  });

  it('refuses bad input with clear Chinese messages and writes nothing', async () => {
    const db = t().tdb.db;
    const count = async () => Number((await db.selectFrom('notice').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const none = await staff.post('/api/notices/draft-from-query', { kind: 'overdue_hazards', params: { minDaysOverdue: 3000 } });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toContain('units: ');
    expect(none.json().error.message).toContain('没有点名任何单位');
    const past = await staff.post('/api/notices/draft-from-query', { kind: 'overdue_hazards', answerDueDate: daysFromToday(-1) });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.message).toContain('answerDueDate: 整改报告截止日期不能早于印发日期');
    const noDates = await staff.post('/api/notices/draft-from-query', { kind: 'best_rectification', params: {} });
    expect(noDates.statusCode).toBe(400);
    expect(noDates.json().error.message).toContain('params.from');
    expect(await count()).toBe(before);
    // Only bureau staff draft.
    expect((await adminA1.post('/api/notices/draft-from-query', { kind: 'overdue_hazards' })).statusCode).toBe(403);
    expect((await leader.post('/api/notices/draft-from-query', { kind: 'overdue_hazards' })).statusCode).toBe(403);
  });

  it('drafts, edits, downloads, issues; the named school sees its own row only; answers are reviewed', async () => {
    const created = await staff.post('/api/notices/draft-from-query', { kind: 'overdue_hazards' });
    expect(created.statusCode, created.body).toBe(201);
    let n = created.json();
    expect(n.status).toBe('draft');
    expect(n.docNumber).toMatch(/^测教安〔\d{4}〕\d+号$/);
    expect(n.title).toContain('安全隐患逾期未整改');
    expect(n.body).toContain(d.schoolA1.name);
    expect(n.units.map((u: { unitId: string }) => u.unitId)).toEqual([d.schoolA1.id, d.schoolB1.id]);
    expect(n.allowedActions).toEqual(expect.arrayContaining(['update', 'issue', 'download']));

    // Drafts are the bureau's: a school, a team and another district see nothing.
    expect((await adminA1.get(`/api/notices/${n.id}`)).statusCode).toBe(404);
    expect((await memberA.get(`/api/notices/${n.id}`)).statusCode).toBe(404);
    expect((await otherStaff.get(`/api/notices/${n.id}`)).statusCode).toBe(404);
    expect((await adminA1.get('/api/notices')).json().total).toBe(0);
    expect((await leader.get(`/api/notices/${n.id}`)).statusCode).toBe(200);

    // Editing: an empty title, no units, a past due date are refused and change nothing.
    const empty = await staff.put(`/api/notices/${n.id}`, { version: n.version, title: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('title: 标题不能为空');
    const noUnits = await staff.put(`/api/notices/${n.id}`, { version: n.version, units: [] });
    expect(noUnits.statusCode).toBe(400);
    expect(noUnits.json().error.message).toContain('units: 通报须至少点名一个单位');
    const pastDue = await staff.put(`/api/notices/${n.id}`, { version: n.version, answerDueDate: daysFromToday(-3) });
    expect(pastDue.statusCode).toBe(400);
    expect((await staff.get(`/api/notices/${n.id}`)).json().version).toBe(n.version);

    const saved = await staff.put(`/api/notices/${n.id}`, {
      version: n.version,
      title: '关于部分学校安全隐患逾期未整改的通报',
      docNumber: '测教安〔2026〕7号',
      answerDueDate: daysFromToday(20),
      units: [{ unitId: d.schoolA1.id, summary: '两条隐患逾期一个半月以上' }, { unitId: d.schoolB1.id, summary: n.units[1].summary }],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    n = saved.json();
    expect(n.version).toBe(2);
    expect(n.units[0].summary).toBe('两条隐患逾期一个半月以上');
    expect((await staff.put(`/api/notices/${n.id}`, { version: 1, title: '旧版本' })).statusCode).toBe(409);

    // The Word document: government form, read back from word/document.xml.
    const doc = await staff.get(`/api/notices/${n.id}/document.docx`);
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toContain('wordprocessingml');
    const xml = await (await JSZip.loadAsync(doc.rawPayload)).file('word/document.xml')!.async('string');
    for (const s of ['关于部分学校安全隐患逾期未整改的通报', '测教安〔2026〕7号', d.schoolA1.name, d.schoolB1.name, d.bureau.name, '草稿']) expect(xml).toContain(s);
    expect(xml).toContain('w:jc w:val="center"');
    expect(xml).toContain('w:jc w:val="right"');

    // Issue: a record from now on; the named schools' admins are told.
    const issued = await staff.post(`/api/notices/${n.id}/issue`, { version: n.version });
    expect(issued.statusCode, issued.body).toBe(200);
    n = issued.json();
    expect(n.status).toBe('issued');
    expect(n.issueDate).toBe(today());
    expect(n.answers.awaiting).toBe(2);
    const again = await staff.put(`/api/notices/${n.id}`, { version: n.version, title: '改标题' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('已印发');
    expect((await staff.post(`/api/notices/${n.id}/issue`, { version: n.version })).statusCode).toBe(409);
    const notes = (await adminA1.get('/api/notifications')).json() as { items: { kind: string; title: string }[] };
    expect(notes.items.some((x) => x.kind === 'notice_issued' && x.title.includes('关于部分学校安全隐患逾期未整改的通报'))).toBe(true);

    // The school sees it with only its own row and facts; another school's facts never show.
    const mine = (await adminA1.get(`/api/notices/${n.id}`)).json();
    expect(mine.units.map((u: { unitId: string }) => u.unitId)).toEqual([d.schoolA1.id]);
    expect(mine.units[0].facts.map((f: { hazardId: string }) => f.hazardId).sort()).toEqual([hazards.a1a, hazards.a1b].sort());
    expect(JSON.stringify(mine)).not.toContain(`"hazardId":"${hazards.b1a}"`);
    expect(JSON.stringify(mine)).not.toContain(d.schoolB1.id === mine.units[0].unitId ? "never" : `"unitId":"${d.schoolB1.id}"`);
    expect(mine.allowedActions).toContain('answer');
    expect((await staffA1.get(`/api/notices/${n.id}`)).json().allowedActions).not.toContain('answer');
    const list = (await adminA1.get('/api/notices')).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ id: n.id, unitCount: 1, myAnswer: 'awaiting' });
    const teamView = (await memberA.get(`/api/notices/${n.id}`)).json();
    expect(teamView.units.map((u: { unitId: string }) => u.unitId)).toEqual([d.schoolA1.id]);
    expect((await memberB.get(`/api/notices/${n.id}`)).json().units.map((u: { unitId: string }) => u.unitId)).toEqual([d.schoolB1.id]);
    const schoolDoc = await adminA1.get(`/api/notices/${n.id}/document.docx`);
    const schoolXml = await (await JSZip.loadAsync(schoolDoc.rawPayload)).file('word/document.xml')!.async('string');
    expect(schoolXml).toContain(d.schoolA1.name);
    // The body is the notice as issued (it names every unit); the table holds only the school's own row.
    expect(schoolXml.match(/<w:tr>/g)).toHaveLength(2);
    expect(xml.match(/<w:tr>/g)).toHaveLength(3);

    // Answer: text required; files must be in scope; then submitted, not again until returned.
    expect((await adminA1.post(`/api/notices/${n.id}/answer`, { text: ' ' })).statusCode).toBe(400);
    const foreign = await buildFile(t().tdb.db, { unitId: d.schoolB1.id, uploadedBy: d.users.schoolAdminB1.id });
    expect((await adminA1.post(`/api/notices/${n.id}/answer`, { text: '已整改', fileIds: [foreign] })).statusCode).toBe(400);
    const file = await buildFile(t().tdb.db, { unitId: d.schoolA1.id, uploadedBy: d.users.schoolAdminA1.id, kind: 'document' });
    const answered = await adminA1.post(`/api/notices/${n.id}/answer`, { text: '已疏通消防通道，围墙已加固。', fileIds: [file] });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().units[0].answer).toMatchObject({ state: 'submitted', text: '已疏通消防通道，围墙已加固。', overdue: false });
    expect(answered.json().units[0].answer.files.map((f: { id: string }) => f.id)).toEqual([file]);
    expect((await adminA1.post(`/api/notices/${n.id}/answer`, { text: '再报' })).statusCode).toBe(409);
    // B1 cannot see A1's answer; the bureau sees both rows.
    expect(JSON.stringify((await adminB1.get(`/api/notices/${n.id}`)).json())).not.toContain('已疏通消防通道');
    const bureauView = (await staff.get(`/api/notices/${n.id}`)).json();
    expect(bureauView.answers).toMatchObject({ submitted: 1, awaiting: 1 });

    // Review: return needs a comment; returned → resubmitted → accepted.
    expect((await staff.post(`/api/notices/${n.id}/answers/return`, { unitId: d.schoolA1.id })).statusCode).toBe(400);
    expect((await staff.post(`/api/notices/${n.id}/answers/return`, { unitId: d.schoolA1.id, comment: '请补充整改照片' })).json().units[0].answer.state).toBe('returned');
    // The school is told that, and why, its report came back.
    const back = ((await adminA1.get('/api/notifications')).json() as { items: { kind: string; title: string; body: string }[] }).items.filter((x) => x.kind === 'notice_answer_returned');
    expect(back).toHaveLength(1);
    expect(back[0]!.body).toContain('请补充整改照片');
    expect(((await adminB1.get('/api/notifications')).json() as { items: { kind: string }[] }).items.some((x) => x.kind === 'notice_answer_returned')).toBe(false);
    expect((await adminA1.post(`/api/notices/${n.id}/answer`, { text: '补充了整改照片', fileIds: [file] })).statusCode).toBe(200);
    expect((await staff.post(`/api/notices/${n.id}/answers/accept`, { unitId: d.schoolB1.id })).statusCode).toBe(409);
    const accepted = await staff.post(`/api/notices/${n.id}/answers/accept`, { unitId: d.schoolA1.id });
    expect(accepted.json().units[0].answer.state).toBe('accepted');
    expect((await otherStaff.post(`/api/notices/${n.id}/answers/accept`, { unitId: d.schoolA1.id })).statusCode).toBe(404);
  });

  it('counts an answer not submitted by its due date as overdue, for the bureau', async () => {
    const db = t().tdb.db;
    const created = (await staff.post('/api/notices/draft-from-query', { kind: 'overdue_hazards', unitIds: [d.schoolB1.id], answerDueDate: daysFromToday(3) })).json();
    expect(created.units.map((u: { unitId: string }) => u.unitId)).toEqual([d.schoolB1.id]);
    await staff.post(`/api/notices/${created.id}/issue`, { version: created.version });
    const ctx = await contextFor(db, d.users.staff, { role: 'bureau_staff', unitId: d.bureau.id, requestId: 'overdue-test' });
    const later = new Date(Date.now() + 5 * 86_400_000);
    const detail = await getNotice(db, ctx, created.id, later);
    expect(detail.answers.overdue).toBe(1);
    expect(detail.units[0]!.answer).toMatchObject({ state: 'awaiting', overdue: true });
    const overdue = await listNotices(db, ctx, { answerOverdue: true }, later);
    expect(overdue.items.map((x) => x.id)).toContain(created.id);
    expect((await listNotices(db, ctx, { answerOverdue: true })).items.map((x) => x.id)).not.toContain(created.id);
  });
});
