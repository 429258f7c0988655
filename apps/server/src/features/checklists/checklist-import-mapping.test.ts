import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';
import { postParts, type Part } from '../../../test/multipart.js';

const PREVIEW = '/api/checklists/import/preview';
const COMMIT = '/api/checklists/import/commit';

async function workbook(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('检查表');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

type Match = { header: string; field: string | null; basis: string; confidence: number; reason: string };

describe('checklist import: the column-mapping step', () => {
  const t = useTestApp();
  let d: District;
  let adminA1: Client;

  const send = (url: string, file: Buffer, mapping?: unknown) => {
    const parts: Part[] = [{ name: 'file', filename: '燃气安全检查表.xlsx', data: file }];
    if (mapping !== undefined) parts.push({ name: 'mapping', data: typeof mapping === 'string' ? mapping : JSON.stringify(mapping) });
    return postParts(t().app, adminA1, url, parts);
  };
  const checklists = async () => Number((await sql<{ c: string }>`SELECT count(*) AS c FROM checklist`.execute(t().tdb.db)).rows[0]!.c);

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    adminA1 = await login(t().app, d.users.schoolAdminA1.username, d.users.schoolAdminA1.password);
  });

  // A county's 燃气安全检查表 whose standard column is headed 要求说明, a name no template uses.
  const sheet = () =>
    workbook([
      [`学校燃气安全检查表-${d.tag}`],
      ['序号', '检查项目', '检查要点', '要求说明', '备注'],
      [1, '燃气管道', '管道无锈蚀、无泄漏', '肥皂水检测无气泡', ''],
      [2, '报警装置', '可燃气体报警器完好', '每季度检测一次', '食堂'],
    ]);

  it('answers every column with its basis, confidence and a Chinese reason, and the fields a column may become', async () => {
    const p = (await send(PREVIEW, await sheet())).json();
    const byHeader = new Map((p.columnMatches as Match[]).map((c) => [c.header, c]));
    expect(byHeader.get('检查要点')).toMatchObject({ field: 'text', basis: 'synonym', confidence: 0.9 });
    expect(byHeader.get('检查项目')).toMatchObject({ field: 'group', basis: 'synonym' });
    expect(byHeader.get('序号')).toMatchObject({ field: null, basis: 'none', confidence: 0, reason: expect.stringContaining('不导入') });
    expect(byHeader.get('要求说明')).toMatchObject({ field: null, basis: 'none', reason: expect.stringContaining('未识别') });
    expect(p.fields.map((f: { field: string }) => f.field)).toEqual(['group', 'text', 'standard', 'basis', 'weight', 'code']);
    expect(p.items[0].standard).toBe('');
  });

  it('a corrected column (要求说明 → 检查标准) is read with the full mapping by preview and commit', async () => {
    const mapping = { 序号: null, 检查项目: 'group', 检查要点: 'text', 要求说明: 'standard', 备注: null };
    const p = (await send(PREVIEW, await sheet(), mapping)).json();
    expect(p.errors).toEqual([]);
    expect((p.columnMatches as Match[]).find((c) => c.header === '要求说明')).toMatchObject({ field: 'standard', basis: 'user', confidence: 1 });
    expect(p.items.map((i: { text: string; standard: string }) => [i.text, i.standard])).toEqual([
      ['燃气管道：管道无锈蚀、无泄漏', '肥皂水检测无气泡'],
      ['报警装置：可燃气体报警器完好', '每季度检测一次'],
    ]);
    expect(p.warnings.join('')).not.toContain('要求说明');
    const res = await send(COMMIT, await sheet(), mapping);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().items.map((i: { standard: string }) => i.standard)).toEqual(['肥皂水检测无气泡', '每季度检测一次']);
    expect(res.json().checklist).toMatchObject({ domain: 'gas' });
  });

  it('refuses a bad mapping in Chinese and writes nothing: no JSON, an unknown field, a column the sheet lacks, the content column ignored', async () => {
    const before = await checklists();
    const cases: [unknown, RegExp][] = [
      ['{not json', /不是有效的 JSON/],
      [{ 检查要点: 'result' }, /字段“result”无效/],
      [{ 检查部门: 'group' }, /不存在：检查部门/],
      [{ 检查要点: null, 要求说明: 'standard' }, /检查内容/],
    ];
    for (const [mapping, message] of cases) {
      const res = await send(COMMIT, await sheet(), mapping);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.message).toMatch(message);
    }
    expect(await checklists()).toBe(before);
  });
});
