import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluate, formatTable, totalOf, type Evaluation } from './evaluate.js';
import { parsePlan } from './parse-plan.js';
import { SEED_EXPECTED } from './seed-expected.js';

// The seeds are copied into ./fixtures so the test runs in any checkout.
const dir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
const texts = new Map(files.map((f) => [f, readFileSync(`${dir}${f}`, 'utf8')]));
const proposals = new Map(files.map((f) => [f, parsePlan(texts.get(f) ?? '', { today: '2024-01-01' })]));

describe('parsePlan on the five seed plans', () => {
  it('has a fixture and an expectation for every seed', () => {
    expect(files).toHaveLength(5);
    for (const f of files) expect(SEED_EXPECTED[f], f).toBeDefined();
  });

  const rows: { seed: string; evaluation: Evaluation }[] = files.map((f) => ({
    seed: f.slice(0, 3),
    evaluation: evaluate(proposals.get(f) as ReturnType<typeof parsePlan>, SEED_EXPECTED[f] as NonNullable<(typeof SEED_EXPECTED)[string]>),
  }));
  const total = totalOf(rows.map((r) => r.evaluation));

  it('prints the per-seed precision/recall table and meets the floors', () => {
    console.log(`\n${formatTable([...rows, { seed: 'all', evaluation: total }])}\n`);
    expect(total.stages.recall).toBeGreaterThanOrEqual(0.75);
    expect(total.stages.precision).toBeGreaterThanOrEqual(0.75);
    expect(total.tasks.recall).toBeGreaterThanOrEqual(0.8);
    expect(total.tasks.precision).toBeGreaterThanOrEqual(0.8);
    expect(total.taskLeads.recall).toBeGreaterThanOrEqual(0.8);
    expect(total.reportingRules.recall).toBeGreaterThanOrEqual(0.8);
    expect(total.indicators.recall).toBeGreaterThanOrEqual(0.75);
    expect(total.focusDomains.recall).toBeGreaterThanOrEqual(0.8);
    expect(total.period.recall).toBeGreaterThanOrEqual(0.8);
    expect(total.teams.recall).toBe(1);
  });

  it('finds title and 文号 wherever the plan has them', () => {
    for (const f of files) {
      const x = SEED_EXPECTED[f];
      const p = proposals.get(f);
      if (!x || !p) continue;
      const e = rows.find((r) => f.startsWith(r.seed))?.evaluation;
      if (x.title) expect(e?.title.tp, `${f} title`).toBe(1);
      if (x.docNumber) expect(p.docNumber?.value, `${f} 文号`).toBe(x.docNumber);
      if (!x.docNumber) expect(p.docNumber, `${f} 文号`).toBeNull();
    }
  });

  it('seed 001: four stages, tasks led by 安稳办, the 文号 and the signature', () => {
    const p = proposals.get('001_78d50332787e50e1.txt');
    expect(p?.stages.map((s) => s.value.name)).toEqual(['动员部署', '排查整治', '集中攻坚', '巩固提升']);
    expect(p?.tasks.filter((t) => t.value.leads.includes('安稳办')).length).toBeGreaterThanOrEqual(6);
    expect(p?.tasks.find((t) => t.value.title.includes('食品'))?.value.leads).toEqual(['体卫艺科', '基建后勤中心']);
    expect(p?.docNumber?.value).toBe('涪教发〔2020〕29号');
    expect(p?.issuer?.value).toBe('重庆市涪陵区教育委员会');
    expect(p?.issuedOn?.value).toBe('2020-07-20');
  });

  it('seed 000: the six 督查小组 of annex 2 with their schools', () => {
    const p = proposals.get('000_36380152c275cd6a.txt');
    expect(p?.teams.map((t) => t.value.name)).toEqual(['第一督查小组', '第二督查小组', '第三督查小组', '第四督查小组', '第五督查小组', '第六督查小组']);
    expect(p?.teams.map((t) => t.value.schools.length)).toEqual([12, 13, 12, 11, 14, 13]);
    expect(p?.teams[0]?.value.leader).toBe('任洁');
    expect(p?.teams[0]?.value.schools[0]).toBe('局前街小学教育集团（中山路小学、凤凰新城实验小学）');
    expect(p?.teams[5]?.value.schools).toContain('明莘幼儿园');
  });

  it('seed 003: table rows fill leads and deadlines of the body tasks', () => {
    const p = proposals.get('003_f9d48ee87fd7deac.txt');
    const gas = p?.tasks.find((t) => t.value.title.includes('燃气'));
    expect(gas?.value.leads).toEqual(['职社科（安监科）']);
    expect(gas?.value.deadline).toBe('2025-12-31');
    expect(gas?.value.domain).toBe('gas');
  });

  it('every evidence is the text at its offsets', () => {
    for (const [f, p] of proposals) {
      const src = texts.get(f) ?? '';
      const all = [p.title, p.docNumber, p.issuer, p.issuedOn, p.period, ...p.stages, ...p.focusDomains, ...p.tasks, ...p.reportingRules, ...p.indicators, ...p.teams];
      for (const x of all) {
        if (!x) continue;
        expect(src.slice(x.evidence.start, x.evidence.end), f).toBe(x.evidence.text);
        expect(x.evidence.text.length).toBeGreaterThan(0);
      }
    }
  });
});
