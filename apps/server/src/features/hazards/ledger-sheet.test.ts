import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { sheetOf, xlsxOf } from '../../../test/multipart.js';
import { rejection } from '../../../test/rejection.js';
import { LEDGER_LIMITS, ledgerDate, parseColumnMapping, readLedgerSheet, titleFromDescription } from './ledger-sheet.js';

const none = new Map();
const read = (buf: Buffer, opts: { mapping?: ReturnType<typeof parseColumnMapping>; schoolOptional?: boolean } = {}) =>
  readLedgerSheet(buf, { mapping: opts.mapping ?? none, schoolOptional: opts.schoolOptional ?? false });

async function workbook(rows: ExcelJS.CellValue[][], merge: string[] = []): Promise<Buffer> {
  return xlsxOf([{ name: '台账', rows, merge }]);
}

describe('ledger dates', () => {
  it('reads Excel serials, date cells, and the usual Chinese spellings; nothing else', () => {
    expect(ledgerDate(44260)).toBe('2021-03-05');
    expect(ledgerDate(44260.75)).toBe('2021-03-05');
    // A date cell at 21:36 is still that day (exceljs gives the wall-clock time as UTC).
    expect(ledgerDate(new Date(Date.UTC(2021, 2, 5, 21, 36)))).toBe('2021-03-05');
    for (const s of ['2021-3-5', '2021/03/05', '2021年3月5日', '2021.3.5', '２０２１年３月５日', '20210305']) expect(ledgerDate(s)).toBe('2021-03-05');
    expect(ledgerDate({ formula: 'DATE(2021,3,5)', result: new Date(Date.UTC(2021, 2, 5)) })).toBe('2021-03-05');
    expect(ledgerDate({ richText: [{ text: '2021年' }, { text: '3月5日' }] })).toBe('2021-03-05');
    for (const bad of ['三月五日', '2021-02-30', '', '2021/3', null]) expect(ledgerDate(bad as ExcelJS.CellValue)).toBeNull();
  });
});

describe('column mapping', () => {
  it('accepts {header: field | null} and refuses anything else', () => {
    expect([...parseColumnMapping('{"存在 问题": "description", "备注": null}')]).toEqual([
      ['存在问题', 'description'],
      ['备注', null],
    ]);
    expect(parseColumnMapping(undefined).size).toBe(0);
    expect(parseColumnMapping('  ').size).toBe(0);
    expect(() => parseColumnMapping('[1]')).toThrow('应为 JSON 对象');
    expect(() => parseColumnMapping('{"a": 1}')).toThrow('字段“1”无效');
    expect(() => parseColumnMapping('{"": "title"}')).toThrow('空的列名');
    expect(() => parseColumnMapping('nope')).toThrow('不是有效的 JSON');
  });
});

