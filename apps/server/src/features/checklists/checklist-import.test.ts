import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';
import { postParts } from '../../../test/multipart.js';

const PREVIEW = '/api/checklists/import/preview';
const COMMIT = '/api/checklists/import/commit';

async function workbook(rows: ExcelJS.CellValue[][], merge: string[] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('检查表');
  for (const r of rows) ws.addRow(r);
  for (const m of merge) ws.mergeCells(m);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('checklist import (Excel) into the checklist library', () => {
  const t = useTestApp();
  let d: District;
  let bureau: Client, adminA1: Client;

  const send = (who: Client, url: string, file: Buffer, query = '') => postParts(t().app, who, `${url}${query}`, [{ name: 'file', filename: '消防安全检查表.xlsx', data: file }]);
  const counts = async () => {
    const r = await sql<{ c: string; v: string }>`SELECT (SELECT count(*) FROM checklist) AS c, (SELECT count(*) FROM checklist_version) AS v`.execute(t().tdb.db);
    return { checklists: Number(r.rows[0]!.c), versions: Number(r.rows[0]!.v) };
  };

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    bureau = await login(t().app, d.users.staff.username, d.users.staff.password);
    adminA1 = await login(t().app, d.users.schoolAdminA1.username, d.users.schoolAdminA1.password);
  });

  it('previews a school’s 消防安全检查表 (title row, 项目 merged down, 检查标准, 依据, 备注) and writes nothing, then commits it as a new checklist', async () => {
    // Layout of the usual 学校消防安全检查表: 序号 | 项目 | 检查内容 | 检查标准 | 依据 | 备注.
    const file = await workbook(
      [
        [`学校消防安全检查表-${d.tag}`],
        ['序号', '项目', '检查内容', '检查标准', '依据', '备注'],
        [1, '消防器材', '灭火器', '在有效期内，压力指针在绿区', 'GB 50444', ''],
        [2, '', '消火栓', '箱内器材齐全，无遮挡', 'GB 50974', '每月检查'],
        [3, '疏散通道', '安全出口', '畅通无锁闭，指示灯完好', '《中小学幼儿园安全管理办法》', ''],
      ],
      ['A1:F1', 'B3:B4'],
    );
    const before = await counts();
    const res = await send(adminA1, PREVIEW, file);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.errors).toEqual([]);
    expect(p.columns.map((c: { field: string | null }) => c.field)).toEqual([null, 'group', 'text', 'standard', 'basis', null]);
    expect(p.items).toEqual([
      { row: 3, code: 'I01', text: '消防器材：灭火器', standard: '在有效期内，压力指针在绿区', basis: 'GB 50444', schoolKinds: [], pointTypes: [], weight: 1 },
      expect.objectContaining({ row: 4, code: 'I02', text: '消防器材：消火栓' }),
      expect.objectContaining({ row: 5, code: 'I03', text: '疏散通道：安全出口', basis: '《中小学幼儿园安全管理办法》' }),
    ]);
    expect(p.target).toEqual({ checklistId: null, title: `学校消防安全检查表-${d.tag}`, domain: 'fire', versionNo: 1, version: null, added: 3, removed: 0, changed: 0 });
    expect(await counts()).toEqual(before);

    const commit = await send(adminA1, COMMIT, file);
    expect(commit.statusCode, commit.body).toBe(201);
    const c = commit.json();
    expect(c.checklist).toMatchObject({ title: `学校消防安全检查表-${d.tag}`, domain: 'fire', owner: { id: d.schoolA1.id }, versionNo: 1 });
    expect(c.items).toHaveLength(3);
    expect(await counts()).toEqual({ checklists: before.checklists + 1, versions: before.versions + 1 });
    const audit = await t().tdb.db.selectFrom('audit_event').select(['details']).where('action', '=', 'checklist.import').where('object_id', '=', c.checklist.id).executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ items: 3, versionNo: 1, newChecklist: true });
  });

  it('imports a new version of the bureau’s own checklist: unchanged items keep their codes, the old version stays as it was', async () => {
    const created = await bureau.post('/api/checklists', {
      domain: 'food',
      title: `食堂检查表-${d.tag}`,
      items: [
        { code: 'F01', text: '留样', standard: '每餐留样不少于125克，保存48小时', basis: '', schoolKinds: [], pointTypes: [], weight: 1 },
        { code: 'F02', text: '晨检', standard: '从业人员每日晨检', basis: '', schoolKinds: [], pointTypes: [], weight: 1 },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const { checklist } = created.json();
    // The bureau's own sheet: 检查项目 / 检查要点 / 评分标准 / 检查依据 / 分值.
    const file = await workbook([
      ['检查项目', '检查要点', '评分标准', '检查依据', '分值'],
      ['', '留样', '每餐留样不少于125克，保存48小时以上', '《学校食品安全与营养健康管理规定》', 2],
      ['', '消毒', '餐具每餐消毒', '', 1],
    ]);
    const q = `?checklistId=${checklist.id}`;
    const p = (await send(bureau, PREVIEW, file, q)).json();
    expect(p.errors).toEqual([]);
    expect(p.items.map((i: { code: string }) => i.code)).toEqual(['F01', 'F03']);
    expect(p.target).toMatchObject({ checklistId: checklist.id, versionNo: 2, version: checklist.version, added: 1, removed: 1, changed: 1 });

    const noVersion = await send(bureau, COMMIT, file, q);
    expect(noVersion.statusCode).toBe(400);
    expect(noVersion.json().error.message).toContain('version');
    const res = await send(bureau, COMMIT, file, `${q}&version=${checklist.version}`);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().checklist.versionNo).toBe(2);
    const v1 = (await bureau.get(`/api/checklist-versions/${checklist.currentVersionId}`)).json();
    expect(v1.items.map((i: { code: string }) => i.code)).toEqual(['F01', 'F02']);
    // A school may not version the bureau's checklist.
    const other = await send(adminA1, PREVIEW, file, q);
    expect(other.statusCode).toBe(403);
  });

  it('refuses bad files with Chinese messages and writes nothing', async () => {
    const before = await counts();
    const noContent = await send(adminA1, PREVIEW, await workbook([['序号', '名称', '备注'], [1, '灭火器', '']]));
    expect(noContent.statusCode).toBe(400);
    expect(noContent.json().error.message).toContain('没有找到检查表的表头');
    const xls = await send(adminA1, PREVIEW, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504), Buffer.from('Workbook', 'utf16le'), Buffer.alloc(512)]));
    expect(xls.statusCode).toBe(400);
    expect(xls.json().error.message).toContain('旧版 Excel（.xls）');
    const corrupt = await send(adminA1, PREVIEW, Buffer.from('not a workbook at all'));
    expect(corrupt.statusCode).toBe(400);
    const badWeight = await workbook([['检查内容', '检查标准', '分值'], ['灭火器', '有效期内', 20], ['', '缺内容', 1]]);
    const p = (await send(adminA1, PREVIEW, badWeight, '?domain=fire')).json();
    expect(p.errors).toEqual([
      { row: 2, column: '分值', message: expect.stringContaining('分值“20”无效') },
      { row: 3, column: '检查内容', message: '检查内容为空' },
    ]);
    const commit = await send(adminA1, COMMIT, badWeight, '?domain=fire');
    expect(commit.statusCode).toBe(422);
    expect(commit.json().error.details.errors).toEqual(p.errors);
    // Neither the query, the sheet nor the file name (本校自查表) names a domain.
    const noDomain = await postParts(t().app, adminA1, COMMIT, [{ name: 'file', filename: '本校自查表.xlsx', data: await workbook([['检查内容'], ['门窗完好']]) }]);
    expect(noDomain.statusCode).toBe(400);
    expect(noDomain.json().error.message).toContain('请选择检查表所属领域');
    expect(await counts()).toEqual(before);
  });
});
