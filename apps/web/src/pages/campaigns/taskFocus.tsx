import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import type { CampaignTask } from '@xiaoan/contracts';

/**
 * A task has no page of its own: a link to one task is its campaign's page with `?task=<id>`
 * (the home page's task list). The task list scrolls that task into view and marks it.
 */
export const taskHref = (campaignId: string, taskId: string) => `/campaigns/${campaignId}?task=${encodeURIComponent(taskId)}`;

/** The task the address points at, or null. */
export function useFocusedTask(): string | null {
  const [params] = useSearchParams();
  return params.get('task');
}

/** Scrolls the focused task's row into view once it is on the page. */
export function useScrollToTask(taskId: string | null, shown: number): void {
  useEffect(() => {
    if (!taskId || shown === 0) return;
    const el = document.querySelector<HTMLElement>(`[data-task-id="${CSS.escape(taskId)}"]`);
    el?.scrollIntoView({ block: 'center' });
  }, [taskId, shown]);
}

/** The class of the focused task's table row and card (the style below). */
export const FOCUSED_TASK_CLASS = 'xa-task-focused';

export function FocusedTaskStyle() {
  return <style>{`.${FOCUSED_TASK_CLASS} > td { background: #e6f4ff !important; } tr.${FOCUSED_TASK_CLASS} > td:first-child { box-shadow: inset 3px 0 0 #1668dc; } .ant-card.${FOCUSED_TASK_CLASS} { border-color: #1668dc; box-shadow: 0 0 0 2px #bae0ff; }`}</style>;
}

/** How the caller's department stands to a task: it leads it, co-operates on it, or runs the campaign (office). */
export type Relation = 'lead' | 'cooperating' | 'office';

/** The department's relation to one of its tasks (`GET /api/tasks/mine` lists only these three kinds); null without a department. */
export function relationOf(t: Pick<CampaignTask, 'leads' | 'cooperating'>, departmentId: string | undefined): Relation | null {
  if (!departmentId) return null;
  if (t.leads.some((l) => l.id === departmentId)) return 'lead';
  if (t.cooperating.some((c) => c.id === departmentId)) return 'cooperating';
  return 'office';
}
