import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginEach, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';
import { XLSX_TYPE, postParts, sheetOf } from '../../../test/multipart.js';

/**
 * The chemicals ledger in Excel: an import is previewed with each row's problems in Chinese and
 * writes nothing while any row has one; a clean file adds the catalogue and books the opening
 * stock; the export reads back in the school's layout, and another school's export is a 404.
 */
describe('chemicals ledger: Excel in and out', () => {
  const t = useTestApp();
  let d: District;
  let c: Record<'leader' | 'schoolAdminA1' | 'schoolAdminB1', Client>;
  const header = ['序号', '名称', 'CAS号', '类别', '计量单位', '存放地点', '期初库存'];
  const send = async (rows: ExcelJS.CellValue[][], commit: boolean) =>
    postParts(t().app, c.schoolAdminA1, commit ? '/api/registries/chemicals/import' : '/api/registries/chemicals/import/preview', [
      { name: 'file', data: await sheetOf([['甲一小学 危化品台账'], header, ...rows], '危化品台账'), filename: '台账.xlsx', contentType: XLSX_TYPE },
    ]);

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    c = await loginEach(t().app, d.users, ['leader', 'schoolAdminA1', 'schoolAdminB1']);
    const s = await c.schoolAdminA1.post('/api/registries/chemical-stores', { name: '科学实验室危化品柜', kind: 'cabinet', holderA: '张伟', holderB: '李娜' });
    expect(s.statusCode, s.body).toBe(201);
  });

  it('previews row errors and writes nothing; a clean file imports the catalogue and the opening stock', async () => {
    const bad = await send(
      [
        [1, '盐酸', '7647-01-0', '易制毒', 'mL', '科学实验室危化品柜', 500],
        [2, '硫酸', '7664-93-0', '易制毒', 'mL', '科学实验室危化品柜', -3],
        [3, '酒精', '', '可燃', 'mL', '不存在的柜', 100],
      ],
      true,
    );
    expect(bad.statusCode, bad.body).toBe(200);
    const r = bad.json();
    expect(r.committed).toBe(false);
    expect(r.errors).toBe(2);
    expect(r.rows[1].errors.join('；')).toContain('CAS号: CAS 号');
    expect(r.rows[1].errors.join('；')).toContain('期初库存: 数量不能为负数');
    expect(r.rows[2].errors.join('；')).toContain('类别: “可燃”');
    expect(r.rows[2].errors.join('；')).toContain('本校没有名为“不存在的柜”');
    expect((await c.schoolAdminA1.get('/api/registries/chemicals')).json().total).toBe(0);
    const ok = await send([[1, '盐酸', '7647-01-0', '易制毒', 'mL', '科学实验室危化品柜', 500], [2, '氢氧化钠', '1310-73-2', '一般危化品', 'g', '', '']], true);
    expect(ok.json(), ok.body).toMatchObject({ committed: true, errors: 0, created: 2, stocked: 1 });
    const list = (await c.schoolAdminA1.get('/api/registries/chemicals')).json();
    expect(list.total).toBe(2);
    expect(list.items.find((x: { name: string }) => x.name === '盐酸').balance).toBe(500);
    const again = await send([[1, '盐酸', '7647-01-0', '易制毒', 'mL', '科学实验室危化品柜', 500]], false);
    expect(again.json().rows[0].errors.join('')).toContain('期初库存只能在开始登记前导入');
  });

  it('exports the ledger in the school’s layout; the bureau names the school, another school gets 404', async () => {
    const res = await c.schoolAdminA1.get('/api/registries/chemicals/export.xlsx');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['危化品台账', '出入库登记', '库房与盘点']);
    const ws = wb.getWorksheet('危化品台账')!;
    expect(ws.getRow(2).values).toEqual([undefined, '序号', '名称', 'CAS号', '类别', '计量单位', '存放地点', '期初库存', '双人双锁保管人', '备注']);
    const acid = [3, 4].map((r) => ws.getRow(r).values as unknown[]).find((v) => v[2] === '盐酸')!;
    expect(acid.slice(3, 8)).toEqual(['7647-01-0', '易制毒', 'mL', '科学实验室危化品柜', 500]);
    expect((await c.leader.get(`/api/registries/chemicals/export.xlsx?schoolId=${d.schoolA1.id}`)).statusCode).toBe(200);
    expect((await c.schoolAdminB1.get(`/api/registries/chemicals/export.xlsx?schoolId=${d.schoolA1.id}`)).statusCode).toBe(404);
  });
});
