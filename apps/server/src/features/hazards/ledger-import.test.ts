import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';
import { postParts, sheetOf, type Part } from '../../../test/multipart.js';
import { zipOf } from '../../../test/zip.js';

const PREVIEW = '/api/hazards/import/preview';
const COMMIT = '/api/hazards/import/commit';

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** An .xlsx written by exceljs into a Buffer, with optional merged ranges. */
async function workbook(rows: ExcelJS.CellValue[][], opts: { merge?: string[]; name?: string } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(opts.name ?? '隐患台账');
  for (const r of rows) ws.addRow(r);
  for (const m of opts.merge ?? []) ws.mergeCells(m);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A zip by hand whose one entry lies about its size: 50 MB of spaces declared as 1000 bytes. */
function zipBomb(): Buffer {
  return zipOf([
    { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
    { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(50 * 1024 * 1024, 0x20), declared: 1000 },
  ]);
}

describe('hazard ledger import (Excel)', () => {
  const t = useTestApp();
  let d: District;
  let bureau: Client, adminA1: Client, adminB1: Client, staffA1: Client, leader: Client, memberA: Client, sysAdmin: Client;

  const send = (who: Client, url: string, file: Buffer, opts: { mapping?: unknown; filename?: string; csrf?: boolean } = {}) => {
    const parts: Part[] = [{ name: 'file', filename: opts.filename ?? '隐患台账.xlsx', data: file }];
    if (opts.mapping !== undefined) parts.push({ name: 'mapping', data: typeof opts.mapping === 'string' ? opts.mapping : JSON.stringify(opts.mapping) });
    return postParts(t().app, who, url, parts, { csrf: opts.csrf });
  };

  /** Everything an import could write, counted straight from the database. */
  async function counts() {
    const db = t().tdb.db;
    const n = async (q: ReturnType<typeof sql<{ n: string }>>) => Number((await q.execute(db)).rows[0]!.n);
    return {
      hazards: await n(sql<{ n: string }>`SELECT count(*) AS n FROM hazard`),
      events: await n(sql<{ n: string }>`SELECT count(*) AS n FROM hazard_event`),
      imports: await n(sql<{ n: string }>`SELECT count(*) AS n FROM audit_event WHERE action = 'hazard.import'`),
    };
  }

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    const lg = (u: { username: string; password: string }) => login(t().app, u.username, u.password);
    [bureau, adminA1, adminB1, staffA1, leader, memberA, sysAdmin] = await Promise.all([
      lg(d.users.staff), lg(d.users.schoolAdminA1), lg(d.users.schoolAdminB1), lg(d.users.schoolStaffA1), lg(d.users.leader), lg(d.users.memberA), lg(d.users.admin),
    ]);
  });

  it('previews a school ledger with mixed date formats, then commits it: registered when the five commitments are given', async () => {
    const tag = d.tag;
    const file = await workbook([
      [`${d.schoolA1.name}安全隐患排查整治台账`],
      ['填报单位：甲一小学', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '填报日期：2021年3月'],
      ['序号', '学校', '隐患类别', '隐患等级', '存在问题', '隐患部位', '排查时间', '检查方式', '排查人', '整改责任人', '整改措施', '整改资金（万元）', '整改时限', '应急预案', '临时管控措施', '专人盯防', '整改情况'],
      [1, d.schoolA1.name, '消防', '一般', `安全出口指示灯不亮-${tag}`, '教学楼一楼', 44260, '自查', '', '王主任', '更换指示灯', 0.12, '2021-04-30', '安排专人引导疏散', '', '', '已购买灯具'],
      [2, '', '食堂', '', `留样柜温度异常-${tag}，温度显示 12℃，超过规定温度`, '食堂', '2021/03/05', '', '刘师傅', '', '', '', '', '', '', '', ''],
      [3, d.campusA1.name, '校舍', '一般隐患', `东校区围墙裂缝-${tag}`, '', '2021年3月5日', '督查', '', '', '', '', '', '', '', '', ''],
      [4, d.schoolA1.name, '燃气', '重大隐患', `燃气管道老化-${tag}`, '食堂后厨', '2021.3.5', '专项检查', '赵师傅', '李校长', '更换管道', '3000元', '2021年5月1日', '关闭总阀', '暂停使用灶台', '赵师傅', ''],
      [5, d.schoolA1.name, '实验室', '', `危化品柜未双人双锁-${tag}`, '实验室', new Date(Date.UTC(2021, 2, 5)), '', '', '', '', '', '', '', '', '', ''],
      ['', '填表人：张老师　审核人：李校长'],
    ], { merge: ['A1:Q1'] });
    const before = await counts();
    const preview = await send(adminA1, PREVIEW, file);
    expect(preview.statusCode).toBe(200);
    const p = preview.json();
    expect(p.errors).toEqual([]);
    expect(p.sheetName).toBe('隐患台账');
    expect(p.headerRow).toBe(3);
    expect(p.columns.map((c: { field: string | null }) => c.field)).toEqual([
      null, 'school', 'domain', 'grade', 'description', 'location', 'foundAt', 'source', 'foundBy', 'owner', 'measures', 'fundsTenThousandYuan', 'dueDate', 'contingencyPlan', 'interimControls', 'watcher', 'progress',
    ]);
    expect(p.rows).toEqual([
      expect.objectContaining({ row: 4, school: d.schoolA1.name, schoolId: d.schoolA1.id, domain: 'fire', grade: 'general', source: 'self', foundAt: '2021-03-05', state: 'registered', dueDate: '2021-04-30', fundsFen: 120000, owner: '王主任' }),
      expect.objectContaining({ row: 5, school: d.schoolA1.name, domain: 'food', foundAt: '2021-03-05', state: 'reported', title: `留样柜温度异常-${tag}，温度显示 12℃，超过规定…` }),
      expect.objectContaining({ row: 6, school: d.campusA1.name, schoolId: d.campusA1.id, domain: 'buildings', source: 'supervision', foundAt: '2021-03-05', state: 'reported' }),
      expect.objectContaining({ row: 7, domain: 'gas', grade: 'major', source: 'special', foundAt: '2021-03-05', state: 'registered', dueDate: '2021-05-01', fundsFen: 300000 }),
      expect.objectContaining({ row: 8, domain: 'lab_chemicals', foundAt: '2021-03-05', state: 'reported' }),
    ]);
    expect(p.summary).toEqual({ rows: 5, errors: 0, errorRows: 0, reported: 3, registered: 2 });
    expect(p.warnings.join('\n')).toContain('已跳过第 9 行');
    expect(await counts()).toEqual(before);

    const commit = await send(adminA1, COMMIT, file);
    expect(commit.statusCode).toBe(200);
    expect(commit.json()).toEqual({ created: 5, reported: 3, registered: 2 });
    expect(await counts()).toEqual({ hazards: before.hazards + 5, events: before.events + 7, imports: before.imports + 1 });

    const list = (await adminA1.get(`/api/hazards?q=${encodeURIComponent(tag)}&pageSize=100&sort=id&order=asc`)).json();
    expect(list.total).toBe(5);
    expect(list.items.map((h: { state: string }) => h.state)).toEqual(['registered', 'reported', 'reported', 'registered', 'reported']);
    expect(list.items.every((h: { foundAt: string }) => h.foundAt === '2021-03-05')).toBe(true);
    expect(list.items[2]).toMatchObject({ unit: { id: d.campusA1.id }, school: { id: d.schoolA1.id } });
    // The bureau sees them too.
    expect((await bureau.get(`/api/hazards?q=${encodeURIComponent(tag)}`)).json().total).toBe(5);

    const first = (await adminA1.get(`/api/hazards/${list.items[0].id}`)).json();
    expect(first.record).toMatchObject({ title: `安全出口指示灯不亮-${tag}`, description: `安全出口指示灯不亮-${tag}\n整改情况：已购买灯具`, location: '教学楼一楼', foundBy: '用户' + d.users.schoolAdminA1.username.slice(-4), owner: '王主任', fundsFen: 120000, contingencyPlan: '安排专人引导疏散' });
    expect(first.timeline.map((e: { action: string; comment: string; actor: { id: string } }) => [e.action, e.comment, e.actor.id])).toEqual([
      ['report', '从 Excel 导入：隐患台账.xlsx 第 4 行', d.users.schoolAdminA1.id],
      ['register', '从 Excel 导入：隐患台账.xlsx 第 4 行', d.users.schoolAdminA1.id],
    ]);
    const major = (await adminA1.get(`/api/hazards/${list.items[3].id}`)).json();
    expect(major.record).toMatchObject({ grade: 'major', interimControls: '暂停使用灶台', watcher: '赵师傅', foundBy: '赵师傅' });

    const audit = await t().tdb.db.selectFrom('audit_event').select(['details', 'actor_user_id', 'object_id']).where('action', '=', 'hazard.import').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(d.users.schoolAdminA1.id);
    expect(audit.object_id).toBe(d.schoolA1.id);
    expect(audit.details).toMatchObject({
      created: 5, reported: 3, registered: 2, fileName: '隐患台账.xlsx', sheetName: '隐患台账', rows: 5,
      sha256: crypto.createHash('sha256').update(file).digest('hex'),
    });
  });

  it('lets the bureau import rows for any school of the district, as reported hazards', async () => {
    const file = await sheetOf([
      ['学校名称', '隐患类别', '隐患内容', '发现日期'],
      [d.schoolA2.name, '交通', `校门口缺少减速带-${d.tag}`, '2024-09-01'],
      [d.schoolB2.name, '电动车', `车棚私拉电线充电-${d.tag}`, 45000],
    ]);
    const res = await send(bureau, COMMIT, file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 2, reported: 2, registered: 0 });
    const items = (await bureau.get(`/api/hazards?q=${encodeURIComponent(`缺少减速带-${d.tag}`)}`)).json().items;
    expect(items).toEqual([expect.objectContaining({ school: { id: d.schoolA2.id, name: d.schoolA2.name }, domain: 'traffic_bus', state: 'reported', grade: 'general', source: 'self', foundAt: '2024-09-01' })]);
    expect((await bureau.get(`/api/hazards?q=${encodeURIComponent(`私拉电线充电-${d.tag}`)}`)).json().items[0].foundAt).toBe('2023-03-15');
  });

  it('refuses the whole file when one row is bad: row errors in the preview, 422 on commit, nothing written', async () => {
    const file = await sheetOf([
      ['序号', '学校', '隐患类别', '隐患描述', '发现时间', '责任人', '整改措施', '整改资金', '整改时限', '应急预案'],
      [1, d.schoolA1.name, '消防', `好的一行-${d.tag}`, '2021-03-05', '', '', '', '', ''],
      [2, `不存在的学校-${d.tag}`, '消防', '学校写错了', '2021-03-05', '', '', '', '', ''],
      [3, d.schoolB1.name, '消防', '别的学校', '2021-03-05', '', '', '', '', ''],
      [4, d.schoolA1.name, '消防', '日期写错了', '三月五日', '', '', '', '', ''],
      [5, d.schoolA1.name, '消防', '五落实不全', '2021-03-05', '王主任', '更换', '', '2021-04-01', ''],
      [6, d.schoolA1.name, '火星', '类别不认识', '2021-03-05', '', '', '', '', ''],
      [7, d.schoolA1.name, '消防', '整改时限早于发现', '2021-03-05', '王主任', '更换', 100, '2021-03-01', '预案'],
      [8, d.schoolA1.name, '消防', '未来发现', '2099-01-01', '', '', '', '', ''],
    ]);
    const before = await counts();
    const p = (await send(adminA1, PREVIEW, file)).json();
    expect(p.summary).toMatchObject({ rows: 8, errorRows: 7, reported: 1, registered: 0 });
    const byRow = (row: number) => p.errors.filter((e: { row: number }) => e.row === row);
    expect(byRow(2)).toEqual([]);
    expect(p.errors).toEqual(
      expect.arrayContaining([
        { row: 3, column: '学校', message: expect.stringContaining(`学校“不存在的学校-${d.tag}”不存在或不在您的管理范围内`) },
        { row: 4, column: '学校', message: expect.stringContaining(`学校“${d.schoolB1.name}”不存在或不在您的管理范围内`) },
        { row: 5, column: '发现时间', message: expect.stringContaining('无法识别的日期“三月五日”') },
        { row: 6, column: null, message: expect.stringContaining('整改五落实不完整：缺少整改资金、应急预案') },
        { row: 7, column: '隐患类别', message: expect.stringContaining('无法识别的隐患类别“火星”') },
        { row: 8, column: '整改时限', message: '整改时限不能早于发现日期（2021-03-05）' },
        { row: 9, column: '发现时间', message: '发现日期不能晚于今天' },
      ]),
    );
    expect(p.rows.find((r: { row: number }) => r.row === 2).state).toBe('reported');
    expect(p.rows.filter((r: { state: string | null }) => r.state === null)).toHaveLength(7);

    const commit = await send(adminA1, COMMIT, file);
    expect(commit.statusCode).toBe(422);
    expect(commit.json().error.code).toBe('IMPORT_INVALID');
    expect(commit.json().error.message).toContain('未导入任何隐患');
    expect(commit.json().error.details.errors).toEqual(p.errors);
    expect(await counts()).toEqual(before);
  });

  it('names the domain’s refusal when a role may report but not register', async () => {
    const file = await sheetOf([
      ['学校', '隐患类别', '隐患描述', '发现时间', '责任人', '整改措施', '整改资金', '整改时限', '应急预案'],
      [d.schoolA1.name, '消防', '局里登记的隐患', '2021-03-05', '王主任', '更换', 0, '2021-04-01', '预案'],
    ]);
    const before = await counts();
    const res = await send(bureau, COMMIT, file);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.errors).toEqual([{ row: 2, column: null, message: expect.stringMatching(/^局科室人员不能登记.*学校管理员/) }]);
    expect(await counts()).toEqual(before);
  });

  it('takes the user’s column mapping over the usual header names', async () => {
    const file = await sheetOf([
      ['学校', '类别', '隐患描述', '详细情况', '检查日期', '备注'],
      [d.schoolA1.name, '网络', `机房门禁失效-${d.tag}`, `机房门禁系统损坏，外来人员可随意进出-${d.tag}`, '2022-06-01', '无'],
    ]);
    // Without a mapping 详细情况 is ignored and 隐患描述 is the description.
    const plain = (await send(adminA1, PREVIEW, file)).json();
    expect(plain.columns.find((c: { header: string }) => c.header === '详细情况').field).toBeNull();
    expect(plain.warnings.join('\n')).toContain('已忽略无法识别的列：详细情况');

    const mapping = { 隐患描述: 'title', 详细情况: 'description', 备注: null };
    const preview = (await send(adminA1, PREVIEW, file, { mapping })).json();
    expect(preview.errors).toEqual([]);
    expect(preview.columns).toEqual([
      { header: '学校', field: 'school' },
      { header: '类别', field: 'domain' },
      { header: '隐患描述', field: 'title' },
      { header: '详细情况', field: 'description' },
      { header: '检查日期', field: 'foundAt' },
      { header: '备注', field: null },
    ]);
    expect(preview.rows[0]).toMatchObject({ title: `机房门禁失效-${d.tag}`, domain: 'network', state: 'reported' });
    const res = await send(adminA1, COMMIT, file, { mapping });
    expect(res.json()).toEqual({ created: 1, reported: 1, registered: 0 });
    const h = (await adminA1.get(`/api/hazards?q=${encodeURIComponent(`机房门禁失效-${d.tag}`)}`)).json().items[0];
    const detail = (await adminA1.get(`/api/hazards/${h.id}`)).json();
    expect(detail.record).toMatchObject({ title: `机房门禁失效-${d.tag}`, description: `机房门禁系统损坏，外来人员可随意进出-${d.tag}` });

    // A mapping that names a field that does not exist, or a column the sheet lacks, is refused.
    const badField = await send(adminA1, PREVIEW, file, { mapping: { 详细情况: 'details' } });
    expect(badField.statusCode).toBe(400);
    expect(badField.json().error.message).toContain('字段“details”无效');
    const badColumn = await send(adminA1, PREVIEW, file, { mapping: { 整改情况说明: 'progress' } });
    expect(badColumn.statusCode).toBe(400);
    expect(badColumn.json().error.message).toContain('表头（第 1 行）中不存在：整改情况说明');
    const notJson = await send(adminA1, PREVIEW, file, { mapping: '{详细情况: description}' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.message).toContain('不是有效的 JSON');
  });

  it('refuses a zip bomb, a file that is not an .xlsx, an old .xls, an empty sheet and missing required columns with clear 400s', async () => {
    const before = await counts();
    const bomb = await send(adminA1, PREVIEW, zipBomb());
    expect(bomb.statusCode).toBe(400);
    expect(bomb.json().error.message).toContain('解压后超过');
    const notZip = await send(bureau, COMMIT, Buffer.from('学校,隐患描述\n甲一小学,灭火器过期\n'), { filename: '台账.csv' });
    expect(notZip.statusCode).toBe(400);
    expect(notZip.json().error.message).toContain('文件不是有效的 Excel（.xlsx）文件');
    const xls = await send(bureau, PREVIEW, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1024)]), { filename: '台账.xls' });
    expect(xls.statusCode).toBe(400);
    expect(xls.json().error.message).toMatch(/旧版 Excel（\.xls）.*\.xlsx/);
    const empty = await send(bureau, PREVIEW, await workbook([]));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('是空的');
    const missing = await send(bureau, PREVIEW, await sheetOf([['学校', '隐患描述', '整改措施'], [d.schoolA1.name, '灭火器过期', '更换']]));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toMatch(/^缺少必填列：隐患类别、发现时间/);
    // A school admin may leave out the school column, the bureau may not.
    const noSchool = await sheetOf([['隐患类别', '隐患描述', '发现时间'], ['消防', '灭火器过期', '2021-03-05']]);
    expect((await send(bureau, PREVIEW, noSchool)).json().error.message).toMatch(/^缺少必填列：学校/);
    expect((await send(adminA1, PREVIEW, noSchool)).json().rows[0]).toMatchObject({ schoolId: d.schoolA1.id, school: d.schoolA1.name, state: 'reported' });
    const noHeader = await send(bureau, PREVIEW, await sheetOf([['这不是台账'], ['随便写写']]));
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json().error.message).toContain('没有找到隐患台账的表头');
    const noFile = await postParts(t().app, bureau, PREVIEW, [{ name: 'mapping', data: '{}' }]);
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.message).toContain('请选择要上传的隐患台账');
    const json = await bureau.post(PREVIEW, { file: 'x' });
    expect(json.statusCode).toBe(415);
    expect(await counts()).toEqual(before);
  });

  it('refuses roles without hazard.import (the system admin too), and a request without the CSRF token', async () => {
    const file = await sheetOf([['学校', '隐患类别', '隐患描述', '发现时间'], [d.schoolA1.name, '消防', '灭火器过期', '2021-03-05']]);
    const before = await counts();
    for (const who of [staffA1, leader, memberA, sysAdmin]) {
      for (const url of [PREVIEW, COMMIT]) {
        const res = await send(who, url, file);
        expect(res.statusCode).toBe(403);
        expect(res.json().error.code).toBe('FORBIDDEN');
      }
    }
    const noCsrf = await send(adminA1, COMMIT, file, { csrf: false });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('CSRF_INVALID');
    expect(await counts()).toEqual(before);
    // Bureau staff may (the system administrator may not: it acts on no hazard), and adminB1 only for its own school: A1 is a row error.
    expect((await send(bureau, PREVIEW, file)).json().errors).toEqual([]);
    expect((await send(adminB1, PREVIEW, file)).json().errors).toEqual([
      { row: 2, column: '学校', message: expect.stringContaining('不存在或不在您的管理范围内') },
    ]);
  });

  it('uses today as the limit for found dates and accepts one written as today', async () => {
    const file = await sheetOf([['学校', '隐患类别', '隐患描述', '发现时间'], [d.schoolA1.name, '消防', `今天发现的-${d.tag}`, today()]]);
    expect((await send(adminA1, PREVIEW, file)).json().errors).toEqual([]);
  });
});
