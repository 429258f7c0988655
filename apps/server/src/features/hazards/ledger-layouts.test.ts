import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { hazardInvariantViolations, type Hazard } from '@xiaoan/domain';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';
import { postParts, type Part } from '../../../test/multipart.js';

/*
 * Ledgers as they arrive from elsewhere: five layouts modelled on public templates (each
 * fixture names its source), closed hazards with their history, the district ledger of
 * the bureau, the mapping step and the layout the bureau's platform remembers.
 */

const PREVIEW = '/api/hazards/import/preview';
const COMMIT = '/api/hazards/import/commit';

async function workbook(rows: ExcelJS.CellValue[][], merge: string[] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  for (const m of merge) ws.mergeCells(m);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

type Col = { header: string; field: string | null; basis: string; confidence: number; reason: string };

describe('ledger imports of other layouts, closed hazards included', () => {
  const t = useTestApp();
  let d: District;
  let bureau: Client, adminA1: Client;

  const send = (who: Client, url: string, file: Buffer, mapping?: unknown) => {
    const parts: Part[] = [{ name: 'file', filename: '台账.xlsx', data: file }];
    if (mapping !== undefined) parts.push({ name: 'mapping', data: JSON.stringify(mapping) });
    return postParts(t().app, who, url, parts);
  };
  const counts = async () => {
    const r = await sql<{ h: string; e: string }>`SELECT (SELECT count(*) FROM hazard) AS h, (SELECT count(*) FROM hazard_event) AS e`.execute(t().tdb.db);
    return { hazards: Number(r.rows[0]!.h), events: Number(r.rows[0]!.e) };
  };
  const byTitle = async (title: string) =>
    t().tdb.db.selectFrom('hazard').select(['id', 'state', 'doc', 'closed_at']).where('title', '=', title).executeTakeFirstOrThrow();
  const history = async (id: string) =>
    (await t().tdb.db.selectFrom('hazard_event').select(['action', 'from_state', 'to_state', 'at', 'comment']).where('hazard_id', '=', id).orderBy('id').execute()).map(
      (e) => e.action,
    );

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    bureau = await login(t().app, d.users.staff.username, d.users.staff.password);
    adminA1 = await login(t().app, d.users.schoolAdminA1.username, d.users.schoolAdminA1.password);
  });

  it('layout 1 — a school’s 年度安全隐患整改销号登记表: closed rows become closed hazards with report → register → start → submit → close', async () => {
    // Source: 《小学安全隐患整改销号台账管理制度》(safehoo.com, 2024-03): 《年度学校安全隐患整改销号登记表》 —
    // 排查日期、存在问题、整改措施、整改责任人、整改期限、整改情况、销号时间、验收人.
    const tag = d.tag;
    const file = await workbook([
      [`年度学校安全隐患整改销号登记表`],
      ['序号', '排查日期', '隐患类别', '存在问题', '整改措施', '整改责任人', '整改期限', '整改情况', '销号时间', '验收人', '备注'],
      [1, '2024-03-04', '消防', `灭火器压力不足-${tag}`, '更换灭火器', '王老师', '2024-03-10', '已整改', '2024-03-09', '李校长', ''],
      [2, '2024/03/05', '校舍', `围墙裂缝-${tag}`, '', '', '', '未整改', '', '', '待资金'],
      [3, '2024年3月6日', '食品', `留样不足-${tag}`, '补足留样', '刘师傅', '2024-03-07', '已销号', '', '张副校长', ''],
    ], ['A1:K1']);
    const before = await counts();
    const p = (await send(adminA1, PREVIEW, file)).json();
    expect(p.errors).toEqual([]);
    expect(p.columns.map((c: Col) => c.field)).toEqual([null, 'foundAt', 'domain', 'description', 'measures', 'owner', 'dueDate', 'progress', 'verifiedAt', 'verifier', null]);
    expect(p.columnMatches.find((c: Col) => c.header === '存在问题')).toMatchObject({ basis: 'synonym', confidence: 0.9 });
    expect(p.columnMatches.find((c: Col) => c.header === '序号')).toMatchObject({ field: null, basis: 'none' });
    expect(p.rows.map((r: { state: string }) => r.state)).toEqual(['closed', 'reported', 'closed']);
    expect(p.rows[0]).toMatchObject({ closedAt: '2024-03-09', verifier: '李校长', notRecorded: ['整改资金', '应急预案'] });
    expect(p.summary).toMatchObject({ rows: 3, reported: 1, registered: 0, closed: 2 });
    expect(await counts()).toEqual(before);

    const res = await send(adminA1, COMMIT, file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 3, reported: 1, registered: 0, closed: 2 });
    const closed = await byTitle(`灭火器压力不足-${tag}`);
    expect(closed.state).toBe('closed');
    expect(await history(closed.id)).toEqual(['report', 'register', 'start_rectification', 'request_verification', 'close']);
    const doc = closed.doc as Hazard;
    expect(hazardInvariantViolations(doc)).toEqual([]);
    expect(doc).toMatchObject({ owner: '王老师', measures: '更换灭火器', fundsFen: 0, contingencyPlan: '原台账未填写', dueDate: '2024-03-10' });
    expect(doc.closeComment).toContain('验收人：李校长');
    expect(doc.closedAt!.slice(0, 10)).toBe('2024-03-09');
    expect(doc.evidence).toHaveLength(1);
    // The evidence is the uploaded ledger, stored for the school.
    const f = await t().tdb.db.selectFrom('file_object').select(['unit_id', 'kind', 'original_name']).where('id', '=', doc.evidence[0]!.fileId).executeTakeFirstOrThrow();
    expect(f).toMatchObject({ unit_id: d.schoolA1.id, kind: 'document', original_name: '台账.xlsx' });
    // No 销号时间 but 已销号: closed on the due date it kept.
    expect(((await byTitle(`留样不足-${tag}`)).doc as Hazard).closedAt!.slice(0, 10)).toBe('2024-03-07');
    const detail = (await adminA1.get(`/api/hazards/${closed.id}`)).json();
    expect(detail.timeline.map((e: { action: string }) => e.action)).toEqual(['report', 'register', 'start_rectification', 'request_verification', 'close']);
    expect(detail.timeline[4].comment).toContain('据原台账');
  });

  it('layout 2 — a 双重预防 system’s export, imported by the bureau with the school on each row', async () => {
    // Source: 山东省隐患排查治理信息系统用户手册 v1.3 (35331.cn) and DB37/T 4085—2020 附录 C
    // 现场管理类隐患排查治理台账: 隐患名称、隐患级别、整改负责人、整改方案、资金、计划完成时间、复查人、复查日期、复查结果.
    const tag = d.tag;
    const file = await workbook([
      ['隐患编号', '单位名称', '隐患名称', '隐患级别', '所属领域', '隐患部位', '发现日期', '排查人', '整改负责人', '整改方案', '资金（万元）', '计划完成时间', '应急措施', '整改状态', '复查人', '复查日期', '复查结果'],
      ['YH-001', d.schoolA2.name, `配电箱未上锁-${tag}`, '一般隐患', '校舍及设施设备安全', '教学楼', '2024-05-06', '督查组', '园长', '加锁', 0.02, '2024-05-10', '张贴警示', '已整改', '赵组长', '2024-05-12', '合格'],
      // The school named in full-width brackets and with the district's prefix: still one school.
      ['YH-002', `某区${d.schoolB2.name}`, `燃气报警器失效-${tag}`, '重大隐患', '燃气', '食堂', '2024-05-07', '督查组', '校长', '更换报警器', 0.3, '2024-06-30', '停用燃气灶', '整改中', '', '', ''],
      ['YH-003', `不存在的学校-${tag}`, `外来的-${tag}`, '一般隐患', '消防', '', '2024-05-07', '', '', '', '', '', '', '', '', '', ''],
    ]);
    const p = (await send(bureau, PREVIEW, file)).json();
    expect(p.columns.map((c: Col) => c.field)).toEqual([
      null, 'school', 'title', 'grade', 'domain', 'location', 'foundAt', 'foundBy', 'owner', 'measures', 'fundsTenThousandYuan', 'dueDate', 'contingencyPlan', 'status', 'verifier', 'verifiedAt', 'verificationResult',
    ]);
    expect(p.errors).toEqual([
      { row: 3, column: null, message: expect.stringMatching(/^局科室人员不能登记/) },
      { row: 4, column: '单位名称', message: expect.stringContaining(`学校“不存在的学校-${tag}”不存在或不在您的管理范围内`) },
    ]);
    expect(p.rows[0]).toMatchObject({ schoolId: d.schoolA2.id, state: 'closed', closedAt: '2024-05-12' });
    expect(p.rows[1]).toMatchObject({ schoolId: d.schoolB2.id });

    // Without the refused rows: the bureau's district ledger goes in, closed rows with their history.
    const ok = await workbook([
      ['隐患编号', '单位名称', '隐患名称', '隐患级别', '所属领域', '隐患部位', '发现日期', '排查人', '整改负责人', '整改方案', '资金（万元）', '计划完成时间', '应急措施', '整改状态', '复查人', '复查日期', '复查结果'],
      ['YH-001', d.schoolA2.name, `配电箱未上锁-${tag}`, '一般隐患', '校舍及设施设备安全', '教学楼', '2024-05-06', '督查组', '园长', '加锁', 0.02, '2024-05-10', '张贴警示', '已整改', '赵组长', '2024-05-12', '合格'],
      ['YH-002', `某区${d.schoolB2.name}`, `燃气报警器失效-${tag}`, '重大隐患', '燃气', '食堂', '2024-05-07', '督查组', '', '', '', '', '', '', '', '', ''],
    ]);
    const res = await send(bureau, COMMIT, ok);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 2, reported: 1, registered: 0, closed: 1 });
    const h = await byTitle(`配电箱未上锁-${tag}`);
    const doc = h.doc as Hazard;
    expect(hazardInvariantViolations(doc)).toEqual([]);
    // The bureau closed it; the school's steps were taken by the people the ledger names.
    expect(doc.closedBy).toEqual({ userId: d.users.staff.id, role: 'bureau_staff' });
    expect(doc.rectifiedBy?.userId).toBe('0');
    expect(doc.fundsFen).toBe(20000);
    expect(await history(h.id)).toEqual(['report', 'register', 'start_rectification', 'request_verification', 'close']);
  });

  it('layout 3 — a provincial template with a merged group header (整改情况 over 措施 | 责任人 | 时限, 验收 over 人 | 时间)', async () => {
    // Source: 安全隐患排查治理台账 templates with two-level headers (DB37/T 4085—2020 附录 C/D, 学校安全隐患排查台账记录表 renrendoc.com/paper/489208962).
    const tag = d.tag;
    const file = await workbook(
      [
        ['学校安全隐患排查治理台账'],
        ['序号', '学校', '隐患内容', '隐患类型', '排查时间', '整改情况', '', '', '验收', '', '备注'],
        ['', '', '', '', '', '整改措施', '责任人', '时限', '人', '时间', ''],
        [1, d.schoolA1.name, `楼梯扶手松动-${tag}`, '校舍', '2024-09-02', '加固', '后勤处', '2024-09-09', '陈主任', '2024-09-08', ''],
      ],
      ['A1:K1', 'A2:A3', 'B2:B3', 'C2:C3', 'D2:D3', 'E2:E3', 'F2:H2', 'I2:J2', 'K2:K3'],
    );
    const p = (await send(adminA1, PREVIEW, file)).json();
    expect(p.headerRow).toBe(2);
    expect(p.columns).toEqual([
      { header: '序号', field: null },
      { header: '学校', field: 'school' },
      { header: '隐患内容', field: 'description' },
      { header: '隐患类型', field: 'domain' },
      { header: '排查时间', field: 'foundAt' },
      { header: '整改措施', field: 'measures' },
      { header: '责任人', field: 'owner' },
      { header: '时限', field: 'dueDate' },
      { header: '验收人', field: 'verifier' },
      { header: '验收时间', field: 'verifiedAt' },
      { header: '备注', field: null },
    ]);
    expect(p.errors).toEqual([]);
    expect(p.rows[0]).toMatchObject({ state: 'closed', closedAt: '2024-09-08', verifier: '陈主任' });
  });

  it('layout 4 — a 隐患排查台账记录表 with 隐患状态 and 复查: a closure before the discovery is a row error, nothing written', async () => {
    // Source: 《学校安全隐患排查台账记录表》(renrendoc.com/paper/489208962): 检查时间、检查人、隐患位置、隐患描述、
    // 隐患等级、整改建议、责任人、完成时限、隐患状态（未整改/整改中/已整改）、复查人、复查时间.
    const tag = d.tag;
    const file = await workbook([
      ['序号', '检查时间', '检查人', '隐患位置', '隐患描述', '隐患等级', '类别', '整改建议', '责任人', '完成时限', '隐患状态', '复查人', '复查时间'],
      [1, '2024-10-08', '保卫科', '校门', `门岗无值守-${tag}`, '一般', '治安', '落实值守', '保卫科长', '2024-10-09', '已整改', '副校长', '2024-10-01'],
      [2, '2024-10-08', '保卫科', '操场', `篮球架松动-${tag}`, '一般', '校舍', '', '', '', '待验收', '', ''],
      [3, '2024-10-08', '保卫科', '操场', `跑道破损-${tag}`, '一般', '校舍', '', '', '', '整改得差不多', '', ''],
    ]);
    const before = await counts();
    const p = (await send(adminA1, PREVIEW, file)).json();
    expect(p.errors).toEqual([
      { row: 2, column: '复查时间', message: '验收（销号）时间（2024-10-01）早于发现时间（2024-10-08），请核对' },
      { row: 4, column: '隐患状态', message: expect.stringContaining('无法识别的整改状态“整改得差不多”') },
    ]);
    expect(p.rows[1]).toMatchObject({ state: 'pending_verification' });
    const res = await send(adminA1, COMMIT, file);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.errors).toEqual(p.errors);
    expect(await counts()).toEqual(before);
  });

  it('layout 5 — 是否整改 / 验收意见 / 验收日期 (a simple Excel template): unknown columns get a keyword guess, the user corrects one, the bureau remembers it', async () => {
    // Source: 安全隐患排查台账的核心内容（fudaoke.com/exam/3059835）: 排查时间、地点、隐患描述、整改措施及验收记录;
    // the template's 隐患所在处室 column is not a usual name.
    const tag = d.tag;
    const rows = (suffix: string): ExcelJS.CellValue[][] => [
      ['排查时间', '隐患所在处室', '问题描述', '隐患分类', '整改措施', '整改负责人', '整改期限', '应急预案', '整改资金', '是否整改', '验收意见', '验收日期'],
      ['2024-11-04', '总务处', `电线私拉乱接-${tag}${suffix}`, '消防', '规范布线', '总务主任', '2024-11-08', '断电', 100, '是', '同意销号', '2024-11-08'],
      ['2024-11-05', '教务处', `投影仪支架松动-${tag}${suffix}`, '校舍', '', '', '', '', '', '否', '', ''],
    ];
    const first = (await send(adminA1, PREVIEW, await workbook(rows('a')))).json();
    const office = first.columnMatches.find((c: Col) => c.header === '隐患所在处室');
    // 隐患所在处室: no usual name, no keyword → shown as unrecognised for the user to decide.
    expect(office).toMatchObject({ field: null, basis: 'none', confidence: 0 });
    expect(first.columnMatches.find((c: Col) => c.header === '是否整改')).toMatchObject({ field: 'status', basis: 'synonym' });
    expect(first.rows.map((r: { state: string }) => r.state)).toEqual(['closed', 'reported']);
    expect(first.layout).toMatchObject({ remembered: false, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(first.fields).toEqual(expect.arrayContaining([{ field: 'verifiedAt', label: '验收（销号）时间' }]));

    // The user maps it to the location and commits: the bureau remembers this layout.
    const mapping = { 隐患所在处室: 'location' };
    const res = await send(adminA1, COMMIT, await workbook(rows('a')), mapping);
    expect(res.statusCode, res.body).toBe(200);
    expect(((await byTitle(`电线私拉乱接-${tag}a`)).doc as Hazard).location).toBe('总务处');
    const layout = await t().tdb.db.selectFrom('import_layout').selectAll().where('fingerprint', '=', first.layout.fingerprint).executeTakeFirstOrThrow();
    expect(layout).toMatchObject({ bureau_id: d.bureau.id, kind: 'hazard_ledger', mapping: expect.objectContaining({ 隐患所在处室: 'location', 问题描述: 'description' }) });

    // Next time, anyone in the district uploading this layout gets the mapping proposed, without sending it
    // (here another school of the district: the layout is the bureau's, not the user's).
    const adminB1 = await login(t().app, d.users.schoolAdminB1.username, d.users.schoolAdminB1.password);
    const next = (await send(adminB1, PREVIEW, await workbook(rows('b')))).json();
    expect(next.layout.remembered).toBe(true);
    expect(next.columnMatches.find((c: Col) => c.header === '隐患所在处室')).toMatchObject({ field: 'location', basis: 'remembered' });
  });

  it('refuses a mapping that leaves the title unmapped, and .xls / .wps / encrypted files renamed to .xlsx, with Chinese messages', async () => {
    const file = await workbook([
      ['学校', '隐患类别', '存在问题', '发现时间'],
      [d.schoolA1.name, '消防', '灭火器过期', '2024-03-05'],
    ]);
    const before = await counts();
    const unmapped = await send(adminA1, COMMIT, file, { 存在问题: null });
    expect(unmapped.statusCode).toBe(400);
    expect(unmapped.json().error.message).toContain('没有对应到“隐患名称”或“隐患描述”的列');
    const ole = (streams: string[]) =>
      Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504), ...streams.map((n) => Buffer.from(n, 'utf16le')), Buffer.alloc(512)]);
    const cases: [Buffer, RegExp][] = [
      [ole(['Root Entry', 'Workbook']), /旧版 Excel（\.xls）或 WPS 表格/],
      [ole(['Root Entry', 'WordDocument']), /Word 或 WPS 文字文档/],
      [ole(['Root Entry', 'EncryptionInfo', 'EncryptedPackage']), /设置了打开密码/],
      [Buffer.from('PK\u0003\u0004 this is not really a zip'), /Excel|xlsx|损坏/],
    ];
    for (const [buf, message] of cases) {
      const res = await send(adminA1, PREVIEW, buf);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toMatch(message);
    }
    expect(await counts()).toEqual(before);
  });
});
