/**
 * Tasks (任务): the leaf items under 主要任务 / 重点任务 / …, each with its leads, cooperating
 * units, deadline and domain; rows of task tables fill in what the body left out.
 */
import { deadlineIn } from './parse-plan.deadline.js';
import { domainsIn } from './parse-plan.domains.js';
import { isTitleLine } from './parse-plan.header.js';
import { ORG_END, findLeads } from './parse-plan.leads.js';
import { findBlocks, itemBody, itemsOf, leaves, splitTitle, type Block, type Item } from './parse-plan.outline.js';
import { findTables, tasksFromTable } from './parse-plan.tables.js';
import { RE_ANNEX, evLines, normalizeText, truncate, withText, type DateCtx, type Line } from './parse-plan.text.js';
import type { Proposed, ProposedStage, ProposedTask } from './plan.types.js';

const RE_TASK_HEAD =
  /(行动内容|活动内容|基本任务|主要任务|重点任务|工作任务|整治重点|重点内容|重点工作|工作重点|主要内容|重点项目|整治任务|整治内容|主要工作|工作内容|具体任务|重点整治|治理重点|任务分工|任务清单|重点举措|主要举措|工作措施|主要措施|具体措施)/;

export type TaskDraft = { p: Proposed<ProposedTask>; titleNorm: string };

export type TasksFound = {
  tasks: Proposed<ProposedTask>[];
  /** Task items that have children: group headings such as （一）消防安全. */
  groupHeadings: Line[];
};

/**
 * Sections that hold no tasks when a plan has no task heading: aims, principles, organisation,
 * safeguards, requirements, scope, theme, time (the outline's other sections are its tasks).
 */
const RE_NOT_TASKS =
  /^(指导思想|总体要求|总体目标|工作目标|目标任务|任务目标|战役目标|整治目标|基本原则|工作原则|组织领导|组织机构|组织保障|领导小组|保障措施|工作保障|工作要求|有关要求|相关要求|总体思路|活动主题|主题|对象|范围|整治范围|清剿范围|意义|背景|(?:活动|整治|工作|实施)?时间)/;

/** Not a task: a fragment cut mid-word, a check criterion (是否…), a cited document (《…》). */
const isTaskTitle = (t: string) => t.replace(/[^\u4e00-\u9fa5A-Za-z0-9]/g, '').length >= 4 && !/^(是否|《)/.test(t);

/** Not a task: 「请各部门于…前报送」 asks for a report (a reporting rule), it is not work to do. */
const isRequest = (t: string) => /^请/.test(t);

const RE_GROUP_UNIT = /(部门|单位|科室|处室|科|室|局|处|中心|委员会|委|办公室|办|学校|政府|机关|股|站|队)$/;

/** A group heading that names who does its items (（一）区教体行政部门 → its tasks' lead). */
function leadOfGroup(it: Item): string | null {
  for (let p = it.parent; p; p = p.parent) {
    const t = splitTitle(p.line.body).title;
    if (t.length <= 16 && RE_GROUP_UNIT.test(t) && ORG_END.test(t) && !/[，,。；;、的]/.test(t)) return t;
  }
  return null;
}

/** A hazard criterion (…安全出口未分开设置的；): the item above it is the task, not the criteria. */
const isCriterion = (l: Line) => /的[；;。]?$/.test(l.body.split(/\n/)[0] ?? '');

/** The task items: leaves, except that an item whose children are all criteria is itself the task. */
function taskLeaves(items: Item[]): Item[] {
  const out: Item[] = [];
  for (const it of items) {
    if (it.children.length && !it.children.every((c) => isCriterion(c.line))) out.push(...taskLeaves(it.children));
    else out.push(it);
  }
  return out;
}

function taskFromItem(lines: Line[], it: Item, src: string, ctx: DateCtx): TaskDraft | null {
  const { text: body, last } = itemBody(lines, it);
  const { title, rest } = splitTitle(body);
  if (!title || !isTaskTitle(title) || isRequest(title)) return null;
  const lead = findLeads(body) ?? (leadOfGroup(it) ? { leads: [leadOfGroup(it) ?? ''], cooperating: [], start: 0, end: 0 } : null);
  let description = rest;
  if (lead && lead.end > lead.start) {
    // drop the 牵头 clause (and its brackets) from the description
    const clause = body.slice(lead.start, lead.end);
    description = description.replace(clause, '').replace(/[（(]\s*[）)]/g, '').replace(/[（(][。.]?[）)]/g, '');
  }
  const parents: string[] = [];
  for (let p = it.parent; p; p = p.parent) parents.push(splitTitle(p.line.body).title);
  const domain = domainsIn(title)[0] ?? domainsIn(parents.join(' '))[0] ?? domainsIn(description.slice(0, 60))[0] ?? null;
  const deadline = deadlineIn(body, ctx);
  return {
    p: {
      value: {
        title,
        description: truncate(description.replace(/\n+/g, '\n'), 300),
        leads: lead?.leads ?? [],
        cooperating: lead?.cooperating ?? [],
        deadline,
        stageIndex: null,
        domain,
      },
      evidence: withText(src, evLines(it.line, last)),
    },
    titleNorm: normalizeText(title),
  };
}

