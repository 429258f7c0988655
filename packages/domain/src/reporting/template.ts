/**
 * Report content templates: auto-filled sections (frozen at submission) and narrative
 * fields; validation of the narrative; the pre-fill from the previous submission; what
 * changed between two versions. Pure.
 */

export const AUTO_SECTION_SOURCES = ['hazard_month', 'week_checks', 'summary_counts', 'visit_round'] as const;
export type AutoSectionSource = (typeof AUTO_SECTION_SOURCES)[number];

export type ReportSection =
  | { readonly key: string; readonly kind: 'auto'; readonly label: string; readonly source: AutoSectionSource }
  | { readonly key: string; readonly kind: 'narrative'; readonly label: string; readonly required: boolean; readonly maxLength?: number; readonly prefillFrom?: string };

const DEFAULT_MAX = 5000;

/** The summaries' narrative (阶段、季度、年度工作总结), from the seeds: 上阶段计划落实情况 is pre-filled from 下阶段目标. */
export const SUMMARY_NARRATIVE: readonly ReportSection[] = [
  { key: 'last_plan', kind: 'narrative', label: '上阶段计划落实情况', required: false, prefillFrom: 'next_goals' },
  { key: 'awareness', kind: 'narrative', label: '思想意识', required: true },
  { key: 'capability', kind: 'narrative', label: '行动能力', required: true },
  { key: 'measures', kind: 'narrative', label: '工作举措', required: true },
  { key: 'results', kind: 'narrative', label: '成果实效', required: true },
  { key: 'next_goals', kind: 'narrative', label: '下阶段目标', required: true },
];

/** Built-in templates, by what a type reports. */
export const REPORT_TEMPLATES = {
  /** 每月隐患问题清单: the school's month of hazards, and a note. */
  monthlyHazardList: [
    { key: 'hazards', kind: 'auto', label: '本月隐患排查整改清单', source: 'hazard_month' },
    { key: 'note', kind: 'narrative', label: '情况说明', required: false },
  ],
  /** 每周一汇总: the week's daily checks and failed items. */
  weeklyRollup: [
    { key: 'checks', kind: 'auto', label: '本周自查完成情况', source: 'week_checks' },
    { key: 'note', kind: 'narrative', label: '本周情况说明', required: false },
  ],
  /** 季度、年度、阶段工作总结. */
  summary: [{ key: 'counts', kind: 'auto', label: '隐患、检查、督查情况', source: 'summary_counts' }, ...SUMMARY_NARRATIVE],
  /** 督查组一轮督查情况报告. */
  visitRound: [
    { key: 'visits', kind: 'auto', label: '督查学校、发现问题、按期整改', source: 'visit_round' },
    { key: 'note', kind: 'narrative', label: '督查情况总结', required: true },
  ],
  /** One free narrative field (其他报送). */
  plain: [{ key: 'report', kind: 'narrative', label: '报送内容', required: true }],
} as const satisfies Record<string, readonly ReportSection[]>;

/** Problems of a template itself (unique keys, a prefill naming a narrative section). */
export function templateProblems(t: readonly ReportSection[]): string[] {
  const out: string[] = [];
  const keys = new Set<string>();
  for (const s of t) {
    if (keys.has(s.key)) out.push(`template: 栏目代码“${s.key}”重复`);
    keys.add(s.key);
  }
  for (const s of t) {
    if (s.kind === 'narrative' && s.prefillFrom && !t.some((o) => o.key === s.prefillFrom && o.kind === 'narrative')) {
      out.push(`template: 栏目“${s.label}”预填来源“${s.prefillFrom}”不是文字栏目`);
    }
  }
  if (t.length === 0) out.push('template: 至少需要一个栏目');
  return out;
}

/** The narrative keys of a template. */
export const narrativeKeys = (t: readonly ReportSection[]) => t.filter((s) => s.kind === 'narrative').map((s) => s.key);

/**
 * Problems of a narrative against the template, as `栏目: reason`: unknown keys, too long,
 * and (when `forSubmission`) required sections left empty or blank.
 */
export function narrativeProblems(t: readonly ReportSection[], narrative: Readonly<Record<string, string>>, forSubmission: boolean): string[] {
  const out: string[] = [];
  const sections = new Map(t.filter((s) => s.kind === 'narrative').map((s) => [s.key, s]));
  for (const key of Object.keys(narrative)) if (!sections.has(key)) out.push(`${key}: 不是本报表的栏目`);
  for (const s of sections.values()) {
    if (s.kind !== 'narrative') continue;
    const v = narrative[s.key] ?? '';
    if (v.length > (s.maxLength ?? DEFAULT_MAX)) out.push(`${s.label}: 不能超过 ${s.maxLength ?? DEFAULT_MAX} 字`);
    if (forSubmission && s.required && v.trim() === '') out.push(`${s.label}: 不能为空`);
  }
  return out;
}

/** A new draft's narrative: empty sections, pre-filled from the previous submission where the template says so. */
export function prefillNarrative(t: readonly ReportSection[], previous: Readonly<Record<string, string>> | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of t) {
    if (s.kind !== 'narrative') continue;
    out[s.key] = s.prefillFrom && previous ? (previous[s.prefillFrom] ?? '') : '';
  }
  return out;
}

export type VersionChange = { key: string; label: string; before: unknown; after: unknown };

/** What changed from one submitted version to the next, section by section (the reviewer's view). */
export function versionChanges(
  t: readonly ReportSection[],
  before: { content: Readonly<Record<string, unknown>>; narrative: Readonly<Record<string, string>>; fileIds: readonly string[] },
  after: { content: Readonly<Record<string, unknown>>; narrative: Readonly<Record<string, string>>; fileIds: readonly string[] },
): VersionChange[] {
  const out: VersionChange[] = [];
  for (const s of t) {
    const b = s.kind === 'auto' ? before.content[s.key] : (before.narrative[s.key] ?? '');
    const a = s.kind === 'auto' ? after.content[s.key] : (after.narrative[s.key] ?? '');
    if (JSON.stringify(b) !== JSON.stringify(a)) out.push({ key: s.key, label: s.label, before: b, after: a });
  }
  const bf = [...before.fileIds].sort().join(',');
  const af = [...after.fileIds].sort().join(',');
  if (bf !== af) out.push({ key: 'attachments', label: '附件', before: before.fileIds, after: after.fileIds });
  return out;
}
