import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CampaignDetail, CampaignOverview, CreateCampaignBody, MyTask, PlanImportResult } from '@xiaoan/contracts';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { docxOf, zipOf } from '../../../test/docx.js';
import { buildDistrict, buildUser, type District } from '../../../test/factories.js';
import { postParts } from '../../../test/multipart.js';
import { uploadPhoto } from '../../../test/files.js';

const seed = (name: string) => readFileSync(fileURLToPath(new URL(`../../../../../packages/domain/src/campaign/fixtures/${name}`, import.meta.url)), 'utf8');
const SEED_001 = seed('001_78d50332787e50e1.txt');
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('campaigns and tasks', () => {
  const t = useTestApp();
  let d: District;
  let other: District;
  let staff: Client;
  const counts = async () => {
    const db = t().tdb.db;
    const n = async (table: 'campaign' | 'campaign_stage' | 'campaign_task' | 'file_object') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    return { campaign: await n('campaign'), stage: await n('campaign_stage'), task: await n('campaign_task'), file: await n('file_object') };
  };
  const body = (over: Partial<CreateCampaignBody> = {}): CreateCampaignBody => ({
    title: '2026年度校园安全专项整治',
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
    stages: [
      { name: '学习动员', start: '2026-01-01', end: '2026-02-28' },
      { name: '攻坚整治', start: '2026-03-01', end: '2026-10-31' },
      { name: '巩固提升', start: '2026-11-01', end: '2026-12-31' },
    ],
    tasks: [
      { title: '排查消防隐患', leadDepartmentIds: [d.department.id], deadline: '2026-03-31', stageIndex: 1, domain: 'fire' },
      { title: '完善安保力量', leadDepartmentIds: [d.department.id], deadline: '2099-06-30', stageIndex: 1 },
    ],
    indicators: [{ name: '专职保安员配备率', target: 100, unit: '%' }],
    reportingRules: [{ text: '每个月1日前上传隐患台账', kind: 'monthly', dayOfMonth: 1 }],
    teamIds: [d.teamA.id, d.teamB.id],
    ...over,
  });

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    other = await buildDistrict(t().tdb.db);
    staff = await login(t().app, d.users.staff.username, d.users.staff.password);
  });

  describe('plan import', () => {
    it('proposes four stages and 安稳办-led tasks from pasted seed 001 and writes nothing', async () => {
      const before = await counts();
      const res = await staff.post('/api/campaign-imports/text', { text: SEED_001 });
      expect(res.statusCode).toBe(200);
      const r = res.json() as PlanImportResult;
      expect(r.proposal.stages).toHaveLength(4);
      expect(r.proposal.tasks.some((x) => x.value.leads.includes('安稳办'))).toBe(true);
      expect(r.proposal.stages[0]!.evidence.text.length).toBeGreaterThan(0);
      expect(r.fileId).toBeNull();
      expect(await counts()).toEqual(before);
    });

    it('reads an uploaded .docx with mammoth, keeps the file, and creates no campaign', async () => {
      const before = await counts();
      const res = await postParts(t().app, staff, '/api/campaign-imports', [{ name: 'file', filename: '实施方案.docx', contentType: DOCX, data: docxOf(SEED_001) }]);
      expect(res.statusCode, res.body).toBe(200);
      const r = res.json() as PlanImportResult;
      expect(r.proposal.title?.value).toContain('三年行动');
      expect(r.proposal.stages).toHaveLength(4);
      expect(r.fileId).not.toBeNull();
      const after = await counts();
      expect(after.campaign).toBe(before.campaign);
      expect(after.file).toBe(before.file + 1);
      // The file is readable by its uploader's bureau through the files feature.
      expect((await staff.get(`/api/files/${r.fileId}/meta`)).statusCode).toBe(200);
      const download = await staff.get(`/api/files/${r.fileId}`);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-disposition']).toMatch(/^attachment;.*\.docx$/);
    });

    it('says which fields it could not find in a plan-like text with no structure, still answering 200', async () => {
      // (a text that is no plan at all is refused: plan-import.routes.test.ts)
      const res = await staff.post('/api/campaign-imports/text', { text: '请各学校做好安全工作。' });
      expect(res.statusCode).toBe(200);
      const r = res.json() as PlanImportResult;
      expect(r.proposal.missing).toEqual(expect.arrayContaining(['标题', '阶段', '任务']));
    });

    const bad: [string, () => Buffer, number, RegExp][] = [
      ['not a docx (plain text renamed)', () => Buffer.from('这不是Word文件'.repeat(20)), 400, /不是有效的 Word/],
      ['an old .doc or encrypted file (OLE header D0 CF 11 E0)', () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(2000)]), 400, /加密|旧版/],
      ['a zip with encrypted entries', () => zipOf([{ name: '[Content_Types].xml', data: Buffer.from('x') }, { name: 'word/document.xml', data: Buffer.from('y') }], { encrypted: true }), 400, /加密/],
      ['an .xlsx renamed to .docx', () => zipOf([{ name: '[Content_Types].xml', data: Buffer.from('x') }, { name: 'xl/workbook.xml', data: Buffer.from('y') }]), 400, /没有 Word 正文/],
      ['an empty file', () => Buffer.alloc(0), 400, /空/],
      ['a docx with no text', () => docxOf(''), 400, /没有文字/],
      ['a 50 MB file', () => Buffer.alloc(50 * 1024 * 1024, 0x50), 413, /10 MB/],
    ];
    for (const [what, make, status, message] of bad) {
      it(`refuses ${what} with a Chinese ${status} and writes nothing`, async () => {
        const before = await counts();
        const res = await postParts(t().app, staff, '/api/campaign-imports', [{ name: 'file', filename: '方案.docx', contentType: DOCX, data: make() }]);
        expect(res.statusCode, res.body).toBe(status);
        expect(res.json().error.message).toMatch(message);
        expect(await counts()).toEqual(before);
      });
    }

    it('refuses the import to school accounts (403)', async () => {
      const c = await login(t().app, d.users.schoolAdminA1.username, d.users.schoolAdminA1.password);
      expect((await c.post('/api/campaign-imports/text', { text: SEED_001 })).statusCode).toBe(403);
    });
  });

  describe('creating a campaign', () => {
    const refused: [string, (b: CreateCampaignBody) => CreateCampaignBody, RegExp][] = [
      ['overlapping stages', (b) => ({ ...b, stages: [{ name: '甲', start: '2026-01-01', end: '2026-03-31' }, { name: '乙', start: '2026-03-15', end: '2026-06-30' }] }), /重叠/],
      ['a stage ending before it starts', (b) => ({ ...b, stages: [{ name: '甲', start: '2026-05-01', end: '2026-03-31' }] }), /早于开始/],
      ['a period ending before it starts', (b) => ({ ...b, periodEnd: '2025-12-31' }), /起止时间/],
      ['a task with no lead department', (b) => ({ ...b, tasks: [{ title: '没有牵头的任务', leadDepartmentIds: [] }] }), /缺少牵头科室/],
      ['a lead department of another bureau', (b) => ({ ...b, tasks: [{ title: '别的局', leadDepartmentIds: [other.department.id] }] }), /不属于本局/],
    ];
    for (const [what, change, message] of refused) {
      it(`answers 400 for ${what} and writes nothing`, async () => {
        const before = await counts();
        const res = await staff.post('/api/campaigns', change(body()));
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json().error.message).toMatch(message);
        expect(await counts()).toEqual(before);
      });
    }

    it('creates stages, tasks, copied teams, indicators and rules; only bureau staff may', async () => {
      const res = await staff.post('/api/campaigns', body());
      expect(res.statusCode, res.body).toBe(201);
      const c = res.json() as CampaignDetail;
      expect(c.stages.map((s) => s.name)).toEqual(['学习动员', '攻坚整治', '巩固提升']);
      expect(c.tasks).toHaveLength(2);
      expect(c.tasks[0]!.stageName).toBe('攻坚整治');
      expect(c.tasks[0]!.leads[0]!.id).toBe(d.department.id);
      expect(c.teams.map((x) => x.schools.length)).toEqual([2, 2]);
      expect(c.canManage).toBe(true);
      for (const who of ['leader', 'schoolAdminA1', 'memberA'] as const) {
        const u = await login(t().app, d.users[who].username, d.users[who].password);
        expect((await u.post('/api/campaigns', body())).statusCode).toBe(403);
      }
    });

    it('keeps the copied team roster when the supervision team changes later', async () => {
      const c = (await staff.post('/api/campaigns', body({ title: '名单快照' }))).json() as CampaignDetail;
      await t().tdb.db.insertInto('supervision_team_school').values({ team_id: d.teamA.id, school_unit_id: d.schoolB2.id }).execute();
      const again = (await staff.get(`/api/campaigns/${c.campaign.id}`)).json() as CampaignDetail;
      expect(again.teams[0]!.schools).toHaveLength(2);
      await t().tdb.db.deleteFrom('supervision_team_school').where('team_id', '=', d.teamA.id).where('school_unit_id', '=', d.schoolB2.id).execute();
    });
  });

  describe('who sees what', () => {
    let allSchools: CampaignDetail;
    let onlyB1: CampaignDetail;
    beforeAll(async () => {
      allSchools = (await staff.post('/api/campaigns', body({ title: '全区专项' }))).json() as CampaignDetail;
      onlyB1 = (await staff.post('/api/campaigns', body({ title: '乙一中学专项', scope: { all: false, schoolKinds: [], areaIds: [], schoolIds: [d.schoolB1.id] } }))).json() as CampaignDetail;
    });

    it('shows a school the campaigns that include it, and 404 for the others', async () => {
      const c = await login(t().app, d.users.schoolStaffA1.username, d.users.schoolStaffA1.password);
      expect((await c.get(`/api/campaigns/${allSchools.campaign.id}`)).statusCode).toBe(200);
      expect((await c.get(`/api/campaigns/${onlyB1.campaign.id}`)).statusCode).toBe(404);
      const list = (await c.get('/api/campaigns')).json() as { items: { id: string }[] };
      expect(list.items.map((x) => x.id)).toContain(allSchools.campaign.id);
      expect(list.items.map((x) => x.id)).not.toContain(onlyB1.campaign.id);
    });

    it('shows a team member the campaigns that include its schools', async () => {
      const a = await login(t().app, d.users.memberA.username, d.users.memberA.password);
      const b = await login(t().app, d.users.memberB.username, d.users.memberB.password);
      expect((await a.get(`/api/campaigns/${onlyB1.campaign.id}`)).statusCode).toBe(404);
      expect((await b.get(`/api/campaigns/${onlyB1.campaign.id}`)).statusCode).toBe(200);
    });

    it('hides a campaign from another district (404, as if missing)', async () => {
      const x = await login(t().app, other.users.staff.username, other.users.staff.password);
      expect((await x.get(`/api/campaigns/${allSchools.campaign.id}`)).statusCode).toBe(404);
      expect((await x.put(`/api/tasks/${allSchools.tasks[0]!.id}`, { version: 1, status: 'done' })).statusCode).toBe(404);
    });

    it('lets a school update only its own 一校一策 copy, with progress and evidence text', async () => {
      const task = allSchools.tasks[1]!;
      const broken = await staff.post(`/api/tasks/${task.id}/break-down`, { schoolIds: [d.schoolA1.id, d.schoolA2.id] });
      expect(broken.statusCode, broken.body).toBe(200);
      expect(broken.json().schools).toHaveLength(2);
      const a1 = await login(t().app, d.users.schoolAdminA1.username, d.users.schoolAdminA1.password);
      const seen = (await a1.get(`/api/campaigns/${allSchools.campaign.id}`)).json() as CampaignDetail;
      const mine = seen.tasks.find((x) => x.id === task.id)!;
      expect(mine.schools.map((s) => s.school.id)).toEqual([d.schoolA1.id]);
      const upd = await a1.put(`/api/tasks/${task.id}`, { version: mine.schools[0]!.version, status: 'in_progress' });
      expect(upd.statusCode, upd.body).toBe(200);
      expect(upd.json().schools[0].status).toBe('in_progress');
      // One status per task: broken down, it is the schools' (one of two has begun), for everyone who looks.
      expect(upd.json().status).toBe('in_progress');
      expect(upd.json().schoolTally).toEqual({ total: 2, done: 0, inProgress: 1 });
      const byBureau = await staff.put(`/api/tasks/${task.id}`, { version: task.version, status: 'done' });
      expect(byBureau.statusCode).toBe(409);
      expect(byBureau.json().error.message).toContain('0/2');
      expect((await a1.put(`/api/tasks/${task.id}`, { version: 2, title: '改标题' })).statusCode).toBe(403);
      const photo = await uploadPhoto(t().app, a1);
      const prog = await a1.post(`/api/tasks/${task.id}/progress`, { text: '已配齐保安', status: 'done', fileIds: [photo.id] });
      expect(prog.statusCode, prog.body).toBe(201);
      expect(prog.json().progress.at(-1).school.id).toBe(d.schoolA1.id);
      expect(prog.json().progress.at(-1).fileIds).toEqual([photo.id]);
      // Evidence of another district's school is refused (400), and nothing is appended.
      const x = await login(t().app, other.users.schoolAdminA1.username, other.users.schoolAdminA1.password);
      const foreign = await uploadPhoto(t().app, x);
      expect((await a1.post(`/api/tasks/${task.id}/progress`, { text: '别人的照片', fileIds: [foreign.id] })).statusCode).toBe(400);
      // Progress notes are append-only, even for the database owner's application role.
      await expect(t().tdb.db.updateTable('task_progress').set({ text: '改写' }).execute()).rejects.toThrow();
      const b1 = await login(t().app, d.users.schoolAdminB1.username, d.users.schoolAdminB1.password);
      const refused = await b1.put(`/api/tasks/${task.id}`, { version: 1, status: 'done' });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.details.domainCode).toBe('no_school_copy');
      // The lead department's own evidence belongs to the bureau: attached to the task, unseen by schools.
      const own = await uploadPhoto(t().app, staff, { unitId: d.bureau.id });
      const bureauProg = await staff.post(`/api/tasks/${task.id}/progress`, { text: '安稳办已完成全区核查', fileIds: [own.id] });
      expect(bureauProg.statusCode, bureauProg.body).toBe(201);
      expect(bureauProg.json().progress.at(-1).fileIds).toEqual([own.id]);
      expect((await a1.get(`/api/files/${own.id}`)).statusCode).toBe(404);
      const mineA1 = (await a1.get('/api/tasks/mine')).json() as { items: MyTask[] };
      expect(mineA1.items.map((x) => x.task.id)).toEqual([task.id]);
      expect(mineA1.items[0]!.copy?.status).toBe('done');
    });

    it('lists on a department home page the tasks it leads', async () => {
      const mine = (await staff.get('/api/tasks/mine')).json() as { items: MyTask[] };
      expect(mine.items.length).toBeGreaterThan(0);
      expect(mine.items.every((x) => x.task.leads.some((l) => l.id === d.department.id))).toBe(true);
      const otherDept = await t().tdb.db.insertInto('department').values({ unit_id: d.bureau.id, name: `办公室-${d.tag}` }).returning('id').executeTakeFirstOrThrow();
      const u = await buildUser(t().tdb.db, { role: 'bureau_staff', unitId: d.bureau.id, departmentId: otherDept.id });
      const c = await login(t().app, u.username, u.password);
      expect(((await c.get('/api/tasks/mine')).json() as { items: MyTask[] }).items).toEqual([]);
    });

    it('lets the lead department and the office report on a task, a co-operating department add its part, and no one else', async () => {
      const db = t().tdb.db;
      const dept = async (name: string) => (await db.insertInto('department').values({ unit_id: d.bureau.id, name: `${name}-${d.tag}` }).returning(['id', 'name']).executeTakeFirstOrThrow());
      const [coop, office, unrelated] = [await dept('教育科'), await dept('发展规划与财务科'), await dept('组织科')];
      const signIn = async (departmentId: string) => {
        const u = await buildUser(db, { role: 'bureau_staff', unitId: d.bureau.id, departmentId });
        return login(t().app, u.username, u.password);
      };
      const [coopC, officeC, unrelatedC] = [await signIn(coop.id), await signIn(office.id), await signIn(unrelated.id)];
      const c = (await staff.post('/api/campaigns', body({
        title: '分工专项',
        office: { name: office.name, director: null, phone: null },
        tasks: [{ title: '校园周边治安整治', leadDepartmentIds: [d.department.id], cooperatingDepartmentIds: [coop.id], deadline: '2099-06-30', stageIndex: 1 }],
      }))).json() as CampaignDetail;
      const task = c.tasks[0]!;
      const progress = (who: Client, status?: string) => who.post(`/api/tasks/${task.id}/progress`, { text: '本科室已完成', ...(status ? { status } : {}) });

      const stranger = await progress(unrelatedC);
      expect(stranger.statusCode).toBe(403);
      expect(stranger.json().error.details.domainCode).toBe('not_task_department');
      expect((await unrelatedC.put(`/api/tasks/${task.id}`, { version: task.version, status: 'done' })).statusCode).toBe(403);
      const coopStatus = await progress(coopC, 'done');
      expect(coopStatus.statusCode).toBe(403);
      expect(coopStatus.json().error.message).toContain('牵头科室');
      const coopPart = await progress(coopC);
      expect(coopPart.statusCode, coopPart.body).toBe(201);
      expect(coopPart.json().status).toBe('not_started');
      expect(coopPart.json().allowedActions).not.toContain('update_status');
      expect((await progress(officeC, 'in_progress')).json().status).toBe('in_progress');
      expect((await progress(staff, 'done')).json().status).toBe('done');
      const after = (await staff.get(`/api/campaigns/${c.campaign.id}`)).json() as CampaignDetail;
      expect(after.tasks[0]!.progress).toHaveLength(3);

      // The co-operating department and the office see the task on their home page; the unrelated one does not.
      const ids = async (who: Client) => ((await who.get('/api/tasks/mine')).json() as { items: MyTask[] }).items.map((x) => x.task.id);
      expect(await ids(coopC)).toContain(task.id);
      expect(await ids(officeC)).toContain(task.id);
      expect(await ids(unrelatedC)).not.toContain(task.id);
    });

    it('marks a task overdue after its deadline and attributes hazards of its schools and period', async () => {
      const s = await login(t().app, d.users.schoolStaffA1.username, d.users.schoolStaffA1.password);
      const h = await s.post('/api/hazards', { unitId: d.schoolA1.id, domain: 'fire', grade: 'general', source: 'self', title: '灭火器过期', description: '二楼', foundAt: '2026-01-05', foundBy: '测试' });
      expect(h.statusCode, h.body).toBe(201);
      const o = (await staff.get(`/api/campaigns/${allSchools.campaign.id}/overview`)).json() as CampaignOverview;
      expect(o.overdueTasks.map((x) => x.title)).toContain('排查消防隐患');
      expect(o.attribution.hazards).toBeGreaterThanOrEqual(1);
      expect(o.schools.find((x) => x.school.id === d.schoolA1.id)?.hazards).toBeGreaterThanOrEqual(1);
      expect(o.byDepartment[0]!.total).toBe(2);
      expect(o.timeline.stages).toHaveLength(3);
      const only = (await staff.get(`/api/campaigns/${onlyB1.campaign.id}/overview`)).json() as CampaignOverview;
      expect(only.attribution.hazards).toBe(0);
      expect(only.schoolCount).toBe(1);
    });

    it('copies a campaign as next year: dates one year on, statuses reset, teams as recorded', async () => {
      const res = await staff.post(`/api/campaigns/${allSchools.campaign.id}/copy`, {});
      expect(res.statusCode, res.body).toBe(201);
      const c = res.json() as CampaignDetail;
      expect(c.campaign.title).toBe('全区专项（下一年度）');
      expect(c.campaign.periodStart).toBe('2027-01-01');
      expect(c.stages[1]!.start).toBe('2027-03-01');
      expect(c.tasks.every((x) => x.status === 'not_started' && x.schools.length === 0 && x.progress.length === 0)).toBe(true);
      expect(c.tasks[0]!.deadline).toBe('2027-03-31');
      expect(c.teams).toHaveLength(2);
      expect(c.campaign.copiedFromId).toBe(allSchools.campaign.id);
    });

    it('updates with the version and answers 409 for a stale one; overlapping stages are refused', async () => {
      const ok = await staff.put(`/api/campaigns/${onlyB1.campaign.id}`, { version: 1, title: '乙一中学专项（修订）' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect((await staff.put(`/api/campaigns/${onlyB1.campaign.id}`, { version: 1, title: '再改' })).statusCode).toBe(409);
      const bad = await staff.put(`/api/campaigns/${onlyB1.campaign.id}`, { version: 2, stages: [{ name: '甲', start: '2026-01-01', end: '2026-05-01' }, { name: '乙', start: '2026-05-01', end: '2026-06-01' }] });
      expect(bad.statusCode).toBe(400);
      const task = await staff.post(`/api/campaigns/${onlyB1.campaign.id}/tasks`, { title: '无牵头', leadDepartmentIds: [] });
      expect(task.statusCode).toBe(400);
      expect(task.json().error.message).toMatch(/牵头/);
    });
  });
});