/**
 * The whole document up to the first annex, for plans without a task heading: one block per
 * document (a title line such as 「预防学生溺水工作方案」 starts a new outline: pages put several together).
 */
function wholeOutline(lines: Line[]): Block[] {
  const end = lines.findIndex((l) => !l.tab && RE_ANNEX.test(l.text));
  const to = end > 0 ? end : lines.length;
  const starts = [0, ...lines.slice(0, to).filter((l) => l.index > 0 && isTitleLine(l)).map((l) => l.index)];
  return starts.map((from, k) => ({ head: lines[from] as Line, from, to: starts[k + 1] ?? to, rank: 0 }));
}

/** The outline without the sections that hold no tasks and without the stage sections. */
function withoutNonTaskSections(items: Item[], stageBlocks: Block[]): Item[] {
  return items
    .filter((it) => !RE_NOT_TASKS.test(splitTitle(it.line.body).title) && !stageBlocks.some((b) => b.head === it.line))
    .map((it) => ({ ...it, children: withoutNonTaskSections(it.children, stageBlocks) }));
}

/** The leaf items of the task sections (not the stage sections) as tasks, and the group headings above them. */
function tasksInSections(lines: Line[], src: string, ctx: DateCtx, stageBlocks: Block[]): { drafts: TaskDraft[]; groupHeadings: Line[] } {
  const drafts: TaskDraft[] = [];
  const taskBlocks = findBlocks(lines, RE_TASK_HEAD).filter((b) => !stageBlocks.some((s) => s.head === b.head));
  const usedLines = new Set<number>();
  const groupHeadings: Line[] = [];
  const visit = (items: Item[]) => {
    for (const it of items) {
      if (it.children.length) {
        groupHeadings.push(it.line);
        visit(it.children);
      }
    }
  };
  const fromSections = taskBlocks.some((b) => itemsOf(lines, b, { skipTab: true }).length > 0);
  for (const b of fromSections ? taskBlocks : wholeOutline(lines)) {
    const roots = fromSections ? itemsOf(lines, b, { skipTab: true }) : withoutNonTaskSections(itemsOf(lines, b, { skipTab: true }), stageBlocks);
    visit(roots);
    for (const it of taskLeaves(roots)) {
      if (usedLines.has(it.line.index)) continue;
      usedLines.add(it.line.index);
      const t = taskFromItem(lines, it, src, ctx);
      if (t) drafts.push(t);
    }
  }
  return { drafts, groupHeadings };
}

/** A table row fills the leads/deadline/domain of a body task with the same title, else is a task of its own. */
function mergeTableTasks(drafts: TaskDraft[], lines: Line[], src: string, ctx: DateCtx): void {
  for (const table of findTables(lines)) {
    for (const t of tasksFromTable(table, src, ctx)) {
      const match = drafts.find(
        (d) => d.titleNorm && t.titleNorm && (d.titleNorm === t.titleNorm || d.titleNorm.includes(t.titleNorm) || t.titleNorm.includes(d.titleNorm)),
      );
      if (!match) {
        drafts.push(t);
        continue;
      }
      const v = match.p.value;
      if (v.leads.length === 0) v.leads = t.p.value.leads;
      if (v.cooperating.length === 0) v.cooperating = t.p.value.cooperating;
      if (!v.deadline) v.deadline = t.p.value.deadline;
      if (!v.domain) v.domain = t.p.value.domain;
    }
  }
}

/** The tasks of a plan; a task that names a stage (…阶段 / the stage's name) gets its index. */
export function findTasks(
  lines: Line[],
  src: string,
  ctx: DateCtx,
  stageBlocks: Block[],
  stages: Proposed<ProposedStage>[],
  planTitle: string | null = null,
): TasksFound {
  const found = tasksInSections(lines, src, ctx, stageBlocks);
  // a numbered line that is the plan's own title run into its text (「1、XX实施方案为…」) is no task
  const head = planTitle ? normalizeText(planTitle).slice(0, 10) : null;
  const drafts = head ? found.drafts.filter((d) => !d.titleNorm.startsWith(head)) : found.drafts;
  const { groupHeadings } = found;
  mergeTableTasks(drafts, lines, src, ctx);
  for (const t of drafts) {
    const v = t.p.value;
    const idx = stages.findIndex((s) => s.value.name.length >= 2 && (v.title.includes(s.value.name) || v.description.includes(`${s.value.name}阶段`)));
    v.stageIndex = idx >= 0 ? idx : null;
  }
  return { tasks: drafts.map((t) => t.p), groupHeadings };
}
