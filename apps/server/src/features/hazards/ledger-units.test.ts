import { describe, expect, it } from 'vitest';
import { unitMatcher } from './ledger-units.js';

const unit = (id: string, name: string) => ({ id, name, path: `1.${id}`, schoolId: id });
const units = [unit('2', '天宁区实验小学'), unit('3', '天宁区实验小学（东校区）'), unit('4', '红梅中学'), unit('5', '钟楼区红梅中学')];
const find = unitMatcher(units);
const ids = (name: string) => find(name).map((u) => u.id);

describe('a ledger row’s school, by name, among the units in scope', () => {
  it('takes the exact name first, even when a longer name ends with it', () => {
    expect(ids('红梅中学')).toEqual(['4']);
    expect(ids('天宁区实验小学')).toEqual(['2']);
  });

  it('then the name with widths, spaces, brackets and punctuation ignored', () => {
    expect(ids('天宁区实验小学(东校区)')).toEqual(['3']);
    expect(ids(' 天宁区 实验小学 ')).toEqual(['2']);
  });

  it('then a unique name one ends with the other (a district prefix dropped or added)', () => {
    expect(ids('实验小学东校区')).toEqual(['3']);
    expect(ids('常州市天宁区实验小学')).toEqual(['2']);
  });

  it('answers every candidate when that is ambiguous, and nothing for short or unknown names', () => {
    expect(ids('区红梅中学').sort()).toEqual(['4', '5']);
    expect(ids('实验小学').sort()).toEqual(['2']);
    expect(ids('小学')).toEqual([]);
    expect(ids('不存在的学校')).toEqual([]);
    const twins = unitMatcher([unit('7', '甲区第一小学'), unit('8', '乙区第一小学')]);
    expect(twins('第一小学').map((u) => u.id)).toEqual(['7', '8']);
  });
});
