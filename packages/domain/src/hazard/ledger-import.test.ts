import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeSpreadsheetCell,
  formatFundsYuan,
  matchLedgerHeader,
  parseChineseDate,
  parseDomainLabel,
  parseFundsFen,
  parseGradeLabel,
  parseSourceLabel,
} from './ledger-import.js';
import { HAZARD_DOMAINS, HAZARD_DOMAIN_LABELS, HAZARD_SOURCES, HAZARD_SOURCE_LABELS } from './hazard.types.js';

describe('parseChineseDate reads the date formats found in school ledgers', () => {
  it.each([
    ['2021-3-5', '2021-03-05'],
    ['2021-03-05', '2021-03-05'],
    ['2021/03/05', '2021-03-05'],
    ['2021/3/5', '2021-03-05'],
    ['2021年3月5日', '2021-03-05'],
    ['2021年03月05日', '2021-03-05'],
    ['2021 年 3 月 5 日', '2021-03-05'],
    ['2021年3月5号', '2021-03-05'],
    ['2021年3月5', '2021-03-05'],
    ['2021.3.5', '2021-03-05'],
    ['2021.03.05', '2021-03-05'],
    ['20210305', '2021-03-05'],
    ['  2021-3-5  ', '2021-03-05'],
    ['\u30002021年3月5日\u3000', '2021-03-05'],
    ['２０２１年３月５日', '2021-03-05'],
    ['２０２１－０３－０５', '2021-03-05'],
    ['２０２１／３／５', '2021-03-05'],
    ['２０２１０３０５', '2021-03-05'],
    ['2021-03-05 10:30', '2021-03-05'],
    ['2021-03-05 10:30:15', '2021-03-05'],
    ['2021-03-05T10:30:15.123', '2021-03-05'],
    ['2021年3月5日 8:05', '2021-03-05'],
    ['2024-02-29', '2024-02-29'],
    ['2000/2/29', '2000-02-29'],
  ])('%j → %s', (text, date) => {
    expect(parseChineseDate(text)).toBe(date);
  });

  it.each([
    '2021-02-30',
    '2021-02-29',
    '1900-02-29',
    '2021-13-01',
    '2021-04-31',
    '20210230',
    '2021-3/5',
    '21-3-5',
    '2021年13月1日',
    '2021-03-05 25:00',
    '2021-03-05T10:30:00Z',
    '0021-03-05',
    '三月五日',
    '',
    '   ',
    'abc',
  ])('rejects %j', (text) => {
    expect(parseChineseDate(text)).toBeNull();
  });

  it.each([
    [1, '1900-01-01'],
    [31, '1900-01-31'],
    [59, '1900-02-28'],
    [61, '1900-03-01'],
    [367, '1901-01-01'],
    [36526, '2000-01-01'],
    [44260, '2021-03-05'],
    [44260.75, '2021-03-05'],
    [45351, '2024-02-29'],
    [2958465, '9999-12-31'],
  ])('reads Excel serial %d as %s', (serial, date) => {
    expect(parseChineseDate(serial)).toBe(date);
  });

  it('treats Excel serial 60, the phantom 1900-02-29, and serials out of range as no date', () => {
    expect(parseChineseDate(60)).toBeNull();
    expect(parseChineseDate(0)).toBeNull();
    expect(parseChineseDate(-1)).toBeNull();
    expect(parseChineseDate(Number.NaN)).toBeNull();
    expect(parseChineseDate(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('reads an 8-digit number typed into a cell as YYYYMMDD', () => {
    expect(parseChineseDate(20210305)).toBe('2021-03-05');
    expect(parseChineseDate(20210230)).toBeNull();
  });

  it('reads Date objects as the calendar date in Asia/Shanghai', () => {
    expect(parseChineseDate(new Date('2021-03-05T00:00:00Z'))).toBe('2021-03-05'); // exceljs: UTC midnight
    expect(parseChineseDate(new Date('2021-03-04T16:00:00Z'))).toBe('2021-03-05'); // Beijing midnight
    expect(parseChineseDate(new Date('2021-03-05T15:59:59Z'))).toBe('2021-03-05');
    expect(parseChineseDate(new Date('2021-03-05T16:00:00Z'))).toBe('2021-03-06');
    expect(parseChineseDate(new Date(Number.NaN))).toBeNull();
  });

  it('gives null for values that are not dates', () => {
    for (const v of [null, undefined, true, {}, [], { year: 2021 }]) expect(parseChineseDate(v)).toBeNull();
  });

  it('agrees with a plain day count for every Excel serial (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 2_958_465 }), (serial) => {
        const expected = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
        return parseChineseDate(serial) === expected;
      }),
    );
  });

  it('reads back every real date written in each format (property)', () => {
    const date = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(date, fc.constantFrom('-', '/', '.', '年', 'compact', 'fullwidth'), (d, style) => {
        const iso = d.toISOString().slice(0, 10);
        const [y, m, dd] = iso.split('-') as [string, string, string];
        const text =
          style === '年'
            ? `${y}年${Number(m)}月${Number(dd)}日`
            : style === 'compact'
              ? `${y}${m}${dd}`
              : style === 'fullwidth'
                ? iso.replace(/[0-9-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
                : `${y}${style}${Number(m)}${style}${Number(dd)}`;
        return parseChineseDate(text) === iso;
      }),
    );
  });
});

describe('escapeSpreadsheetCell keeps exported text from running as a formula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+86 138', "'+86 138"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['＝HYPERLINK("x")', "'＝HYPERLINK(\"x\")"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠a', "'＠a"],
    ['\tabc', "'\tabc"],
    ['\rabc', "'\rabc"],
    ['  =cmd', "'  =cmd"],
    ['\u3000=cmd', "'\u3000=cmd"],
  ])('prefixes %j with a single quote', (text, escaped) => {
    expect(escapeSpreadsheetCell(text)).toBe(escaped);
  });

  it.each(['消防通道堵塞', '1+1=2', 'a=b', '', "'=1", '2021-03-05', '（一）=', 'x@y.cn'])('leaves %j alone', (text) => {
    expect(escapeSpreadsheetCell(text)).toBe(text);
  });

  it('never returns text that starts a formula, and escaping twice changes nothing (property)', () => {
    const dangerous = fc.constantFrom('=', '+', '-', '@', '＝', '＋', '－', '＠', '\t', '\r', ' ', '\u3000', '\n', 'a', '消');
    const text = fc.tuple(fc.array(dangerous, { maxLength: 4 }), fc.string()).map(([head, tail]) => head.join('') + tail);
    fc.assert(
      fc.property(text, (t) => {
        const once = escapeSpreadsheetCell(t);
        const startsFormula = /^[\t\r]/.test(once) || /^\s*[=+\-@＝＋－＠]/.test(once);
        return !startsFormula && escapeSpreadsheetCell(once) === once && (once === t || once === `'${t}`);
      }),
    );
  });
});

