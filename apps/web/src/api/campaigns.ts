/**
 * Campaigns (专项整治), their tasks and plan import, as the web app uses them.
 * Shapes come from the contracts' TypeBox schemas.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { CampaignDetail, CampaignOverview, CampaignSummary, CampaignTask, CreateCampaignBody, MyTask, PlanImportResult, TaskInput, TaskProgressBody, UpdateCampaignBody, UpdateTaskBody } from '@xiaoan/contracts';
import { api, request } from './client';
import { keys } from './keys';

export type { CampaignDetail, CampaignOverview, CampaignSummary, CampaignTask, CreateCampaignBody, MyTask, PlanImportResult, TaskProgressBody, UpdateTaskBody } from '@xiaoan/contracts';
export type NewTask = Static<typeof TaskInput>;
export type TaskStatus = CampaignTask['status'];

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = { not_started: '未开始', in_progress: '进行中', done: '已完成' };
export const TASK_STATUS_COLORS: Record<TaskStatus, string> = { not_started: 'default', in_progress: 'processing', done: 'success' };

export function useCampaigns() {
  return useQuery({ queryKey: keys.campaigns.list(), queryFn: ({ signal }) => api.get<{ items: CampaignSummary[]; total: number }>('/api/campaigns', undefined, signal) });
}

export function useCampaign(id: string | undefined) {
  return useQuery({ queryKey: keys.campaigns.detail(id ?? ''), queryFn: ({ signal }) => api.get<CampaignDetail>(`/api/campaigns/${id}`, undefined, signal), enabled: !!id });
}

export function useCampaignOverview(id: string | undefined) {
  return useQuery({ queryKey: keys.campaigns.overview(id ?? ''), queryFn: ({ signal }) => api.get<CampaignOverview>(`/api/campaigns/${id}/overview`, undefined, signal), enabled: !!id });
}

export function useMyTasks(enabled = true) {
  return useQuery({ queryKey: keys.tasks.mine(), queryFn: ({ signal }) => api.get<{ items: MyTask[]; total: number }>('/api/tasks/mine', undefined, signal), enabled });
}

/** After any change to a campaign or a task: its pages and the home page's task list. */
export function useRefreshCampaigns() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: keys.campaigns.all });
    void qc.invalidateQueries({ queryKey: keys.tasks.all });
    void qc.invalidateQueries({ queryKey: keys.home.all });
  };
}

export const campaignApi = {
  update: (id: string, body: UpdateCampaignBody) => request<CampaignDetail>(`/api/campaigns/${id}`, { method: 'PUT', body }),
};

/** The uploaded plan document of a campaign (a download link). */
export { fileUrl as planFileUrl } from './files';

export function useCreateCampaign() {
  const refresh = useRefreshCampaigns();
  return useMutation({ mutationFn: (body: CreateCampaignBody) => api.post<CampaignDetail>('/api/campaigns', body), onSuccess: refresh });
}

export function useCopyCampaign() {
  const refresh = useRefreshCampaigns();
  return useMutation({ mutationFn: (id: string) => api.post<CampaignDetail>(`/api/campaigns/${id}/copy`, {}), onSuccess: refresh });
}

export function useUpdateTask() {
  const refresh = useRefreshCampaigns();
  return useMutation({ mutationFn: ({ id, body }: { id: string; body: UpdateTaskBody }) => request<CampaignTask>(`/api/tasks/${id}`, { method: 'PUT', body }), onSuccess: refresh });
}

export function useTaskProgress() {
  const refresh = useRefreshCampaigns();
  return useMutation({ mutationFn: ({ id, body }: { id: string; body: TaskProgressBody }) => api.post<CampaignTask>(`/api/tasks/${id}/progress`, body), onSuccess: refresh });
}

export function useBreakDown() {
  const refresh = useRefreshCampaigns();
  return useMutation({ mutationFn: (id: string) => api.post<CampaignTask>(`/api/tasks/${id}/break-down`, {}), onSuccess: refresh });
}

export function useAddTask(campaignId: string) {
  const refresh = useRefreshCampaigns();
  return useMutation({ mutationFn: (body: NewTask) => api.post<CampaignTask>(`/api/campaigns/${campaignId}/tasks`, body), onSuccess: refresh });
}

export const importPlanText = (text: string) => api.post<PlanImportResult>('/api/campaign-imports/text', { text });
export function importPlanFile(file: File) {
  const form = new FormData();
  form.append('file', file);
  return api.upload<PlanImportResult>('/api/campaign-imports', form);
}
