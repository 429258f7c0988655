import { describe, expect, it } from 'vitest';
import { inferSchoolKind, parseSchoolKind } from './unit.js';

describe('inferSchoolKind reads the kind from Chinese school names', () => {
  it.each([
    ['华润小学', 'primary'],
    ['华润国际红黄蓝幼儿园', 'kindergarten'],
    ['三河口高级中学', 'high'],
    ['焦溪初级中学', 'middle'],
    ['实验初级中学天宁分校', 'middle'],
    ['正衡中学', 'middle'],
    ['东青实验学校', 'nine_year'],
    ['常州市特殊教育学校', 'special'],
    ['武进职业教育中心校', 'vocational'],
    ['雕庄中心幼儿园（采菱幼儿园）', 'kindergarten'],
  ])('%s → %s', (name, kind) => {
    expect(inferSchoolKind(name)).toBe(kind);
  });
  it('returns null when the name does not tell', () => {
    expect(inferSchoolKind('天宁区教育服务中心')).toBeNull();
  });
});

describe('parseSchoolKind accepts labels, short forms and code names', () => {
  it.each([
    ['幼儿园', 'kindergarten'],
    ['初中', 'middle'],
    ['高中', 'high'],
    ['九年一贯制', 'nine_year'],
    ['middle', 'middle'],
    [' 小学 ', 'primary'],
  ])('%s → %s', (text, kind) => {
    expect(parseSchoolKind(text)).toBe(kind);
  });
  it('returns null for unknown text', () => {
    expect(parseSchoolKind('大学')).toBeNull();
  });
});
