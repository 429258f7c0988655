import { describe, expect, it } from 'vitest';
import { findDates, parseDateSpan, parseFullDate, parseNumber, yearsMentioned } from './dates.js';

const span = (s: string, year: number | null = 2021, anchor: string | null = null) => parseDateSpan(s, { year, anchor });

describe('parseNumber reads digits and Chinese numerals', () => {
  it.each([
    ['12', 12], ['１２', 12], ['十', 10], ['十二', 12], ['二十', 20], ['二十一', 21], ['三十一', 31], ['二〇二〇', 2020], ['五', 5], ['一百', 100],
  ])('%s → %d', (s, n) => expect(parseNumber(s)).toBe(n));
  it('returns null for non-numbers', () => expect(parseNumber('阶段')).toBeNull());
});

describe('findDates: date phrases of plans', () => {
  it.each([
    ['2020年12月', '2020-12-01', '2020-12-31'],
    ['2020年7月20日', '2020-07-20', '2020-07-20'],
    ['二〇二〇年七月二十日', '2020-07-20', '2020-07-20'],
    ['２０２１年３月', '2021-03-01', '2021-03-31'],
    ['2021年1月至2021年10月', '2021-01-01', '2021-10-31'],
    ['从2020年7月到2022年12月', '2020-07-01', '2022-12-31'],
    ['2022年7月－2024年12月', '2022-07-01', '2024-12-31'],
    ['2021年11月底至12月上旬', '2021-11-30', '2021-12-10'],
    ['2021年11月至2022年1月', '2021-11-01', '2022-01-31'],
    ['2020年7月初', '2020-07-01', '2020-07-10'],
    ['2021年3月中旬', '2021-03-11', '2021-03-20'],
    ['2021年2月下旬', '2021-02-21', '2021-02-28'],
    ['2021年全年', '2021-01-01', '2021-12-31'],
    ['2020年度', '2020-01-01', '2020-12-31'],
    ['2021-2022年', '2021-01-01', '2022-12-31'],
    ['2022年-2024年', '2022-01-01', '2024-12-31'],
    ['2021年上半年', '2021-01-01', '2021-06-30'],
    ['11月至12月', '2021-11-01', '2021-12-31'],
    ['12月25日', '2021-12-25', '2021-12-25'],
  ])('%s → %s..%s', (s, a, b) => expect(span(s)).toEqual({ start: a, end: b }));

  it('deadlines (…前 / …完成) have no start', () => {
    expect(span('2022年6月底前')).toEqual({ start: null, end: '2022-06-30' });
    expect(span('（已启动，2021年10月底完成）')).toEqual({ start: null, end: '2021-10-31' });
    expect(span('2021年12月上旬前')).toEqual({ start: null, end: '2021-12-10' });
    expect(span('于12月25日前报')).toEqual({ start: null, end: '2021-12-25' });
  });

  it('年底前 takes the context year; nothing without one', () => {
    expect(span('年底前完成', 2021)).toEqual({ start: null, end: '2021-12-31' });
    expect(span('年底前完成', null)).toBeNull();
  });

  it('即日起 starts at the anchor (issue date or today), with or without an end', () => {
    expect(span('即日起', 2020, '2020-07-20')).toEqual({ start: '2020-07-20', end: null });
    expect(span('即日起至2020年12月底', 2020, '2020-07-20')).toEqual({ start: '2020-07-20', end: '2020-12-31' });
  });

  it('does not read durations, numbers or doc-number years as dates', () => {
    expect(findDates('用四年时间，3个月内，184所学校', { year: 2021 })).toEqual([]);
    expect(findDates('第十二月', { year: 2021 }).length).toBeLessThanOrEqual(1);
  });

  it('reports offsets into the text', () => {
    const s = '从2020年12月至2021年12月，分三个阶段。';
    const [d] = findDates(s, { year: null });
    expect(d && s.slice(d.index, d.endIndex)).toBe('2020年12月至2021年12月');
  });
});

describe('helpers', () => {
  it('parseFullDate reads a signature date', () => {
    expect(parseFullDate('2020年7月20日')).toBe('2020-07-20');
    expect(parseFullDate('二〇二一年十二月三日')).toBe('2021-12-03');
    expect(parseFullDate('2020年7月')).toBeNull();
  });
  it('yearsMentioned skips years inside 〔2020〕', () => {
    expect(yearsMentioned('渝教发〔2020〕15号，2021年底，二〇二二年')).toEqual([2021, 2022]);
  });
});
