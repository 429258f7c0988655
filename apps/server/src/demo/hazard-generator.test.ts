import { describe, expect, it } from 'vitest';
import {
  HAZARD_ACTION_ROLES,
  OPEN_HAZARD_STATES,
  currentListing,
  hazardInvariantViolations,
  isHazardOverdue,
  shanghaiDate,
  type HazardState,
} from '@xiaoan/domain';
import { DEFAULT_PROFILE_WEIGHTS, generateHazard, mulberry32, type GenContext, type GenSchool, type GeneratedHazard } from './hazard-generator.js';

const photo = (id: string) => ({ fileId: id, kind: 'photo' as const });
const school = (i: number, kind: GenSchool['kind'], extra: Partial<GenSchool> = {}): GenSchool => ({
  id: String(100 + i),
  path: `1.2.${100 + i}`,
  name: `测试${i}学校`,
  kind,
  admins: [{ userId: `${1000 + i}`, name: `管理员${i}` }, ...(i % 2 === 0 ? [{ userId: `${1500 + i}`, name: `副管理员${i}` }] : [])],
  staff: i % 3 === 0 ? { userId: `${2000 + i}`, name: `教师${i}` } : null,
  teamMembers: [{ userId: `${3000 + (i % 4)}`, name: `督查员${i % 4}` }, { userId: `${3100 + (i % 4)}`, name: `督查员乙${i % 4}` }],
  teamName: `第${(i % 4) + 1}督查小组`,
  files: { before: photo(`${9000 + i}`), after: [photo(`${9100 + i}`), photo(`${9200 + i}`)] },
  ...extra,
});

const NOW = new Date('2026-11-23T09:30:00Z');
const ctx: GenContext = {
  now: NOW,
  days: 180,
  bureau: { unitId: '1', staff: [{ userId: '50', name: '吴佳伟' }] },
  schools: [
    school(0, 'primary'),
    school(1, 'kindergarten'),
    school(2, 'middle'),
    school(3, 'high'),
    school(4, 'nine_year'),
    school(5, 'vocational'),
    school(6, 'kindergarten', { teamMembers: [] }),
  ],
};

/** Everything the history must say about the record it produced. */
function historyProblems(g: GeneratedHazard): string[] {
  const p: string[] = [];
  const e = g.events;
  if (e.length === 0) return ['no events'];
  if (e[0]!.from !== null) p.push('first event does not create');
  for (let i = 1; i < e.length; i++) {
    if (e[i]!.from !== e[i - 1]!.to) p.push(`event ${i} from ${e[i]!.from} after ${e[i - 1]!.to}`);
    if (e[i]!.at <= e[i - 1]!.at) p.push(`event ${i} not after the previous one`);
  }
  if (e[e.length - 1]!.to !== g.doc.state) p.push('last event does not end in the state');
  if (e[e.length - 1]!.at >= NOW.toISOString()) p.push('an event is not before now');
  for (const ev of e) if (!HAZARD_ACTION_ROLES[ev.action].includes(ev.actor.role)) p.push(`${ev.action} by ${ev.actor.role}`);
  if (g.doc.reportedAt !== e[0]!.at) p.push('reportedAt is not the first event');
  if (g.doc.foundAt > shanghaiDate(new Date(g.doc.reportedAt))) p.push('found after reported');
  if (shanghaiDate(NOW) < g.doc.foundAt) p.push('found in the future');
  if (g.projection.state !== g.doc.state || g.projection.listed !== (currentListing(g.doc) !== null) || g.projection.due_date !== g.doc.dueDate) p.push('projection differs');
  return p;
}

