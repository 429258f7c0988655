import { describe, expect, it } from 'vitest';
import { HAZARD_DOMAINS, type HazardDomain } from '../hazard/hazard.types.js';
import { SCHOOL_KINDS } from '../unit.js';
import { POINT_TYPES } from './inspection.types.js';
import { BUILTIN_CHECKLISTS } from './library.js';

const allItems = BUILTIN_CHECKLISTS.flatMap((checklist) => checklist.items.map((item) => ({ checklist, item })));

function checklistFor(domain: HazardDomain) {
  return BUILTIN_CHECKLISTS.find((c) => c.domain === domain);
}

describe('BUILTIN_CHECKLISTS codes', () => {
  it('has unique kebab-case checklist codes', () => {
    const codes = BUILTIN_CHECKLISTS.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(BUILTIN_CHECKLISTS.map((c) => [c.code, c] as const))('%s has unique item codes like FIRE-01', (_code, checklist) => {
    const codes = checklist.items.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[A-Z]+-\d{2}$/);
    // One prefix per checklist keeps codes readable in reports.
    expect(new Set(codes.map((c) => c.split('-')[0])).size).toBe(1);
  });
});

describe('BUILTIN_CHECKLISTS values are valid', () => {
  it('uses only known hazard domains', () => {
    for (const c of BUILTIN_CHECKLISTS) expect(HAZARD_DOMAINS).toContain(c.domain);
  });

  it('uses only known point types, and items stay within their checklist', () => {
    for (const c of BUILTIN_CHECKLISTS) {
      for (const p of c.pointTypes) expect(POINT_TYPES).toContain(p);
      expect(new Set(c.pointTypes).size).toBe(c.pointTypes.length);
    }
    for (const { checklist, item } of allItems) {
      for (const p of item.pointTypes) {
        expect(POINT_TYPES).toContain(p);
        if (checklist.pointTypes.length > 0) expect(checklist.pointTypes, `${checklist.code}/${item.code}`).toContain(p);
      }
      expect(new Set(item.pointTypes).size).toBe(item.pointTypes.length);
    }
  });

  it('uses only known school kinds', () => {
    for (const { item } of allItems) {
      for (const k of item.schoolKinds) expect(SCHOOL_KINDS).toContain(k);
      expect(new Set(item.schoolKinds).size).toBe(item.schoolKinds.length);
    }
  });

  it('has a title and description for every checklist', () => {
    for (const c of BUILTIN_CHECKLISTS) {
      expect(c.title.trim()).not.toBe('');
      expect(c.description.trim()).not.toBe('');
    }
  });

  it('has non-empty one-line text, standard and basis for every item', () => {
    for (const { checklist, item } of allItems) {
      const where = `${checklist.code}/${item.code}`;
      for (const field of [item.text, item.standard, item.basis]) {
        expect(field.trim(), where).not.toBe('');
        expect(field, where).not.toMatch(/\n/);
      }
      // 检查内容 must fit one line on a phone.
      expect(item.text.length, where).toBeLessThanOrEqual(20);
    }
  });

  it('has integer weights of at least 1', () => {
    for (const { item } of allItems) {
      expect(Number.isInteger(item.weight)).toBe(true);
      expect(item.weight).toBeGreaterThanOrEqual(1);
    }
  });

  it('has at least 10 items per checklist, and more for fire and security', () => {
    for (const c of BUILTIN_CHECKLISTS) expect(c.items.length, c.code).toBeGreaterThanOrEqual(10);
    expect(checklistFor('fire')!.items.length).toBeGreaterThan(15);
    expect(checklistFor('security')!.items.length).toBeGreaterThan(15);
  });
});

describe('BUILTIN_CHECKLISTS covers the areas of the bureau plans', () => {
  // Every domain has a built-in checklist except those checked by records, not walks.
  const WITHOUT_WALK: readonly HazardDomain[] = ['stability', 'natural_disaster', 'network', 'other'];
  it.each(HAZARD_DOMAINS.filter((d) => !WITHOUT_WALK.includes(d)))('has a %s checklist', (domain) => {
    expect(checklistFor(domain)).toBeDefined();
  });

  it('has a safety education checklist', () => {
    const education = BUILTIN_CHECKLISTS.find((c) => c.code === 'safety-education');
    expect(education).toBeDefined();
    expect(['other', 'stability']).toContain(education!.domain);
  });

  it('limits internship items to vocational schools', () => {
    const internship = checklistFor('internship')!;
    expect(internship.pointTypes).toEqual(['internship_site']);
    for (const item of internship.items) expect(item.schoolKinds).toEqual(['vocational']);
  });

  it('applies school bus and accompanied-meal items to every school kind', () => {
    for (const item of checklistFor('traffic_bus')!.items) expect(item.schoolKinds).toEqual([]);
    const meal = checklistFor('food')!.items.find((i) => i.text.includes('陪餐'));
    expect(meal?.schoolKinds).toEqual([]);
  });

  it('places checklists at the expected points', () => {
    expect(checklistFor('food')!.pointTypes).toEqual(['canteen']);
    expect(checklistFor('traffic_bus')!.pointTypes).toEqual(['school_bus']);
    expect(checklistFor('gas')!.pointTypes).toEqual(expect.arrayContaining(['gas_room', 'canteen']));
    expect(checklistFor('lab_chemicals')!.pointTypes).toEqual(expect.arrayContaining(['lab', 'chemical_store']));
  });

  it.each([
    ['lab_chemicals', ['采购途径', '报备制度', '存放标准', '场室安全', '各类台账', '使用规范', '废弃物', '双人双锁']],
    ['food', ['陪餐', '留样', '索证索票', '健康证', '饮用水', '刀具', '水电气', '消毒', '添加剂']],
    ['gas', ['泄漏报警', '管道', '阀门', '通风', '软管', '台账']],
    ['security', ['门卫', '来访', '巡逻', '保安员', '一键式', '视频监控', '封闭化', '护学岗', '防冲撞', '防护器械']],
    ['fire', ['安全出口', '疏散指示', '应急照明', '灭火器', '消火栓', '防火门', '电气线路', '电动自行车', '宿舍', '微型消防站', '消防控制室']],
    ['buildings', ['危房', '低洼', '防雷', '围墙', '配电房', '篮球架', '旗杆', '施工', '极端天气', '栏杆']],
  ] as const)('%s checklist names the key points of the plans', (domain, keywords) => {
    const texts = checklistFor(domain)!.items.map((i) => i.text).join('|');
    for (const keyword of keywords) expect(texts, keyword).toContain(keyword);
  });

  it('weights life-critical items 2', () => {
    const exits = checklistFor('fire')!.items.find((i) => i.text.includes('安全出口'));
    expect(exits?.weight).toBe(2);
    const sample = checklistFor('food')!.items.find((i) => i.text.includes('留样'));
    expect(sample?.standard).toContain('125克');
    expect(sample?.standard).toContain('48小时');
  });
});