describe('matchLedgerHeader maps the usual column names of hazard ledgers', () => {
  it.each([
    ['学校', 'school'],
    ['学校名称', 'school'],
    ['单位', 'school'],
    ['隐患类别', 'domain'],
    ['隐患类型', 'domain'],
    ['类别', 'domain'],
    ['隐患等级', 'grade'],
    ['等级', 'grade'],
    ['隐患内容', 'description'],
    ['隐患描述', 'description'],
    ['存在问题', 'description'],
    ['存在的安全隐患', 'description'],
    ['问题描述', 'description'],
    ['发现时间', 'foundAt'],
    ['排查时间', 'foundAt'],
    ['发现日期', 'foundAt'],
    ['发现方式', 'source'],
    ['来源', 'source'],
    ['检查方式', 'source'],
    ['责任人', 'owner'],
    ['整改责任人', 'owner'],
    ['整改措施', 'measures'],
    ['措施', 'measures'],
    ['整改资金', 'funds'],
    ['资金', 'funds'],
    ['资金（元）', 'funds'],
    ['资金(元)', 'funds'],
    ['整改资金（万元）', 'fundsTenThousandYuan'],
    ['整改期限', 'dueDate'],
    ['整改时限', 'dueDate'],
    ['完成时限', 'dueDate'],
    ['整改期限（年月日）', 'dueDate'],
    ['预案', 'contingencyPlan'],
    ['应急预案', 'contingencyPlan'],
    ['整改情况', 'progress'],
    ['整改进展', 'progress'],
    ['位置', 'location'],
    ['地点', 'location'],
    ['部位', 'location'],
    ['隐患名称', 'title'],
    ['临时管控措施', 'interimControls'],
    ['专人盯防', 'watcher'],
    [' 整改 责任人 ', 'owner'],
    ['\u3000隐患等级\u3000', 'grade'],
    ['*学校名称', 'school'],
    ['整改时限：', 'dueDate'],
    ['学校（单位）', 'school'],
  ])('%j → %s', (header, field) => {
    expect(matchLedgerHeader(header)).toBe(field);
  });

  it.each(['序号', '备注', '', '隐患', '资金来源说明'])('does not know %j', (header) => {
    expect(matchLedgerHeader(header)).toBeNull();
  });
});

