import { describe, expect, it } from 'vitest';
import { TIANNING, departmentOfTitle, parseSchoolList } from './tianning.js';

describe('the Tianning demo district (seed 000, annex 2)', () => {
  it('splits an edu group into its lead school and member schools', () => {
    expect(parseSchoolList('局前街小学教育集团（中山路小学、凤凰新城实验小学）、华润小学')).toEqual([
      { name: '局前街小学', eduGroup: '局前街小学教育集团', campuses: [] },
      { name: '中山路小学', eduGroup: '局前街小学教育集团', campuses: [] },
      { name: '凤凰新城实验小学', eduGroup: '局前街小学教育集团', campuses: [] },
      { name: '华润小学', eduGroup: null, campuses: [] },
    ]);
  });
  it('reads "X（Y）" as school X with campus Y', () => {
    expect(parseSchoolList('雕庄中心幼儿园（采菱幼儿园）')).toEqual([{ name: '雕庄中心幼儿园', eduGroup: null, campuses: ['采菱幼儿园'] }]);
  });
  it('has 6 teams and 80 distinct schools, none assigned twice', () => {
    const all = TIANNING.teams.flatMap((t) => parseSchoolList(t.schools).map((s) => s.name));
    expect(TIANNING.teams).toHaveLength(6);
    expect(all).toHaveLength(80);
    expect(new Set(all).size).toBe(80);
    expect(parseSchoolList(TIANNING.teams[0].schools)).toHaveLength(14);
  });
  it('maps titles to the bureau departments', () => {
    expect(departmentOfTitle('区教育局发展规划与财务科（基建科）科员')).toBe('发展规划与财务科（基建科）');
    expect(departmentOfTitle('区教育服务中心副主任')).toBeNull();
  });
});
