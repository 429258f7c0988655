import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { periodAt, REPORT_TEMPLATES } from '@xiaoan/domain';
import { login, loginEach, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, buildFile, buildUnit, type District } from '../../../test/factories.js';
import { backdateDistrict, createType, months } from '../../../test/report-fixtures.js';

/**
 * Reporting upward through the real routes: the workflow (draft → submit → return → resubmit
 * → approve), scope (a school sees itself, a team its schools, another school's id is a 404
 * like an unknown one), completeness counts, locks and reopening, and the bad input list.
 */

type Detail = {
  submission: { id: string; state: string; storedState: string; version: number; currentVersion: number; onTime: boolean | null; unitId: string };
  versions: { versionNo: number; narrative: Record<string, string>; content: Record<string, unknown>; late: boolean }[];
  reviews: { decision: string; comment: string }[];
  changes: { key: string }[];
  draft: { narrative: Record<string, string> };
  preview: Record<string, unknown> | null;
  allowedActions: string[];
  locked: boolean;
};

describe('report submissions: workflow, scope and completeness', () => {
  const t = useTestApp();
  let d: District;
  let other: District;
  let c: Record<'staff' | 'leader' | 'memberA' | 'memberB' | 'schoolAdminA1' | 'schoolStaffA1' | 'schoolAdminB1', Client>;
  let monthly: string;
  const m = months();

  beforeAll(async () => {
    const db = t().tdb.db;
    d = await buildDistrict(db);
    other = await buildDistrict(db);
    await backdateDistrict(db, d);
    await backdateDistrict(db, other);
    c = await loginEach(t().app, d.users, ['staff', 'leader', 'memberA', 'memberB', 'schoolAdminA1', 'schoolStaffA1', 'schoolAdminB1']);
    monthly = (await createType(c.staff, { code: 'monthly-hazard-list', name: '每月隐患问题清单' })).id;
  });

  const start = async (client: Client, period: string, typeId = monthly, unitId?: string) => client.post('/api/report-submissions', { reportTypeId: typeId, period, ...(unitId ? { unitId } : {}) });

  it('lists the district’s report types with their rule text; another district does not see them', async () => {
    const res = await c.schoolAdminA1.get('/api/report-types');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { items: { id: string; code: string; periodKind: string; ruleText: string }[]; total: number };
    expect(body.items.find((i) => i.id === monthly)).toMatchObject({ code: 'monthly-hazard-list', periodKind: 'monthly' });
    expect(body.items.find((i) => i.id === monthly)!.ruleText).toContain('次月1日前报送');
    const o = await login(t().app, other.users.staff.username, other.users.staff.password);
    expect((await o.get(`/api/report-types/${monthly}`)).statusCode).toBe(404);
    expect(((await o.get('/api/report-types')).json() as { items: { id: string }[] }).items.some((i) => i.id === monthly)).toBe(false);
  });

  it('draft autosave → submit → return with a comment → resubmit is version 2 (version 1 still readable) → approve → resubmit refused 409', async () => {
    const started = await start(c.schoolStaffA1, m.current.key);
    expect(started.statusCode).toBe(201);
    let s = started.json() as Detail;
    expect(s.submission.state).toBe('draft');
    expect(s.preview).toHaveProperty('hazards');
    // Staff keep the draft; only the school admin submits.
    const saved = await c.schoolStaffA1.put(`/api/report-submissions/${s.submission.id}/draft`, { version: s.submission.version, narrative: { note: '本月无重大隐患' } });
    expect(saved.statusCode).toBe(200);
    s = saved.json() as Detail;
    expect(s.draft.narrative.note).toBe('本月无重大隐患');
    expect(s.allowedActions).toEqual(['save_draft']);
    expect((await c.schoolStaffA1.post(`/api/report-submissions/${s.submission.id}/submit`, { version: s.submission.version })).statusCode).toBe(403);
    // Starting again answers the same submission (200).
    const again = await start(c.schoolAdminA1, m.current.key);
    expect(again.statusCode).toBe(200);
    expect((again.json() as Detail).submission.id).toBe(s.submission.id);

    const v1 = await c.schoolAdminA1.post(`/api/report-submissions/${s.submission.id}/submit`, { version: s.submission.version });
    expect(v1.statusCode).toBe(200);
    s = v1.json() as Detail;
    expect(s.submission).toMatchObject({ state: 'submitted', currentVersion: 1, onTime: true });
    expect(s.versions[0]!.content).toHaveProperty('hazards');
    expect(s.preview).toBeNull();

    const noComment = await c.staff.post(`/api/report-submissions/${s.submission.id}/return`, { version: s.submission.version, comment: '  ' });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().error.message).toBe('comment: 退回须填写意见');
    const returned = await c.staff.post(`/api/report-submissions/${s.submission.id}/return`, { version: s.submission.version, comment: '请补充整改情况' });
    expect(returned.statusCode).toBe(200);
    s = returned.json() as Detail;
    expect(s.submission.state).toBe('returned');
    expect(s.reviews).toMatchObject([{ decision: 'return', comment: '请补充整改情况' }]);
    // The school's accounts are told, with the comment.
    const told = await t().tdb.db.selectFrom('notification').select(['user_id', 'title', 'body']).where('kind', '=', 'report_returned').execute();
    expect(told.map((n) => n.user_id).sort()).toEqual([d.users.schoolAdminA1.id, d.users.schoolStaffA1.id].sort());
    expect(told[0]!.body).toContain('请补充整改情况');

    const v2 = await c.schoolAdminA1.post(`/api/report-submissions/${s.submission.id}/submit`, { version: s.submission.version, narrative: { note: '已补充：消防通道已清理' } });
    expect(v2.statusCode).toBe(200);
    s = v2.json() as Detail;
    expect(s.versions.map((v) => v.versionNo)).toEqual([1, 2]);
    expect(s.versions[0]!.narrative.note).toBe('本月无重大隐患');
    expect(s.versions[1]!.narrative.note).toBe('已补充：消防通道已清理');
    expect(s.changes.map((x) => x.key)).toContain('note');

    const approved = await c.staff.post(`/api/report-submissions/${s.submission.id}/approve`, { version: s.submission.version });
    expect(approved.statusCode).toBe(200);
    s = approved.json() as Detail;
    expect(s.submission.state).toBe('approved');
    expect(s.allowedActions).toEqual([]);
    const resubmit = await c.schoolAdminA1.post(`/api/report-submissions/${s.submission.id}/submit`, { version: s.submission.version });
    expect(resubmit.statusCode).toBe(409);
    expect(resubmit.json().error.message).toBe('报告已审核通过，不能再次报送');
    const versions = await t().tdb.db.selectFrom('report_submission_version').select('version_no').where('submission_id', '=', s.submission.id).execute();
    expect(versions).toHaveLength(2);
    // The audit trail has the workflow's actions.
    const audit = await t().tdb.db.selectFrom('audit_event').select('action').where('object_type', '=', 'report_submission').where('object_id', '=', s.submission.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['report.start', 'report.draft', 'report.submit', 'report.return', 'report.submit', 'report.approve']);
  });

  it('another school’s submission answers 404 exactly like an unknown id; the team sees its schools only; the leader reads', async () => {
    const list = (await c.schoolAdminA1.get(`/api/report-submissions?reportTypeId=${monthly}`)).json() as { items: { id: string }[] };
    const id = list.items[0]!.id;
    const foreign = await c.schoolAdminB1.get(`/api/report-submissions/${id}`);
    const unknown = await c.schoolAdminB1.get('/api/report-submissions/999999999');
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual(unknown.json());
    expect((await c.memberA.get(`/api/report-submissions/${id}`)).statusCode).toBe(200);
    expect((await c.memberB.get(`/api/report-submissions/${id}`)).statusCode).toBe(404);
    expect((await c.leader.get(`/api/report-submissions/${id}`)).statusCode).toBe(200);
    expect(((await c.schoolAdminB1.get('/api/report-submissions')).json() as { total: number }).total).toBe(0);
    const o = await login(t().app, other.users.schoolAdminA1.username, other.users.schoolAdminA1.password);
    expect((await o.get(`/api/report-submissions/${id}`)).statusCode).toBe(404);
  });

  it('completeness: expected = items = the sum of the state counts, equal to direct counts; scoped to a school and to a team', async () => {
    const res = await c.staff.get(`/api/report-types/${monthly}/completeness?period=${m.current.key}`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      expected: number; submitted: number; onTime: number; late: number; missing: number; pending: number;
      counts: Record<string, number>; items: { unitId: string; state: string }[]; areas: { expected: number }[]; submittedRate: number;
    };
    const schools = await t().tdb.db.selectFrom('unit').select(sql<string>`count(*)`.as('n')).where('kind', '=', 'school').where(sql<boolean>`path <@ (SELECT path FROM unit WHERE id = ${d.bureau.id})`).executeTakeFirstOrThrow();
    const submittedRows = await t().tdb.db.selectFrom('report_submission').select(sql<string>`count(*)`.as('n')).where('report_type_id', '=', monthly).where('period_key', '=', m.current.key).where('current_version', '>', 0).executeTakeFirstOrThrow();
    expect(body.expected).toBe(Number(schools.n));
    expect(body.items).toHaveLength(body.expected);
    expect(Object.values(body.counts).reduce((a, b) => a + b, 0)).toBe(body.expected);
    expect(body.submitted + body.missing + body.pending).toBe(body.expected);
    expect(body.onTime + body.late).toBe(body.submitted);
    expect(body.submitted).toBe(Number(submittedRows.n));
    expect(body.areas.reduce((a, x) => a + x.expected, 0)).toBe(body.expected);
    expect(body.items.find((i) => i.unitId === d.schoolA1.id)!.state).toBe('approved');
    expect(body.submittedRate).toBe(0.25);

    const own = (await c.schoolAdminA1.get(`/api/report-types/${monthly}/completeness?period=${m.current.key}`)).json() as { items: { unitId: string }[]; expected: number };
    expect(own.items.map((i) => i.unitId)).toEqual([d.schoolA1.id]);
    expect(own.expected).toBe(1);
    const team = (await c.memberA.get(`/api/report-types/${monthly}/completeness?period=${m.current.key}`)).json() as { items: { unitId: string }[] };
    expect(team.items.map((i) => i.unitId).sort()).toEqual([d.schoolA1.id, d.schoolA2.id].sort());
    const byArea = (await c.staff.get(`/api/report-types/${monthly}/completeness?period=${m.current.key}&areaId=${d.area2.id}`)).json() as { items: { unitId: string }[] };
    expect(byArea.items.map((i) => i.unitId).sort()).toEqual([d.schoolB1.id, d.schoolB2.id].sort());
  });

  it('a period past due with nothing submitted is missing, with the safety officer and phone; late submissions are marked late', async () => {
    await t().tdb.db.updateTable('unit').set({ safety_officer: '张安全', phone: '0519-88001234' }).where('id', '=', d.schoolA2.id).execute();
    const started = (await start(c.schoolAdminB1, m.pastDue.key)).json() as Detail;
    const late = (await c.schoolAdminB1.post(`/api/report-submissions/${started.submission.id}/submit`, { version: started.submission.version })).json() as Detail;
    expect(late.submission).toMatchObject({ state: 'late', onTime: false });
    expect(late.versions[0]!.late).toBe(true);
    const body = (await c.staff.get(`/api/report-types/${monthly}/completeness?period=${m.pastDue.key}`)).json() as {
      missing: number; late: number; items: { unitId: string; state: string }[]; missingUnits: { unitId: string; safetyOfficer: string | null; phone: string | null }[];
    };
    expect(body.items.find((i) => i.unitId === d.schoolB1.id)!.state).toBe('late');
    expect(body.late).toBe(1);
    expect(body.missing).toBe(3);
    expect(body.missingUnits.find((u) => u.unitId === d.schoolA2.id)).toMatchObject({ safetyOfficer: '张安全', phone: '0519-88001234' });
  });

  it('the matrix shows units × periods; a school created mid-period joins from its first full period and a disabled school leaves', async () => {
    const db = t().tdb.db;
    const fresh = await buildUnit(db, { kind: 'school', parentId: d.area1.id, name: `新建学校-${d.tag}` });
    await db.updateTable('unit').set({ reporting_from: `${m.last.start.slice(0, 8)}15` }).where('id', '=', fresh.id).execute();
    await db.updateTable('unit').set({ status: 'disabled' }).where('id', '=', d.schoolB2.id).execute();
    const res = await c.staff.get(`/api/report-types/${monthly}/matrix?from=${m.pastDue.key}&to=${m.current.key}`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { periods: { key: string }[]; rows: { unitId: string; cells: { period: string; state: string | null }[] }[]; totals: { expected: number }[] };
    expect(body.periods.map((p) => p.key)).toEqual([m.pastDue.key, m.last.key, m.current.key]);
    const freshRow = body.rows.find((r) => r.unitId === fresh.id)!;
    expect(freshRow.cells.map((x) => x.state === null)).toEqual([true, true, false]);
    const b2 = body.rows.find((r) => r.unitId === d.schoolB2.id)!;
    expect(b2.cells.map((x) => x.state === null)).toEqual([false, false, true]);
    expect(body.totals.map((x) => x.expected)).toEqual([4, 4, 4]);
    await db.updateTable('unit').set({ status: 'active' }).where('id', '=', d.schoolB2.id).execute();
  });

  it('bad input: a period not started, a unit out of scope, a malformed period, each a Chinese error that writes nothing', async () => {
    const before = await t().tdb.db.selectFrom('report_submission').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const notStarted = await start(c.schoolAdminA1, m.next.key);
    expect(notStarted.statusCode).toBe(400);
    expect(notStarted.json().error.message).toBe('本期尚未开始，不能报送');
    const outOfScope = await start(c.schoolAdminA1, m.current.key, monthly, d.schoolB1.id);
    expect(outOfScope.statusCode).toBe(404);
    expect(outOfScope.json().error.message).toBe('学校不存在或不在您的权限范围内');
    const badPeriod = await c.staff.get(`/api/report-types/${monthly}/completeness?period=2026-Q3`);
    expect(badPeriod.statusCode).toBe(400);
    expect(badPeriod.json().error.message).toContain('没有“2026-Q3”这一期');
    const after = await t().tdb.db.selectFrom('report_submission').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('bad input: a due rule that yields no date, a duplicate code; nothing is created', async () => {
    const before = await t().tdb.db.selectFrom('report_type').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const res = await c.staff.post('/api/report-types', { code: 'april-31', name: '错误的年报', periodKind: 'yearly', dueRule: { kind: 'month_day', month: 4, day: 31 }, submitterKind: 'school', template: REPORT_TEMPLATES.plain });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('dueRule: 4月没有31日');
    const dup = await c.staff.post('/api/report-types', { code: 'monthly-hazard-list', name: '重复', periodKind: 'monthly', dueRule: { kind: 'day_of_next_month', day: 1 }, submitterKind: 'school', template: REPORT_TEMPLATES.plain });
    expect(dup.statusCode).toBe(409);
    const school = await c.schoolAdminA1.post('/api/report-types', { code: 'x-1', name: 'x', periodKind: 'monthly', dueRule: { kind: 'day_of_next_month', day: 1 }, submitterKind: 'school', template: REPORT_TEMPLATES.plain });
    expect(school.statusCode).toBe(403);
    const after = await t().tdb.db.selectFrom('report_type').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('day 31 of a 30-day month is clamped to its last day and the rule text says so', async () => {
    const ty = await createType(c.staff, { code: 'day-31', name: '月末报送', dueRule: { kind: 'day_of_next_month', day: 31 } });
    const detail = (await c.staff.get(`/api/report-types/${ty.id}`)).json() as { ruleText: string };
    expect(detail.ruleText).toContain('当月没有31日的，为当月最后一天');
    const periods = (await c.staff.get(`/api/report-types/${ty.id}/periods?from=2026-10-01&to=2026-10-31`)).json() as { items: { key: string; dueDate: string; dueAt: string }[] };
    expect(periods.items).toEqual([expect.objectContaining({ key: '2026-10', dueDate: '2026-11-30', dueAt: '2026-11-30T16:00:00.000Z' })]);
    expect(detail.ruleText).toContain('逾期仍可报送');
    const locked = await c.staff.put(`/api/report-types/${ty.id}`, { version: ty.version, lateAccepted: false });
    expect(locked.statusCode).toBe(200);
    expect((locked.json() as { ruleText: string; lateAccepted: boolean })).toMatchObject({ lateAccepted: false, ruleText: expect.stringContaining('截止后锁定') });
    expect((await c.staff.put(`/api/report-types/${ty.id}`, { version: ty.version, name: '旧版本' })).statusCode).toBe(409);
  });
});

describe('summaries, locks and reopening, team review', () => {
  const t = useTestApp();
  let d: District;
  let c: Record<'staff' | 'memberA' | 'schoolAdminA1' | 'schoolAdminB1', Client>;
  const m = months();

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    await backdateDistrict(t().tdb.db, d);
    c = await loginEach(t().app, d.users, ['staff', 'memberA', 'schoolAdminA1', 'schoolAdminB1']);
  });

  it('an empty required narrative is refused with the section’s name and writes no version; 上阶段计划落实情况 is pre-filled', async () => {
    const ty = await createType(c.staff, { code: 'monthly-summary', name: '月度工作总结', template: REPORT_TEMPLATES.summary });
    const last = (await c.schoolAdminA1.post('/api/report-submissions', { reportTypeId: ty.id, period: m.last.key })).json() as Detail;
    const full = { awareness: '高度重视', capability: '演练', measures: '排查', results: '整改完毕', next_goals: '开展消防演练' };
    const sent = await c.schoolAdminA1.post(`/api/report-submissions/${last.submission.id}/submit`, { version: last.submission.version, narrative: full });
    expect(sent.statusCode).toBe(200);
    const cur = (await c.schoolAdminA1.post('/api/report-submissions', { reportTypeId: ty.id, period: m.current.key })).json() as Detail;
    expect(cur.draft.narrative.last_plan).toBe('开展消防演练');
    const empty = await c.schoolAdminA1.post(`/api/report-submissions/${cur.submission.id}/submit`, { version: cur.submission.version, narrative: { ...full, awareness: '' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toBe('思想意识: 不能为空');
    const versions = await t().tdb.db.selectFrom('report_submission_version').select('version_no').where('submission_id', '=', cur.submission.id).execute();
    expect(versions).toHaveLength(0);
    const row = await t().tdb.db.selectFrom('report_submission').select(['state', 'version']).where('id', '=', cur.submission.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'draft', version: 1 });
  });

  it('a type that locks refuses a late start and submission (nothing written); the bureau reopens for one unit, who then submits late', async () => {
    const ty = await createType(c.staff, { code: 'locked-monthly', name: '按期报送', lateAccepted: false });
    const refused = await c.schoolAdminA1.post('/api/report-submissions', { reportTypeId: ty.id, period: m.pastDue.key });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('本期报送已锁定');
    expect(await t().tdb.db.selectFrom('report_submission').select('id').where('report_type_id', '=', ty.id).execute()).toHaveLength(0);
    expect((await c.schoolAdminA1.post(`/api/report-types/${ty.id}/reopen`, { period: m.pastDue.key, unitId: d.schoolA1.id, reason: '补报' })).statusCode).toBe(403);
    const notLocked = await c.staff.post(`/api/report-types/${ty.id}/reopen`, { period: m.current.key, unitId: d.schoolA1.id, reason: '补报' });
    expect(notLocked.statusCode).toBe(409);
    const reopened = await c.staff.post(`/api/report-types/${ty.id}/reopen`, { period: m.pastDue.key, unitId: d.schoolA1.id, reason: '系统故障补报' });
    expect(reopened.statusCode).toBe(200);
    const s = reopened.json() as Detail & { reopens: { reason: string; by: { id: string } }[] };
    expect(s.locked).toBe(false);
    expect(s.reopens).toMatchObject([{ reason: '系统故障补报', by: { id: d.users.staff.id } }]);
    const submitted = await c.schoolAdminA1.post(`/api/report-submissions/${s.submission.id}/submit`, { version: s.submission.version });
    expect(submitted.statusCode).toBe(200);
    expect((submitted.json() as Detail).submission.state).toBe('late');
    // Another school of the same period stays locked.
    expect((await c.schoolAdminB1.post('/api/report-submissions', { reportTypeId: ty.id, period: m.pastDue.key })).statusCode).toBe(409);
    // Returned after the reopening ended, a report that was sent may still be corrected and resent.
    const sent = submitted.json() as Detail;
    const returned = (await c.staff.post(`/api/report-submissions/${sent.submission.id}/return`, { version: sent.submission.version, comment: '附件不全' })).json() as Detail;
    await t().tdb.db.updateTable('report_submission').set({ reopened_until: '2020-01-01' }).where('id', '=', sent.submission.id).execute();
    const again = await c.schoolAdminA1.post(`/api/report-submissions/${sent.submission.id}/submit`, { version: returned.submission.version });
    expect(again.statusCode).toBe(200);
    expect((again.json() as Detail).versions).toHaveLength(2);
  });

  it('the monthly hazard list is the school’s month of hazards, frozen at submission', async () => {
    const ty = await createType(c.staff, { code: 'hazard-list', name: '每月隐患问题清单' });
    const staffA1 = await login(t().app, d.users.schoolStaffA1.username, d.users.schoolStaffA1.password);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const h = await staffA1.post('/api/hazards', { unitId: d.schoolA1.id, domain: 'fire', grade: 'general', source: 'self', title: '灭火器过期', description: '教学楼一楼灭火器压力不足', foundAt: today, foundBy: '李老师' });
    expect(h.statusCode).toBe(201);
    const s = (await c.schoolAdminA1.post('/api/report-submissions', { reportTypeId: ty.id, period: m.current.key })).json() as Detail;
    const preview = s.preview!.hazards as { counts: { new: number }; rows: { title: string; category: string; isNew: boolean }[] };
    expect(preview.counts.new).toBe(1);
    expect(preview.rows).toMatchObject([{ title: '灭火器过期', category: 'new', isNew: true }]);
    const sent = (await c.schoolAdminA1.post(`/api/report-submissions/${s.submission.id}/submit`, { version: s.submission.version })).json() as Detail;
    await staffA1.post('/api/hazards', { unitId: d.schoolA1.id, domain: 'fire', grade: 'general', source: 'self', title: '报送后新发现', description: '报送后新发现的隐患', foundAt: today, foundBy: '李老师' });
    const later = (await c.schoolAdminA1.get(`/api/report-submissions/${s.submission.id}`)).json() as Detail;
    expect((later.versions[0]!.content.hazards as { rows: unknown[] }).rows).toHaveLength(1);
    expect(sent.versions[0]!.content).toEqual(later.versions[0]!.content);
  });

  it('a team reports on its round of visits; the bureau sees every team, a school none', async () => {
    const ty = await createType(c.staff, { code: 'team-round', name: '督查情况报告', submitterKind: 'team', template: REPORT_TEMPLATES.visitRound });
    const started = await c.memberA.post('/api/report-submissions', { reportTypeId: ty.id, period: m.current.key });
    expect(started.statusCode).toBe(201);
    const s = started.json() as Detail;
    expect(s.submission.unitId).toBe(d.teamA.id);
    expect(s.preview!.visits).toMatchObject({ findings: 0, visits: [] });
    const empty = await c.memberA.post(`/api/report-submissions/${s.submission.id}/submit`, { version: s.submission.version });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toBe('督查情况总结: 不能为空');
    const sent = await c.memberA.post(`/api/report-submissions/${s.submission.id}/submit`, { version: s.submission.version, narrative: { note: '本月督查两所学校' } });
    expect(sent.statusCode).toBe(200);
    const all = (await c.staff.get(`/api/report-types/${ty.id}/completeness?period=${m.current.key}`)).json() as { expected: number; items: { unitId: string; state: string }[] };
    expect(all.items.map((i) => [i.unitId, i.state]).sort()).toEqual([[d.teamA.id, 'submitted'], [d.teamB.id, 'not_started']].sort());
    const own = (await c.memberA.get(`/api/report-types/${ty.id}/completeness?period=${m.current.key}`)).json() as { items: { unitId: string }[] };
    expect(own.items.map((i) => i.unitId)).toEqual([d.teamA.id]);
    expect(((await c.schoolAdminA1.get(`/api/report-types/${ty.id}/completeness?period=${m.current.key}`)).json() as { expected: number }).expected).toBe(0);
    expect((await c.schoolAdminA1.get(`/api/report-submissions/${s.submission.id}`)).statusCode).toBe(404);
  });

  it('a type reviewed by the team: the covering team approves, bureau staff may not', async () => {
    const ty = await createType(c.staff, { code: 'team-reviewed', name: '督查组审核的报表', reviewer: 'team' });
    const s = (await c.schoolAdminA1.post('/api/report-submissions', { reportTypeId: ty.id, period: m.current.key })).json() as Detail;
    const sent = (await c.schoolAdminA1.post(`/api/report-submissions/${s.submission.id}/submit`, { version: s.submission.version })).json() as Detail;
    const byStaff = await c.staff.post(`/api/report-submissions/${s.submission.id}/approve`, { version: sent.submission.version });
    expect(byStaff.statusCode).toBe(403);
    expect(byStaff.json().error.message).toBe('该报表由负责该校的督查组审核');
    const byTeam = await c.memberA.post(`/api/report-submissions/${s.submission.id}/approve`, { version: sent.submission.version });
    expect(byTeam.statusCode).toBe(200);
    expect((byTeam.json() as Detail).submission.state).toBe('approved');
  });

  it('the weekly roll-up is stored and submitted with the week’s checks; attachments must be files in scope', async () => {
    const week = periodAt('weekly', new Date());
    const ty = await createType(c.staff, { code: 'weekly-check-rollup', name: '每周自查汇总', periodKind: 'weekly', dueRule: { kind: 'after_end', days: 1 }, template: REPORT_TEMPLATES.weeklyRollup });
    const s = (await c.schoolAdminA1.post('/api/report-submissions', { reportTypeId: ty.id, period: week.key })).json() as Detail;
    expect(s.preview!.checks).toMatchObject({ week: { key: week.key }, owed: 0, done: 0, inspections: 0 });
    const own = await buildFile(t().tdb.db, { unitId: d.schoolA1.id, uploadedBy: d.users.schoolAdminA1.id, kind: 'document' });
    const foreign = await buildFile(t().tdb.db, { unitId: d.schoolB1.id, uploadedBy: d.users.schoolAdminB1.id, kind: 'document' });
    const refused = await c.schoolAdminA1.post(`/api/report-submissions/${s.submission.id}/submit`, { version: s.submission.version, attachmentIds: [own, foreign] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain('不存在或不在您的权限范围内');
    const sent = await c.schoolAdminA1.post(`/api/report-submissions/${s.submission.id}/submit`, { version: s.submission.version, attachmentIds: [own] });
    expect(sent.statusCode).toBe(200);
    const body = sent.json() as Detail & { versions: { files: { id: string }[]; content: Record<string, unknown> }[] };
    expect(body.versions[0]!.files.map((f) => f.id)).toEqual([own]);
    expect(body.versions[0]!.content.checks).toMatchObject({ week: { key: week.key } });
  });

  it('a retried submission with the same Idempotency-Key answers the first result and writes one version', async () => {
    const ty = await createType(c.staff, { code: 'idem', name: '重试测试' });
    const s = (await c.schoolAdminA1.post('/api/report-submissions', { reportTypeId: ty.id, period: m.current.key })).json() as Detail;
    const send = () =>
      t().app.inject({
        method: 'POST',
        url: `/api/report-submissions/${s.submission.id}/submit`,
        headers: { cookie: c.schoolAdminA1.cookie, 'x-csrf-token': c.schoolAdminA1.csrf, 'idempotency-key': `submit-${s.submission.id}-once` },
        payload: { version: s.submission.version },
      });
    const first = await send();
    const again = await send();
    expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
    expect((again.json() as Detail).versions).toHaveLength(1);
    expect(await t().tdb.db.selectFrom('report_submission_version').select('version_no').where('submission_id', '=', s.submission.id).execute()).toHaveLength(1);
  });

  it('a stale version is a 409 and changes nothing', async () => {
    const ty = await createType(c.staff, { code: 'stale', name: '版本测试' });
    const s = (await c.schoolAdminA1.post('/api/report-submissions', { reportTypeId: ty.id, period: m.current.key })).json() as Detail;
    await c.schoolAdminA1.put(`/api/report-submissions/${s.submission.id}/draft`, { version: s.submission.version, narrative: { note: '一' } });
    const stale = await c.schoolAdminA1.put(`/api/report-submissions/${s.submission.id}/draft`, { version: s.submission.version, narrative: { note: '二' } });
    expect(stale.statusCode).toBe(409);
    const row = await t().tdb.db.selectFrom('report_submission').select('draft_narrative').where('id', '=', s.submission.id).executeTakeFirstOrThrow();
    expect(row.draft_narrative).toEqual({ note: '一' });
  });
});

describe('a campaign’s reporting rules become its report types in one step', () => {
  const t = useTestApp();
  let d: District;
  let staff: Client;

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    staff = (await loginEach(t().app, d.users, ['staff'])).staff;
  });

  it('creates the confirmed rules as types (quarterly Q1–Q3 by the 15th; stage summaries), all or none', async () => {
    const res = await staff.post('/api/campaigns', {
      title: `安全专项-${d.tag}`,
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      stages: [
        { name: '动员部署', start: '2026-01-01', end: '2026-03-31' },
        { name: '集中整治', start: '2026-04-01', end: '2026-10-31' },
      ],
      reportingRules: [
        { text: '每年前三季度最后一个月的15日前报送季度工作总结', kind: 'quarterly', dayOfMonth: 15 },
        { text: '每月1日前上报隐患问题清单', kind: 'monthly', dayOfMonth: 1 },
      ],
    });
    expect(res.statusCode).toBe(201);
    const campaign = res.json() as { campaign: { id: string }; reportingRules: { id: string; text: string }[] };
    const [quarterly, monthlyRule] = campaign.reportingRules;
    const bad = await staff.post(`/api/campaigns/${campaign.campaign.id}/report-types`, {
      rules: [
        { ruleId: quarterly!.id, code: 'q-summary', name: '季度工作总结', submitterKind: 'school' },
        { ruleId: '999999', code: 'nope', name: '不存在', submitterKind: 'school' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('不属于该专项整治');
    expect(await t().tdb.db.selectFrom('report_type').select('id').where('campaign_id', '=', campaign.campaign.id).execute()).toHaveLength(0);

    const ok = await staff.post(`/api/campaigns/${campaign.campaign.id}/report-types`, {
      rules: [
        { ruleId: quarterly!.id, code: 'q-summary', name: '季度工作总结', submitterKind: 'school' },
        { ruleId: monthlyRule!.id, code: 'm-list', name: '每月隐患清单', submitterKind: 'school', template: 'list' },
        { ruleId: quarterly!.id, code: 'stage-summary', name: '阶段工作总结', submitterKind: 'school', stageAfterDays: 5 },
      ],
    });
    expect(ok.statusCode).toBe(201);
    const types = (ok.json() as { items: { id: string; code: string; periodKind: string; dueRule: unknown; periodNumbers: number[]; stageIds: string[]; ruleText: string }[] }).items;
    expect(types.map((x) => [x.code, x.periodKind])).toEqual([
      ['q-summary', 'quarterly'],
      ['m-list', 'monthly'],
      ['stage-summary', 'stage'],
    ]);
    expect(types[0]).toMatchObject({ dueRule: { kind: 'day_of_last_month', day: 15 }, periodNumbers: [1, 2, 3] });
    expect(types[0]!.ruleText).toContain('每年第一、二、三季度：季度最后一个月的15日前报送');
    expect(types[2]!.stageIds).toHaveLength(2);
    const periods = (await staff.get(`/api/report-types/${types[2]!.id}/periods?from=2026-01-01&to=2026-12-31`)).json() as { items: { label: string; dueDate: string }[] };
    expect(periods.items).toMatchObject([
      { label: '动员部署', dueDate: '2026-04-05' },
      { label: '集中整治', dueDate: '2026-11-05' },
    ]);
    const q = (await staff.get(`/api/report-types/${types[0]!.id}/periods?from=2026-01-01&to=2026-12-31`)).json() as { items: { key: string; dueDate: string }[] };
    expect(q.items.map((p) => [p.key, p.dueDate])).toEqual([
      ['2026-Q1', '2026-03-15'],
      ['2026-Q2', '2026-06-15'],
      ['2026-Q3', '2026-09-15'],
    ]);
  });
});
