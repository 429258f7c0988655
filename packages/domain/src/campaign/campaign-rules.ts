import { isOverdue } from '../hazard/deadline.js';

/** Rules of a running campaign (专项整治): stage dates, overdue tasks, next year's copy. Pure. */

export type TaskStatusCode = 'not_started' | 'in_progress' | 'done';
export type StageDates = { name: string; start: string; end: string };

/**
 * Problems with a campaign's period and stages, as `field: reason` messages in Chinese:
 * a stage ending before it starts, two stages overlapping (a stage may start the day after
 * the previous one ends, not on it), a period ending before it starts.
 */
export function stageProblems(period: { start: string; end: string }, stages: readonly StageDates[]): string[] {
  const problems: string[] = [];
  if (period.end < period.start) problems.push(`起止时间：结束日期 ${period.end} 早于开始日期 ${period.start}`);
  stages.forEach((s, i) => {
    if (s.end < s.start) problems.push(`阶段${i + 1}「${s.name}」：结束日期 ${s.end} 早于开始日期 ${s.start}`);
  });
  const sorted = stages.map((s, i) => ({ ...s, i })).filter((s) => s.end >= s.start).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  for (let k = 1; k < sorted.length; k++) {
    const a = sorted[k - 1]!;
    const b = sorted[k]!;
    if (b.start <= a.end) problems.push(`阶段${b.i + 1}「${b.name}」：与阶段${a.i + 1}「${a.name}」时间重叠（${b.start} 早于或等于 ${a.end}）`);
  }
  return problems;
}

/** A task is overdue when it is not done and its deadline (by the end of that day, Beijing time) has passed. */
export function isTaskOverdue(task: { status: TaskStatusCode; deadline: string | null }, now: Date): boolean {
  return task.status !== 'done' && task.deadline !== null && isOverdue(task.deadline, now);
}

/** The same calendar date one year later (29 February becomes 28 February). */
export function nextYearDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const ny = y + 1;
  const leap = (ny % 4 === 0 && ny % 100 !== 0) || ny % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${ny}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A title for next year's copy: every year 20xx in it moves on by one (2021年度 → 2022年度). */
export function nextYearTitle(title: string): string {
  const bumped = title.replace(/(19|20)\d{2}/g, (y) => String(Number(y) + 1));
  return bumped === title ? `${title}（下一年度）` : bumped;
}

/** Where a stage stands relative to today. */
export function stageState(stage: { start: string; end: string }, today: string): 'past' | 'current' | 'future' {
  if (today > stage.end) return 'past';
  if (today < stage.start) return 'future';
  return 'current';
}