describe('demo hazard generator', () => {
  it('is deterministic for a seed', () => {
    const a = generateHazard(mulberry32(42), ctx, 7);
    const b = generateHazard(mulberry32(42), ctx, 7);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('produces only records that satisfy the domain invariants, with a consistent history (5,000 seeded records)', () => {
    const rng = mulberry32(20261123);
    const bad: string[] = [];
    const states = new Map<HazardState, number>();
    let overdue = 0, listed = 0, major = 0, onSpot = 0, escalated = 0, returned = 0, extended = 0, explained = 0;
    const domains = new Set<string>();
    const N = 5000;
    for (let i = 0; i < N; i++) {
      const g = generateHazard(rng, ctx, i);
      const problems = [...hazardInvariantViolations(g.doc), ...historyProblems(g)];
      if (problems.length) bad.push(`#${i} ${JSON.stringify(g.profile)}: ${problems.join('；')}`);
      states.set(g.doc.state, (states.get(g.doc.state) ?? 0) + 1);
      if (isHazardOverdue(g.doc, NOW)) overdue++;
      if (g.projection.listed) listed++;
      if (g.doc.grade === 'major') major++;
      if (g.doc.fixedOnSpot) onSpot++;
      if (g.doc.escalations.length) escalated++;
      if (g.doc.returns.length) returned++;
      if (g.doc.extensions.length) extended++;
      if (g.doc.overdueExplanations.length) explained++;
      domains.add(g.doc.domain);
      // The story asked for is the story told.
      expect(g.doc.state).toBe(g.profile.state);
      if (g.profile.overdue) expect(isHazardOverdue(g.doc, NOW)).toBe(true);
      if (!g.profile.overdue && OPEN_HAZARD_STATES.includes(g.doc.state)) expect(isHazardOverdue(g.doc, NOW)).toBe(false);
      if (g.profile.listed && g.doc.state !== 'closed') expect(g.projection.listed).toBe(true);
      if (g.profile.listed && g.doc.state === 'closed') expect(g.doc.listings.length).toBeGreaterThan(0);
      if (g.school.kind === 'kindergarten') expect(g.doc.domain).not.toBe('lab_chemicals');
    }
    expect(bad.slice(0, 10)).toEqual([]);
    const share = (n: number) => n / N;
    expect(share(states.get('closed') ?? 0)).toBeGreaterThan(0.55);
    for (const s of ['reported', 'registered', 'rectifying', 'pending_verification', 'rejected'] as const) expect(states.get(s) ?? 0).toBeGreaterThan(N * 0.02);
    expect(share(overdue)).toBeGreaterThan(0.04);
    expect(share(overdue)).toBeLessThan(0.15);
    expect(share(major)).toBeGreaterThan(0.03);
    expect(share(major)).toBeLessThan(0.15);
    expect(share(onSpot)).toBeGreaterThan(0.05);
    for (const n of [listed, escalated, returned, extended, explained]) expect(n).toBeGreaterThan(20);
    expect(domains.size).toBeGreaterThanOrEqual(12);
  });

  it('tells every forced story, for every school (including one verified by the bureau)', () => {
    const rng = mulberry32(7);
    for (const [profile] of DEFAULT_PROFILE_WEIGHTS) {
      for (const s of ctx.schools) {
        for (let k = 0; k < 20; k++) {
          const g = generateHazard(rng, ctx, k, { school: s, profile });
          expect([...hazardInvariantViolations(g.doc), ...historyProblems(g)]).toEqual([]);
          expect(g.doc.state).toBe(profile.state);
          expect(g.doc.unitId).toBe(s.id);
        }
      }
    }
  });

  it('verifies by someone other than the rectifier, and writes realistic Chinese', () => {
    const rng = mulberry32(99);
    for (let i = 0; i < 300; i++) {
      const g = generateHazard(rng, ctx, i, { profile: { state: 'closed' } });
      expect(g.doc.closedBy!.userId).not.toBe(g.doc.rectifiedBy!.userId);
      expect(g.doc.title).toMatch(/[\u4e00-\u9fa5]/);
      expect(g.doc.owner).toMatch(/^[\u4e00-\u9fa5（）]+$/);
      expect(g.doc.description).not.toContain('{loc}');
    }
  });

  it('is fast enough to feed a two-million-row benchmark', () => {
    const rng = mulberry32(1);
    const n = 20_000;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let events = 0;
    for (let i = 0; i < n; i++) events += generateHazard(rng, ctx, i).events.length;
    const wall = Math.round(n / ((performance.now() - t0) / 1000));
    const used = process.cpuUsage(cpu0);
    // CPU time, not wall time: the test machine may be busy with other test files.
    const perCpuSecond = Math.round(n / ((used.user + used.system) / 1e6));
    console.log(`hazard generator: ${perCpuSecond} records per CPU second, ${wall} per wall second here (${(events / n).toFixed(1)} events per record)`);
    expect(perCpuSecond).toBeGreaterThan(3_000);
  });
});
