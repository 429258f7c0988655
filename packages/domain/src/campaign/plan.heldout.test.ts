import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlan } from './parse-plan.js';

/**
 * A plan that is not one of the seeds and was written after the parser, in other words
 * (股 instead of 科, 责任单位/配合单位 in brackets, 步骤安排, 每月5日前): a check that the parser
 * reads phrase families, not the five seeds.
 */
describe('a held-out plan (not a seed)', () => {
  const text = fs.readFileSync(new URL('./fixtures/heldout/county-fire-2023.txt', import.meta.url), 'utf8');
  const p = parsePlan(text);

  it('reads the header', () => {
    expect(p.title?.value).toBe('某某县教育局2023年校园消防安全隐患大排查大整治行动方案');
    expect(p.docNumber?.value).toBe('某教安〔2023〕7号');
    expect(p.issuer?.value).toBe('某某县教育局');
    expect(p.issuedOn?.value).toBe('2023-03-06');
  });

  it('takes the period from the paragraph under 整治时间', () => {
    expect(p.period?.value).toEqual({ start: '2023-03-01', end: '2023-11-30' });
  });

  it('finds the four steps with their dates', () => {
    expect(p.stages.map((s) => s.value.name)).toEqual(['动员部署', '自查自改', '督导检查', '总结验收']);
    expect(p.stages[1]!.value).toMatchObject({ start: '2023-03-21', end: '2023-05-31' });
    expect(p.stages[2]!.value).toMatchObject({ start: '2023-06-01', end: '2023-09-30' });
  });

  it('finds the tasks with their lead and cooperating units and deadlines', () => {
    const tasks = p.tasks.map((t) => t.value);
    expect(tasks.map((t) => t.title)).toEqual(['消防设施设备', '电气线路', '学生宿舍']);
    expect(tasks[0]).toMatchObject({ leads: ['安全股'], cooperating: ['计财股', '各学校'] });
    expect(tasks[1]).toMatchObject({ leads: ['基建股'], deadline: '2023-06-30' });
  });

  it('finds the reporting rules and the indicators', () => {
    expect(p.reportingRules.map((r) => r.value)).toEqual([
      expect.objectContaining({ kind: 'monthly', dayOfMonth: 5 }),
      expect.objectContaining({ kind: 'once', dueDate: '2023-11-20' }),
    ]);
    expect(p.indicators.map((i) => i.value.name)).toEqual(['全县学校消防设施完好率', '微型消防站建成率']);
  });
});
