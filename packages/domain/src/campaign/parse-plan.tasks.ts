/**
 * Tasks (任务): the leaf items under 主要任务 / 重点任务 / …, each with its leads, cooperating
 * units, deadline and domain; rows of task tables fill in what the body left out.
 */
import { findDates } from './dates.js';
import { domainsIn } from './parse-plan.domains.js';
import { findLeads } from './parse-plan.leads.js';
import { findBlocks, itemBody, itemsOf, leaves, splitTitle, type Block, type Item } from './parse-plan.outline.js';
import { findTables, tasksFromTable } from './parse-plan.tables.js';
import { evLines, normalizeText, truncate, withText, type DateCtx, type Line } from './parse-plan.text.js';
import type { Proposed, ProposedStage, ProposedTask } from './plan.types.js';

const RE_TASK_HEAD =
  /(主要任务|重点任务|工作任务|整治重点|重点内容|重点工作|工作重点|主要内容|重点项目|整治任务|整治内容|主要工作|工作内容|具体任务|重点整治|治理重点|任务分工|任务清单|重点举措|主要举措|工作措施|主要措施|具体措施)/;

export type TaskDraft = { p: Proposed<ProposedTask>; titleNorm: string };

export type TasksFound = {
  tasks: Proposed<ProposedTask>[];
  /** Task items that have children: group headings such as （一）消防安全. */
  groupHeadings: Line[];
};

function taskFromItem(lines: Line[], it: Item, src: string, ctx: DateCtx): TaskDraft | null {
  const { text: body, last } = itemBody(lines, it);
  const { title, rest } = splitTitle(body);
  if (!title) return null;
  const lead = findLeads(body);
  let description = rest;
  if (lead) {
    // drop the 牵头 clause (and its brackets) from the description
    const clause = body.slice(lead.start, lead.end);
    description = description.replace(clause, '').replace(/[（(]\s*[）)]/g, '').replace(/[（(][。.]?[）)]/g, '');
  }
  const parents: string[] = [];
  for (let p = it.parent; p; p = p.parent) parents.push(splitTitle(p.line.body).title);
  const domain = domainsIn(title)[0] ?? domainsIn(parents.join(' '))[0] ?? domainsIn(description.slice(0, 60))[0] ?? null;
  const deadlineMention = findDates(body, { year: ctx.year, anchor: ctx.anchor }).find((d) => d.deadline && d.to);
  return {
    p: {
      value: {
        title,
        description: truncate(description.replace(/\n+/g, '\n'), 300),
        leads: lead?.leads ?? [],
        cooperating: lead?.cooperating ?? [],
        deadline: deadlineMention?.to ?? null,
        stageIndex: null,
        domain,
      },
      evidence: withText(src, evLines(it.line, last)),
    },
    titleNorm: normalizeText(title),
  };
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
  for (const b of taskBlocks) {
    const roots = itemsOf(lines, b, { skipTab: true });
    visit(roots);
    for (const it of leaves(roots)) {
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
export function findTasks(lines: Line[], src: string, ctx: DateCtx, stageBlocks: Block[], stages: Proposed<ProposedStage>[]): TasksFound {
  const { drafts, groupHeadings } = tasksInSections(lines, src, ctx, stageBlocks);
  mergeTableTasks(drafts, lines, src, ctx);
  for (const t of drafts) {
    const v = t.p.value;
    const idx = stages.findIndex((s) => s.value.name.length >= 2 && (v.title.includes(s.value.name) || v.description.includes(`${s.value.name}阶段`)));
    v.stageIndex = idx >= 0 ? idx : null;
  }
  return { tasks: drafts.map((t) => t.p), groupHeadings };
}
