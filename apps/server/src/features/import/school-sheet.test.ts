import { describe, expect, it } from 'vitest';
import { sheetOf, xlsxOf } from '../../../test/multipart.js';
import { rejection } from '../../../test/rejection.js';
import { zipOf } from '../../../test/zip.js';
import { cellText, normHeader, SHEET_LIMITS } from '../../http/sheet.js';
import { readSchoolSheet } from './school-sheet.js';
import { ZIP_LIMITS } from '../../http/upload.js';

const workbookEntries = (extra: { name: string; data: Buffer; declared?: number }[] = []) => [
  { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
  { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
  ...extra,
];

describe('cell values', () => {
  it('turns rich text, formulas, hyperlinks, numbers and dates into trimmed strings', () => {
    expect(cellText({ richText: [{ text: ' 天宁' }, { text: '小学\u3000' }] }).text).toBe('天宁小学');
    expect(cellText({ formula: 'A1&"小学"', result: '天宁小学' }).text).toBe('天宁小学');
    expect(cellText({ sharedFormula: 'A1', result: 1200 }).text).toBe('1200');
    expect(cellText({ text: '天宁小学', hyperlink: 'http://example.cn' }).text).toBe('天宁小学');
    expect(cellText({ text: { richText: [{ text: '链接' }] }, hyperlink: 'x' }).text).toBe('链接');
    expect(cellText(13812345678).text).toBe('13812345678');
    expect(cellText(0.1 + 0.2).text).toBe('0.3');
    expect(cellText(new Date('2024-09-01T00:00:00Z')).text).toBe('2024-09-01');
    expect(cellText('\u3000\u00a0 一片区 \u200b').text).toBe('一片区');
    expect(cellText({ error: '#N/A' })).toEqual({ text: '', error: '#N/A' });
    expect(cellText(null).text).toBe('');
  });

  it('compares headers without spaces, required-markers or notes in brackets', () => {
    expect(normHeader(' 学 校 名 称 *')).toBe('学校名称');
    expect(normHeader('在校人数（人）')).toBe('在校人数');
    expect(normHeader('*所属片区:')).toBe('所属片区');
  });
});

describe('reading a school sheet', () => {
  it('finds the header under title rows, maps synonyms and reads each row', async () => {
    const buf = await xlsxOf([
      {
        name: '学校名单',
        rows: [
          ['天宁区中小学名单'],
          ['填表日期：2024年9月'],
          ['序号', '校 名*', '学段', '所属片区', '督查组', '在校人数（人）', '电话', '备注', '占位'],
          [1, '天宁小学', '小学', '一片区', '第一组、第二组，第三组', 1200, 13812345678, '', ''],
          [2, '天宁幼儿园', '', '', '第一组', '1,350人', '0519-8888', '', ''],
          [3, '', '', '', '', '', '', '', ''],
          [4],
          [5, { richText: [{ text: '红梅' }, { text: '初级中学' }] }, '初中', '二片区', '', { formula: '600+6', result: 606 }, '', '', ''],
        ],
        merge: ['A1:I1'],
      },
    ]);
    const s = await readSchoolSheet(buf);
    expect(s.sheetName).toBe('学校名单');
    expect(s.headerRow).toBe(3);
    expect(s.columns.map((c) => c.field)).toEqual([null, 'name', 'schoolKind', 'areaName', 'teamNames', 'enrolment', 'phone', null, null]);
    expect(s.warnings).toEqual(['已忽略无法识别的列：占位']);
    expect(s.errors).toEqual([]);
    expect(s.rows.map((r) => r.row)).toEqual([4, 5, 8]);
    expect(s.rows[0]).toMatchObject({ name: '天宁小学', schoolKind: 'primary', areaName: '一片区', teamNames: ['第一组', '第二组', '第三组'], enrolment: 1200, phone: '13812345678' });
    expect(s.rows[1]).toMatchObject({ name: '天宁幼儿园', schoolKind: null, inferredKind: 'kindergarten', areaName: null, enrolment: 1350 });
    expect(s.rows[2]).toMatchObject({ name: '红梅初级中学', schoolKind: 'middle', enrolment: 606 });
  });

  it('reads a vertically merged area cell for every row it covers', async () => {
    const buf = await xlsxOf([
      { rows: [['学校名称', '片区'], ['甲小学', '一片区'], ['乙小学', null], ['丙小学', '二片区']], merge: ['B2:B3'] },
    ]);
    const s = await readSchoolSheet(buf);
    expect(s.rows.map((r) => r.areaName)).toEqual(['一片区', '一片区', '二片区']);
  });

  it('reads a two-level header: merged titles above, column names below', async () => {
    const buf = await xlsxOf([
      {
        rows: [
          ['学校名称', '片区', '联系方式', null],
          [null, null, '校长', '电话'],
          ['甲小学', '一片区', '王校长', '0519-1'],
        ],
        merge: ['A1:A2', 'B1:B2', 'C1:D1'],
      },
    ]);
    const s = await readSchoolSheet(buf);
    expect(s.headerRow).toBe(1);
    expect(s.columns).toEqual([
      { header: '学校名称', field: 'name' },
      { header: '片区', field: 'areaName' },
      { header: '校长', field: 'principal' },
      { header: '电话', field: 'phone' },
    ]);
    expect(s.rows).toEqual([expect.objectContaining({ row: 3, name: '甲小学', areaName: '一片区', principal: '王校长', phone: '0519-1' })]);
  });

  it('reports an over-long name once', async () => {
    const s = await readSchoolSheet(await sheetOf([['学校名称'], ['长'.repeat(101)]]));
    expect(s.errors).toEqual([{ row: 2, column: '学校名称', message: '学校名称不能超过 100 个字' }]);
  });

  it('collects row errors: duplicate names on the later row, bad numbers, unknown kinds, empty names, error cells', async () => {
    const buf = await sheetOf([
      ['学校名称', '类别', '在校人数'],
      ['甲小学', '小学', 100],
      ['乙小学', '大学', -1],
      ['甲小学', '', 12.5],
      ['', '小学', 'abc'],
      ['丙小学', { error: '#N/A' }, ''],
    ]);
    const s = await readSchoolSheet(buf);
    expect(s.errors).toEqual([
      { row: 3, column: '类别', message: expect.stringContaining('无法识别的学校类别“大学”') },
      { row: 3, column: '在校人数', message: expect.stringContaining('0 到 100000 之间的整数') },
      { row: 4, column: '在校人数', message: expect.stringContaining('12.5') },
      { row: 4, column: '学校名称', message: '学校名称“甲小学”与第 2 行重复' },
      { row: 5, column: '学校名称', message: '学校名称为空' },
      { row: 5, column: '在校人数', message: expect.stringContaining('abc') },
      { row: 6, column: '类别', message: expect.stringContaining('#N/A') },
    ]);
    expect(s.rows.map((r) => r.name)).toEqual(['甲小学', '乙小学', '甲小学', '丙小学']);
  });

  it('refuses a sheet without a 学校名称 column, listing the headers it found', async () => {
    const e = await rejection(readSchoolSheet(await sheetOf([['名称', '地址'], ['甲小学', '某路']])));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.message).toContain('缺少必填列：学校名称');
    expect(e.message).toContain('名称、地址');
    expect(e.details).toMatchObject({ headersFound: ['名称', '地址'] });
  });

  it('looks for the header only in the first six rows', async () => {
    const rows = [...Array.from({ length: 6 }, (_, i) => [`标题 ${i + 1}`]), ['学校名称'], ['甲小学']];
    const e = await rejection(readSchoolSheet(await sheetOf(rows)));
    expect(e.message).toContain('缺少必填列：学校名称');
  });

  it('points at the sheet holding the list when the first sheet is something else', async () => {
    const buf = await xlsxOf([
      { name: '填表说明', rows: [['请按下表填写'], ['不要修改表头']] },
      { name: '学校', rows: [['学校名称'], ['甲小学']] },
    ]);
    const e = await rejection(readSchoolSheet(buf));
    expect(e.message).toContain('缺少必填列：学校名称');
    expect(e.message).toContain('「填表说明」');
    expect(e.message).toContain('「学校」');
  });

  it('refuses an empty sheet and a header with no rows under it', async () => {
    expect((await rejection(readSchoolSheet(await sheetOf([], '空表')))).message).toMatch(/缺少必填列：学校名称.*「空表」.*空的/);
    expect((await rejection(readSchoolSheet(await sheetOf([['学校名称', '片区']])))).message).toContain('没有学校数据');
  });

  it(`refuses more than ${SHEET_LIMITS.maxRows} rows`, async () => {
    const rows = [['学校名称'], ...Array.from({ length: SHEET_LIMITS.maxRows + 1 }, (_, i) => [`第${i}小学`])];
    const e = await rejection(readSchoolSheet(await sheetOf(rows)));
    expect(e.message).toBe(`表格中的学校超过 ${SHEET_LIMITS.maxRows} 行，请分批导入`);
  });
});

describe('refusing what is not a safe .xlsx', () => {
  it('refuses a file that is not a zip', async () => {
    const e = await rejection(readSchoolSheet(Buffer.from('学校名称,片区\n甲小学,一片区\n')));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.message).toContain('文件不是有效的 Excel（.xlsx）文件');
  });

  it('names an old .xls (or password-protected) file and says to save as .xlsx', async () => {
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    const e = await rejection(readSchoolSheet(xls));
    expect(e.message).toContain('.xls');
    expect(e.message).toContain('另存为');
  });

  it('recognises an HTML table saved with an .xls name', async () => {
    const e = await rejection(readSchoolSheet(Buffer.from('\uFEFF<html><table><tr><td>学校名称</td></tr></table></html>')));
    expect(e.message).toContain('网页格式');
  });

  it('refuses a zip that holds no workbook, and a truncated one', async () => {
    const docx = zipOf([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, { name: 'word/document.xml', data: Buffer.from('<w/>') }]);
    expect((await rejection(readSchoolSheet(docx))).message).toContain('没有 Excel 工作簿');
    const good = await sheetOf([['学校名称'], ['甲小学']]);
    expect((await rejection(readSchoolSheet(good.subarray(0, good.length - 40)))).message).toContain('文件不是有效的 Excel（.xlsx）文件');
  });

  it('refuses a zip bomb by its declared size, before inflating anything', async () => {
    const bomb = zipOf(workbookEntries([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<x/>'), declared: ZIP_LIMITS.maxUncompressedBytes + 1 }]));
    expect((await rejection(readSchoolSheet(bomb))).message).toContain('解压后超过');
  });

  it('refuses a zip bomb that lies about its size, stopping at the declared size', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x20); // deflates to ~50 KB
    const liar = zipOf(workbookEntries([{ name: 'xl/worksheets/sheet1.xml', data: big, declared: 1000 }]));
    expect(liar.length).toBeLessThan(200_000);
    expect((await rejection(readSchoolSheet(liar))).message).toContain('解压后超过');
  });
});
