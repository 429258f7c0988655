/**
 * Inspections (排查) as the web app uses them: checklists, points, checks, schedules,
 * supervision visits and 回头看. Shapes come from the contracts' TypeBox schemas.
 */
import type { Static } from 'typebox';
import type {
  ChecklistDetail,
  ChecklistItemSchema,
  ChecklistSummary,
  CompletionQuery,
  CompletionReport,
  CreateChecklistBody,
  CreateFollowUpBody,
  CreateInspectionBody,
  CreatePointBody,
  CreateVisitBody,
  DueCheck,
  FollowUpCandidate as FollowUpCandidateS,
  FollowUpQuery,
  FollowUpResult,
  InspectionDetail,
  InspectionSummary,
  PointCheckForm,
  PointSummary,
  RaiseHazardBody,
  RecordVisitBody,
  ScheduleQuery,
  TeamCoverage,
  UpdateChecklistBody,
  UpdatePointBody,
  VisitDetail,
  VisitFindingBody,
  VisitListQuery,
  VisitSummary,
  WeeklyRollup,
} from '@xiaoan/contracts';
import { api, request } from './client';
import type { HazardDetail, PageOf } from './types';

export type {
  ChecklistDetail,
  ChecklistSummary,
  CompletionReport,
  CreateChecklistBody,
  CreateInspectionBody,
  CreatePointBody,
  DueCheck,
  InspectionDetail,
  InspectionSummary,
  PointCheckForm,
  PointSummary,
  RaiseHazardBody,
  TeamCoverage,
  UpdateChecklistBody,
  UpdatePointBody,
  VisitDetail,
  VisitSummary,
  WeeklyRollup,
} from '@xiaoan/contracts';
export type ChecklistItem = Static<typeof ChecklistItemSchema>;
export type FollowUpCandidate = Static<typeof FollowUpCandidateS>;

export const inspectionApi = {
  checklists: (q: { domain?: string; pointType?: string } = {}, signal?: AbortSignal) => api.get<PageOf<ChecklistSummary>>('/api/checklists', q, signal),
  checklist: (id: string, signal?: AbortSignal) => api.get<ChecklistDetail>(`/api/checklists/${id}`, undefined, signal),
  createChecklist: (body: CreateChecklistBody) => api.post<ChecklistDetail>('/api/checklists', body),
  copyChecklist: (id: string) => api.post<ChecklistDetail>(`/api/checklists/${id}/copy`, {}),
  updateChecklist: (id: string, body: UpdateChecklistBody) => request<ChecklistDetail>(`/api/checklists/${id}`, { method: 'PUT', body }),

  points: (q: { schoolId?: string; includeRetired?: boolean } = {}, signal?: AbortSignal) =>
    api.get<PageOf<PointSummary>>('/api/inspection-points', { ...q, pageSize: 500 }, signal),
  point: (id: string, signal?: AbortSignal) => api.get<PointSummary>(`/api/inspection-points/${id}`, undefined, signal),
  pointByToken: (token: string, signal?: AbortSignal) => api.get<PointSummary>(`/api/inspection-points/by-token/${encodeURIComponent(token)}`, undefined, signal),
  checkForm: (id: string, signal?: AbortSignal) => api.get<PointCheckForm>(`/api/inspection-points/${id}/check-form`, undefined, signal),
  createPoint: (body: CreatePointBody) => api.post<PointSummary>('/api/inspection-points', body),
  updatePoint: (id: string, body: UpdatePointBody) => request<PointSummary>(`/api/inspection-points/${id}`, { method: 'PUT', body }),
  rotateToken: (id: string) => api.post<PointSummary>(`/api/inspection-points/${id}/rotate-token`, {}),
  printUrl: (schoolId: string) => `/api/units/${schoolId}/inspection-points/print`,

  schedule: (q: Static<typeof ScheduleQuery>, signal?: AbortSignal) =>
    api.get<{ items: DueCheck[]; total: number; today: string }>('/api/inspection-schedule', q, signal),
  completion: (q: Static<typeof CompletionQuery>, signal?: AbortSignal) =>
    api.get<CompletionReport>('/api/inspection-completion', q, signal),
  weekly: (q: { schoolId: string; date?: string }, signal?: AbortSignal) => api.get<WeeklyRollup>('/api/inspection-rollups/weekly', q, signal),

  inspections: (q: Record<string, string | number | boolean | undefined>, signal?: AbortSignal) => api.get<PageOf<InspectionSummary>>('/api/inspections', q, signal),
  inspection: (id: string, signal?: AbortSignal) => api.get<InspectionDetail>(`/api/inspections/${id}`, undefined, signal),
  /** The same Idempotency-Key again returns the first answer and records nothing new. */
  submit: (body: CreateInspectionBody, idempotencyKey: string) =>
    request<InspectionDetail>('/api/inspections', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } }),
  raiseHazard: (id: string, body: RaiseHazardBody, idempotencyKey: string) =>
    request<HazardDetail>(`/api/inspections/${id}/raise-hazard`, { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } }),

  visits: (q: Static<typeof VisitListQuery>, signal?: AbortSignal) =>
    api.get<PageOf<VisitSummary>>('/api/supervision-visits', q, signal),
  visit: (id: string, signal?: AbortSignal) => api.get<VisitDetail>(`/api/supervision-visits/${id}`, undefined, signal),
  planVisit: (body: CreateVisitBody) =>
    api.post<VisitDetail>('/api/supervision-visits', body),
  recordVisit: (id: string, body: Static<typeof RecordVisitBody>) =>
    request<VisitDetail>(`/api/supervision-visits/${id}`, { method: 'PUT', body }),
  addFinding: (id: string, body: VisitFindingBody, key: string) =>
    request<HazardDetail>(`/api/supervision-visits/${id}/findings`, { method: 'POST', body, headers: { 'Idempotency-Key': key } }),
  issueFeedback: (id: string) => api.post<VisitDetail>(`/api/supervision-visits/${id}/feedback`, {}),
  coverage: (teamId: string, q: { from?: string; to?: string } = {}, signal?: AbortSignal) => api.get<TeamCoverage>(`/api/supervision-teams/${teamId}/coverage`, q, signal),

  followUpCandidates: (q: Static<typeof FollowUpQuery>, signal?: AbortSignal) =>
    api.get<{ items: FollowUpCandidate[]; total: number }>('/api/follow-ups/candidates', q, signal),
  recordFollowUp: (body: CreateFollowUpBody, key: string) =>
    request<Static<typeof FollowUpResult>>('/api/follow-ups', { method: 'POST', body, headers: { 'Idempotency-Key': key } }),
};
