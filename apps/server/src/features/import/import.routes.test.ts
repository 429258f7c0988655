import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, buildTeam, buildUser, type District } from '../../../test/factories.js';
import { multipartBody, postFile, postParts, sheetOf, xlsxOf } from '../../../test/multipart.js';

const PREVIEW = '/api/imports/schools/preview';
const COMMIT = '/api/imports/schools/commit';

describe('school import', () => {
  const t = useTestApp();
  let d: District;
  let staff: Client, admin: Client;

  /** Everything an import could write, counted straight from the database. */
  async function counts() {
    const db = t().tdb.db;
    const n = async (q: ReturnType<typeof sql<{ n: string }>>) => Number((await q.execute(db)).rows[0]!.n);
    return {
      units: await n(sql<{ n: string }>`SELECT count(*) AS n FROM unit`),
      assignments: await n(sql<{ n: string }>`SELECT count(*) AS n FROM supervision_team_school`),
      imports: await n(sql<{ n: string }>`SELECT count(*) AS n FROM audit_event WHERE action = 'unit.import'`),
    };
  }

  const post = (url: string, file: Buffer, who: Client = staff) => postFile(t().app, who, url, file);
  const unitByName = async (name: string) => {
    const res = await staff.get(`/api/units?q=${encodeURIComponent(name)}`);
    return (res.json().items as { name: string; areaName: string | null; teams: { name: string }[]; [k: string]: unknown }[]).find((u) => u.name === name);
  };

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    staff = await login(t().app, d.users.staff.username, d.users.staff.password);
    admin = await login(t().app, d.users.admin.username, d.users.admin.password);
  });

  it('previews a good sheet without writing, then commits it: units, areas and team assignments exist afterwards', async () => {
    const tag = d.tag;
    const file = await xlsxOf([
      {
        name: '学校名单',
        rows: [
          [`测试区${tag}学校名单`],
          ['序号', '学校名称', '学段', '所属片区', '督查小组', '地址', '校长', '安全负责人', '联系电话', '学生数'],
          [1, `新一小学-${tag}`, '小学', d.area1.name, d.teamA.name, '一路 1 号', '张校长', '李老师', '0519-1', 800],
          [2, `新二初级中学-${tag}`, '', `三片区-${tag}`, `${d.teamA.name}、${d.teamB.name}`, '', '', '', '', ''],
          [3, `新三幼儿园-${tag}`, '', '', '', '', '', '', '', '120'],
          [4, d.schoolB2.name, '', '', d.teamA.name, '乙二新址', '', '', '', ''],
        ],
      },
    ]);
    const before = await counts();
    const preview = await post(PREVIEW, file);
    expect(preview.statusCode).toBe(200);
    const p = preview.json();
    expect(p.errors).toEqual([]);
    expect(p.sheetName).toBe('学校名单');
    expect(p.headerRow).toBe(2);
    expect(p.columns.map((c: { field: string | null }) => c.field)).toEqual([
      null, 'name', 'schoolKind', 'areaName', 'teamNames', 'address', 'principal', 'safetyOfficer', 'phone', 'enrolment',
    ]);
    expect(p.rows).toEqual([
      expect.objectContaining({ row: 3, name: `新一小学-${tag}`, action: 'create', schoolKind: 'primary', areaName: d.area1.name, teamNames: [d.teamA.name] }),
      expect.objectContaining({ row: 4, action: 'create', schoolKind: 'middle', teamNames: [d.teamA.name, d.teamB.name] }),
      expect.objectContaining({ row: 5, action: 'create', schoolKind: 'kindergarten', areaName: null }),
      expect.objectContaining({ row: 6, name: d.schoolB2.name, action: 'update', schoolKind: 'primary', changes: ['地址', `新增督查小组：${d.teamA.name}`] }),
    ]);
    expect(p.summary).toEqual({ create: 3, update: 1, newAreas: [`三片区-${tag}`], assignments: 4 });
    expect(p.warnings.join('\n')).toContain('第 5 行的新学校没有填写片区');
    expect(p.warnings.join('\n')).toContain('同时分配给多个督查小组');
    expect(await counts()).toEqual(before);

    const commit = await post(COMMIT, file);
    expect(commit.statusCode).toBe(200);
    expect(commit.json()).toEqual({ created: 3, updated: 1, areasCreated: 1, assignments: 4 });
    const after = await counts();
    expect(after).toEqual({ units: before.units + 4, assignments: before.assignments + 4, imports: before.imports + 1 });

    const s1 = await unitByName(`新一小学-${tag}`);
    expect(s1).toMatchObject({ kind: 'school', schoolKind: 'primary', parentId: d.area1.id, areaName: d.area1.name, address: '一路 1 号', principal: '张校长', safetyOfficer: '李老师', phone: '0519-1', enrolment: 800 });
    expect(s1!.teams.map((x) => x.name)).toEqual([d.teamA.name]);
    const s2 = await unitByName(`新二初级中学-${tag}`);
    expect(s2).toMatchObject({ schoolKind: 'middle', areaName: `三片区-${tag}` });
    expect(s2!.teams.map((x) => x.name).sort()).toEqual([d.teamA.name, d.teamB.name].sort());
    expect(await unitByName(`新三幼儿园-${tag}`)).toMatchObject({ schoolKind: 'kindergarten', parentId: d.bureau.id, areaName: null, enrolment: 120 });
    const b2 = await unitByName(d.schoolB2.name);
    expect(b2).toMatchObject({ address: '乙二新址', areaName: d.area2.name, version: 2 });
    expect(b2!.teams.map((x) => x.name).sort()).toEqual([d.teamA.name, d.teamB.name].sort()); // added, none removed
    const teamA = (await staff.get(`/api/units?kind=school&teamId=${d.teamA.id}&pageSize=100`)).json();
    expect(teamA.total).toBe(5);

    const audit = await t().tdb.db.selectFrom('audit_event').select(['details', 'actor_user_id', 'object_id']).where('action', '=', 'unit.import').executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(d.users.staff.id);
    expect(audit.object_id).toBe(d.bureau.id);
    expect(audit.details).toMatchObject({ created: 3, updated: 1, areasCreated: 1, assignments: 4, sheetName: '学校名单', fileName: '学校名单.xlsx' });

    // The same file again changes nothing but still counts its rows as updates.
    const again = await post(COMMIT, file);
    expect(again.json()).toEqual({ created: 0, updated: 4, areasCreated: 0, assignments: 0 });
    expect((await counts()).units).toBe(after.units);
  });

  it('moves an existing school to the area given, keeps fields the sheet leaves empty', async () => {
    const res = await post(COMMIT, await sheetOf([['学校名称', '片区', '地址'], [d.schoolA2.name, d.area2.name, '']]), admin);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 0, updated: 1 });
    const a2 = await unitByName(d.schoolA2.name);
    expect(a2).toMatchObject({ parentId: d.area2.id, schoolKind: 'kindergarten', address: null });
  });

  it('refuses the whole file when one row is bad: 422 with the errors, nothing written', async () => {
    const file = await sheetOf([
      ['学校名称', '片区', '督查小组', '在校人数'],
      [`好学校一小学-${d.tag}`, `四片区-${d.tag}`, d.teamA.name, 10],
      [`好学校二小学-${d.tag}`, '', '', 20],
      [`坏学校小学-${d.tag}`, '', '', '很多'],
    ]);
    const before = await counts();
    const preview = (await post(PREVIEW, file)).json();
    expect(preview.errors).toEqual([{ row: 4, column: '在校人数', message: expect.stringContaining('整数') }]);
    expect(preview.summary).toMatchObject({ create: 2, newAreas: [`四片区-${d.tag}`] });

    const res = await post(COMMIT, file);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('IMPORT_INVALID');
    expect(res.json().error.message).toContain('未导入任何数据');
    expect(res.json().error.details.errors).toEqual(preview.errors);
    expect(await counts()).toEqual(before);
    expect(await unitByName(`好学校一小学-${d.tag}`)).toBeUndefined();
  });

  it('reports duplicate names on the later row and refuses to commit them', async () => {
    const name = `重名小学-${d.tag}`;
    const file = await sheetOf([['学校名称'], [name], [`别的小学-${d.tag}`], [` ${name}\u3000`]]);
    const p = (await post(PREVIEW, file)).json();
    expect(p.errors).toEqual([{ row: 4, column: '学校名称', message: `学校名称“${name}”与第 2 行重复` }]);
    const before = await counts();
    expect((await post(COMMIT, file)).statusCode).toBe(422);
    expect(await counts()).toEqual(before);
  });

  it('treats an unknown team name as a row error, never as a new team', async () => {
    const file = await sheetOf([['学校名称', '督查组'], [`某小学-${d.tag}`, `${d.teamA.name}，不存在的组`]]);
    const p = (await post(PREVIEW, file)).json();
    expect(p.errors).toEqual([{ row: 2, column: '督查组', message: expect.stringContaining('督查小组“不存在的组”不存在') }]);
    const teamsBefore = await t().tdb.db.selectFrom('supervision_team').select('id').execute();
    expect((await post(COMMIT, file)).statusCode).toBe(422);
    expect(await t().tdb.db.selectFrom('supervision_team').select('id').execute()).toHaveLength(teamsBefore.length);
  });

  it('checks education groups, and teams of another district are unknown here', async () => {
    const other = await buildDistrict(t().tdb.db);
    const file = await sheetOf([['学校名称', '督查小组', '教育集团'], [`集团小学-${d.tag}`, other.teamA.name, '没有的集团']]);
    const p = (await post(PREVIEW, file)).json();
    expect(p.errors.map((e: { column: string }) => e.column)).toEqual(['督查小组', '教育集团']);
    expect(p.errors[1].message).toContain('教育集团“没有的集团”不存在');
  });

  it('needs a kind it can tell for a new school', async () => {
    const p = (await post(PREVIEW, await sheetOf([['学校名称', '类别'], [`阳光之家-${d.tag}`, '']]))).json();
    expect(p.errors).toEqual([{ row: 2, column: '类别', message: '无法从校名判断学校类别，请填写类别' }]);
  });

  it('refuses a file that is not an .xlsx, a sheet without the name column, and the wrong first sheet', async () => {
    const notZip = await post(PREVIEW, Buffer.from('这不是表格'));
    expect(notZip.statusCode).toBe(400);
    expect(notZip.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('文件不是有效的 Excel（.xlsx）文件') });

    const xls = await post(PREVIEW, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1024)]));
    expect(xls.statusCode).toBe(400);
    expect(xls.json().error.message).toMatch(/旧版 Excel（\.xls）.*另存为.*\.xlsx/);

    const missing = await post(PREVIEW, await sheetOf([['名称', '片区'], ['甲小学', '一片区']]));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('缺少必填列：学校名称');
    expect(missing.json().error.details.headersFound).toEqual(['名称', '片区']);

    const wrong = await post(COMMIT, await xlsxOf([{ name: '说明', rows: [['填表说明']] }, { name: '名单', rows: [['学校名称'], [`错表小学-${d.tag}`]] }]));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toContain('「名单」');
  });

  it('refuses a missing file, two files, a wrong field, a JSON body and a file over the size limit', async () => {
    const file = await sheetOf([['学校名称'], [`上传小学-${d.tag}`]]);
    const app = t().app;
    const none = await postParts(app, staff, PREVIEW, [{ name: 'note', data: '你好' }]);
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toContain('请选择要上传的 Excel');

    const two = await postParts(app, staff, PREVIEW, [
      { name: 'file', filename: 'a.xlsx', data: file },
      { name: 'file', filename: 'b.xlsx', data: file },
    ]);
    expect(two.statusCode).toBe(400);
    expect(two.json().error.message).toBe('一次只能上传一个文件');

    const field = await postParts(app, staff, PREVIEW, [{ name: 'upload', filename: 'a.xlsx', data: file }]);
    expect(field.statusCode).toBe(400);
    expect(field.json().error.message).toContain('表单字段 file');

    const { payload, contentType } = multipartBody([{ name: 'file', filename: 'a.xlsx', data: file }]);
    const cut = await app.inject({
      method: 'POST',
      url: PREVIEW,
      headers: { cookie: staff.cookie, 'x-csrf-token': staff.csrf, 'content-type': contentType },
      payload: payload.subarray(0, payload.length - 200),
    });
    expect(cut.statusCode).toBe(400);
    expect(cut.json().error.code).toBe('VALIDATION_FAILED');

    const json = await staff.post(PREVIEW, { file: 'x' });
    expect(json.statusCode).toBe(415);
    expect(json.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');

    const before = await counts();
    const big = await post(COMMIT, Buffer.concat([file, Buffer.alloc(10 * 1024 * 1024)]));
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('10 MB') });
    expect(await counts()).toEqual(before);
  });

  it('is for bureau staff and admins only, and a write needs the CSRF header', async () => {
    const file = await sheetOf([['学校名称'], [`越权小学-${d.tag}`]]);
    const before = await counts();
    for (const u of [d.users.schoolAdminA1, d.users.memberA, d.users.leader]) {
      const c = await login(t().app, u.username, u.password);
      for (const url of [PREVIEW, COMMIT]) {
        const res = await post(url, file, c);
        expect(res.statusCode, `${u.username} ${url}`).toBe(403);
        expect(res.json().error.code).toBe('FORBIDDEN');
      }
    }
    const noCsrf = await postFile(t().app, staff, COMMIT, file, { csrf: false });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('CSRF_INVALID');
    const anonymous = await t().app.inject({ method: 'POST', url: COMMIT, payload: file, headers: { 'content-type': 'application/octet-stream' } });
    expect(anonymous.statusCode).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it('touches only the caller’s district: a same-named school elsewhere is a new school here', async () => {
    const other = await buildDistrict(t().tdb.db);
    const otherStaff = await buildUser(t().tdb.db, { role: 'bureau_staff', unitId: other.bureau.id });
    await buildTeam(t().tdb.db, { bureauId: other.bureau.id, name: d.teamA.name }); // same team name, other district
    const c = await login(t().app, otherStaff.username, otherStaff.password);
    const p = (await post(PREVIEW, await sheetOf([['学校名称', '督查小组'], [d.schoolA1.name, d.teamA.name]]), c)).json();
    expect(p.errors).toEqual([]);
    expect(p.rows[0]).toMatchObject({ action: 'create' });
    const res = await post(COMMIT, await sheetOf([['学校名称', '督查小组'], [d.schoolA1.name, d.teamA.name]]), c);
    expect(res.json()).toEqual({ created: 1, updated: 0, areasCreated: 0, assignments: 1 });
    const theirs = (await c.get(`/api/units?kind=school&q=${encodeURIComponent(d.schoolA1.name)}`)).json().items;
    expect(theirs).toHaveLength(1);
    expect(theirs[0]).toMatchObject({ parentId: other.bureau.id, teams: [{ name: d.teamA.name }] });
    expect(theirs[0].id).not.toBe(d.schoolA1.id);
    const mine = await unitByName(d.schoolA1.name);
    expect(mine).toMatchObject({ id: d.schoolA1.id, address: null });
    expect(mine!.teams.map((x) => x.name)).toEqual([d.teamA.name]);
    expect(mine!.teams[0]).toMatchObject({ id: d.teamA.id });
  });

  it('runs two imports of one district one after the other: the second finds the first one’s schools', async () => {
    // Big enough that the second request is parsed while the first one's transaction is still writing.
    const rows = Array.from({ length: 1000 }, (_, i) => [`并发${i}小学-${d.tag}`, `并发片区-${d.tag}`]);
    const file = await sheetOf([['学校名称', '片区'], ...rows]);
    const results = await Promise.all([post(COMMIT, file), post(COMMIT, file, admin)]);
    expect(results.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(results.map((r) => r.json().created).sort((a, b) => a - b)).toEqual([0, 1000]);
    expect(results.map((r) => r.json().areasCreated).sort()).toEqual([0, 1]);
  });

  it('imports the largest sheet allowed in one go', async () => {
    const rows = [['学校名称', '片区', '督查小组'], ...Array.from({ length: 5000 }, (_, i) => [`批量${i}小学-${d.tag}`, `批量片区${i % 7}-${d.tag}`, d.teamB.name])];
    const before = await counts();
    const res = await post(COMMIT, await sheetOf(rows));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 5000, updated: 0, areasCreated: 7, assignments: 5000 });
    expect((await counts()).units).toBe(before.units + 5007);
  });
});