describe('label parsers read the Chinese names of domains, grades and sources', () => {
  it.each([
    ['消防', 'fire'],
    ['消防安全', 'fire'],
    ['消防安全隐患', 'fire'],
    ['食品', 'food'],
    ['食堂', 'food'],
    ['食品安全类', 'food'],
    ['实验室', 'lab_chemicals'],
    ['危化品', 'lab_chemicals'],
    ['校车', 'traffic_bus'],
    ['交通', 'traffic_bus'],
    ['交通安全', 'traffic_bus'],
    ['校舍', 'buildings'],
    ['燃气', 'gas'],
    ['电动车', 'ebike'],
    ['心理健康', 'mental_health'],
    ['防汛防台', 'natural_disaster'],
    ['网络安全', 'network'],
    ['其它', 'other'],
    [' 消 防 ', 'fire'],
    ['fire', 'fire'],
  ])('domain %j → %s', (label, code) => {
    expect(parseDomainLabel(label)).toBe(code);
  });

  it('reads every official domain and source label', () => {
    for (const d of HAZARD_DOMAINS) expect(parseDomainLabel(HAZARD_DOMAIN_LABELS[d])).toBe(d);
    for (const s of HAZARD_SOURCES) expect(parseSourceLabel(HAZARD_SOURCE_LABELS[s])).toBe(s);
  });

  it.each([
    ['一般', 'general'],
    ['一般隐患', 'general'],
    ['一般事故隐患', 'general'],
    ['一般安全隐患', 'general'],
    ['重大', 'major'],
    ['重大隐患', 'major'],
    ['重大事故隐患', 'major'],
    ['major', 'major'],
  ])('grade %j → %s', (label, code) => {
    expect(parseGradeLabel(label)).toBe(code);
  });

  it.each([
    ['自查', 'self'],
    ['学校自查', 'self'],
    ['明查暗访', 'unannounced'],
    ['暗访', 'unannounced'],
    ['回头看', 'follow_up'],
    ['群众举报', 'public_report'],
    ['专项检查', 'special'],
    ['督查', 'supervision'],
  ])('source %j → %s', (label, code) => {
    expect(parseSourceLabel(label)).toBe(code);
  });

  it('gives null for unknown labels and non-strings', () => {
    expect(parseDomainLabel('用电')).toBeNull();
    expect(parseDomainLabel('')).toBeNull();
    expect(parseDomainLabel(3)).toBeNull();
    expect(parseGradeLabel('较大')).toBeNull();
    expect(parseGradeLabel('安全')).toBeNull();
    expect(parseSourceLabel('路过')).toBeNull();
  });
});

describe('funds are integer fen', () => {
  it.each([
    [0, 0],
    [1234.5, 123450],
    [0.1 + 0.2, 30],
    ['5000', 500000],
    ['5,000.50', 500050],
    ['５０００元', 500000],
    ['￥1,200', 120000],
    ['1.5万', 1500000],
    ['0.35万元', 350000],
    ['无', 0],
    ['0', 0],
    ['12.50', 1250],
  ])('%j → %d fen', (value, fen) => {
    expect(parseFundsFen(value)).toBe(fen);
  });

  it('reads numbers and bare strings of a 万元 column in 万元, unless the cell says 元', () => {
    expect(parseFundsFen(0.35, 'ten_thousand_yuan')).toBe(350000);
    expect(parseFundsFen('2', 'ten_thousand_yuan')).toBe(2000000);
    expect(parseFundsFen('800元', 'ten_thousand_yuan')).toBe(80000);
  });

  it.each(['', '-5', 'abc', '12.345', '1.2.3', '约5000'])('rejects %j', (value) => {
    expect(parseFundsFen(value)).toBeNull();
  });

  it('rejects negative numbers and non-values', () => {
    expect(parseFundsFen(-1)).toBeNull();
    expect(parseFundsFen(Number.NaN)).toBeNull();
    expect(parseFundsFen(null)).toBeNull();
  });

  it('formats fen as yuan with two decimals', () => {
    expect(formatFundsYuan(0)).toBe('0.00');
    expect(formatFundsYuan(123450)).toBe('1234.50');
    expect(formatFundsYuan(5)).toBe('0.05');
  });

  it('reads back what it formats (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (fen) => parseFundsFen(formatFundsYuan(fen)) === fen));
  });
});