describe('reading a ledger sheet', () => {
  it('finds a two-level header under title rows, and reads a school merged down over its hazards', async () => {
    const buf = await workbook(
      [
        ['某区学校安全隐患排查整治台账'],
        ['序号', '学校', '隐患类别', '存在问题', '排查日期', '整改五落实', '', '', '', ''],
        ['', '', '', '', '', '责任人', '措施', '资金（元）', '完成时限', '预案'],
        [1, '甲小学', '消防', '灭火器过期', '2021-03-05', '王', '更换', 100, '2021-04-01', '预案'],
        [2, '', '食品', '留样不足', '2021-03-06', '', '', '', '', ''],
        [3, '乙小学', '交通', '缺少减速带', '2021-03-07', '', '', '', '', ''],
      ],
      ['A1:J1', 'A2:A3', 'B2:B3', 'C2:C3', 'D2:D3', 'E2:E3', 'F2:J2', 'B4:B5'],
    );
    const s = await read(buf);
    expect(s.headerRow).toBe(2);
    expect(s.columns.map((c) => c.field)).toEqual([null, 'school', 'domain', 'description', 'foundAt', 'owner', 'measures', 'funds', 'dueDate', 'contingencyPlan']);
    expect(s.errors).toEqual([]);
    expect(s.rows.map((r) => [r.row, r.school, r.domain, r.foundAt, r.commitments !== null])).toEqual([
      [4, '甲小学', 'fire', '2021-03-05', true],
      [5, '甲小学', 'food', '2021-03-06', false],
      [6, '乙小学', 'traffic_bus', '2021-03-07', false],
    ]);
    expect(s.rows[0]!.commitments).toEqual({ owner: '王', measures: '更换', fundsFen: 10000, dueDate: '2021-04-01', contingencyPlan: '预案' });
  });

  it('makes a title from the description, keeps line breaks in long text, and reads back text our export escaped', async () => {
    const s = await read(
      await sheetOf([
        ['学校', '隐患类别', '隐患描述', '发现时间', '整改情况'],
        ['甲小学', '消防', "'=1+1 不是公式", '2021-03-05', ''],
        ['甲小学', '消防', '第一行：楼梯扶手松动。\r\n第二行：需要加固', '2021-03-05', '已报修'],
      ]),
    );
    expect(s.rows[0]).toMatchObject({ title: '=1+1 不是公式', description: '=1+1 不是公式' });
    expect(s.rows[1]).toMatchObject({ title: '第一行：楼梯扶手松动', description: '第一行：楼梯扶手松动。\n第二行：需要加固\n整改情况：已报修' });
    expect(titleFromDescription('一二三四五六七八九十'.repeat(4))).toBe(`${'一二三四五六七八九十'.repeat(3)}…`);
  });

  it('collects row errors: empty required cells, error values, over-long text, funds it cannot read', async () => {
    const s = await read(
      await sheetOf([
        ['学校', '隐患类别', '隐患描述', '发现时间', '隐患等级', '发现方式', '责任人', '整改措施', '整改资金', '整改时限', '应急预案'],
        ['', '', '描述', '', '特大', '路过', '', '', '', '', ''],
        ['甲小学', '消防', { error: '#N/A' } as unknown as ExcelJS.CellValue, '2021-03-05', '', '', '王', '换', '很多钱', '2021-04-01', '预案'],
        ['甲小学', '消防', '长'.repeat(4001), '2021-03-05', '', '', '', '', '', '', ''],
      ]),
    );
    expect(s.errors).toEqual([
      { row: 2, column: '学校', message: '学校为空' },
      { row: 2, column: '隐患类别', message: '隐患类别为空' },
      { row: 2, column: '隐患等级', message: expect.stringContaining('无法识别的隐患等级“特大”') },
      { row: 2, column: '发现方式', message: expect.stringContaining('无法识别的发现方式“路过”') },
      { row: 2, column: '发现时间', message: '发现时间为空' },
      { row: 3, column: '隐患描述', message: expect.stringContaining('错误值 #N/A') },
      { row: 3, column: '整改资金', message: expect.stringContaining('无法识别的整改资金“很多钱”') },
      { row: 4, column: '隐患描述', message: '隐患描述不能超过 4000 个字' },
    ]);
    expect(s.rows.every((r) => r.hasErrors)).toBe(true);
  });

  it('warns about duplicate, unknown and other ledger-like sheets, and skips the footer', async () => {
    const buf = await xlsxOf([
      {
        name: '1月',
        rows: [
          ['学校', '类别', '隐患描述', '发现时间', '资金（元）', '整改资金（万元）', '检查组意见'],
          ['甲小学', '消防', '灭火器过期', '2021-01-05', '', '', ''],
          ['合计', '', '', '', 0, '', ''],
        ],
      },
      { name: '2月', rows: [['学校', '类别', '隐患描述', '发现时间'], ['甲小学', '消防', '灭火器过期', '2021-02-05']] },
    ]);
    const s = await read(buf);
    expect(s.rows).toHaveLength(1);
    expect(s.warnings).toEqual([
      '“整改资金（万元）”列与“资金（元）”列都表示整改资金，已使用“资金（元）”列，忽略“整改资金（万元）”列',
      '已忽略无法识别的列：检查组意见',
      '工作簿中的工作表「2月」也像隐患台账，本次只导入第一个工作表「1月」，其余请分别导入',
      '已跳过第 3 行（表尾的填表人、审核人等说明）',
    ]);
  });

  it('points to the sheet that holds the ledger when the first one does not', async () => {
    const buf = await xlsxOf([
      { name: '填表说明', rows: [['请按模板填写']] },
      { name: '台账', rows: [['学校', '隐患类别', '隐患描述', '发现时间']] },
    ]);
    expect((await rejection(read(buf))).message).toContain('台账似乎在工作表「台账」中');
  });

  it(`refuses more than ${LEDGER_LIMITS.maxRows} rows`, async () => {
    const rows: ExcelJS.CellValue[][] = [['学校', '隐患类别', '隐患描述', '发现时间']];
    for (let i = 0; i <= LEDGER_LIMITS.maxRows; i++) rows.push(['甲小学', '消防', `隐患${i}`, '2021-03-05']);
    expect((await rejection(read(await sheetOf(rows)))).message).toBe(`表格中的隐患超过 ${LEDGER_LIMITS.maxRows} 行，请分批导入`);
  });

  it('says which header the sheet lacks and what it found', async () => {
    const e = await rejection(read(await sheetOf([['学校', '问题', '日期'], ['甲小学', '灭火器过期', '2021-03-05']])));
    expect(e.message).toContain('没有找到隐患台账的表头（找到的内容：学校、问题、日期）');
    const mapped = await read(await sheetOf([['学校', '问题', '日期', '类别'], ['甲小学', '灭火器过期', '2021-03-05', '消防']]), {
      mapping: parseColumnMapping('{"问题": "description", "日期": "foundAt"}'),
    });
    expect(mapped.rows[0]).toMatchObject({ description: '灭火器过期', foundAt: '2021-03-05', domain: 'fire' });
  });
});
