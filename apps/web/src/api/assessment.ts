/**
 * Annual assessment (年度综合考核) and the standardisation self-assessment (标准化创建): schemes,
 * the scores and ranking with each score's evidence, a school's card, the bureau's manual scores,
 * the self-assessment (save, submit, accept, return) and the .xlsx export. Shapes come from the
 * contracts' TypeBox schemas.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  AssessmentScheme,
  CreateSchemeBody,
  IndicatorScore,
  ManualScoreBody,
  ReviewBody,
  SaveSelfBody,
  SchemeList,
  SchemeScores,
  SchoolCard,
  SchoolScore,
  SelfAssessment,
  SelfAssessmentList,
  UpdateSchemeBody,
} from '@xiaoan/contracts';
import { api, request } from './client';
import { keys } from './keys';

export type SchemeT = Static<typeof AssessmentScheme>;
export type SchemeListT = Static<typeof SchemeList>;
export type CatalogueItemT = SchemeListT['catalogue'][number];
export type SchemeIndicatorT = SchemeT['indicators'][number];
export type ScoresT = Static<typeof SchemeScores>;
export type SchoolScoreT = Static<typeof SchoolScore>;
export type IndicatorScoreT = Static<typeof IndicatorScore>;
export type SchoolCardT = Static<typeof SchoolCard>;
export type SelfAssessmentT = Static<typeof SelfAssessment>;
export type SchemeBodyT = Static<typeof CreateSchemeBody>;
export type SchemeIndicatorInputT = SchemeBodyT['indicators'][number];
export type ManualScoreBodyT = Static<typeof ManualScoreBody>;

export const assessmentApi = {
  schemes: (signal?: AbortSignal) => api.get<SchemeListT>('/api/assessment/schemes', undefined, signal),
  scheme: (id: string, signal?: AbortSignal) => api.get<SchemeT>(`/api/assessment/schemes/${id}`, undefined, signal),
  create: (body: SchemeBodyT) => api.post<SchemeT>('/api/assessment/schemes', body),
  update: (id: string, body: Static<typeof UpdateSchemeBody>) => request<SchemeT>(`/api/assessment/schemes/${id}`, { method: 'PUT', body }),
  scores: (id: string, signal?: AbortSignal) => api.get<ScoresT>(`/api/assessment/schemes/${id}/scores`, undefined, signal),
  card: (id: string, schoolId: string | undefined, signal?: AbortSignal) => api.get<SchoolCardT>(`/api/assessment/schemes/${id}/card`, { schoolId }, signal),
  manualScore: (id: string, body: ManualScoreBodyT) => request<SchoolCardT>(`/api/assessment/schemes/${id}/manual-scores`, { method: 'PUT', body }),
  selfList: (id: string, signal?: AbortSignal) => api.get<Static<typeof SelfAssessmentList>>(`/api/assessment/schemes/${id}/self-assessments`, undefined, signal),
  saveSelf: (id: string, body: Static<typeof SaveSelfBody>) => request<SelfAssessmentT>(`/api/assessment/schemes/${id}/self-assessment`, { method: 'PUT', body }),
  submitSelf: (id: string, version: number) => api.post<SelfAssessmentT>(`/api/assessment/schemes/${id}/self-assessment/submit`, { version }),
  accept: (selfId: string, body: Static<typeof ReviewBody>) => api.post<SelfAssessmentT>(`/api/assessment/self-assessments/${selfId}/accept`, body),
  return: (selfId: string, body: Static<typeof ReviewBody>) => api.post<SelfAssessmentT>(`/api/assessment/self-assessments/${selfId}/return`, body),
};

/** The scores as .xlsx (downloaded with reports' downloadDocument, so a refusal shows in Chinese). */
export const scoresXlsxPath = (id: string) => `/api/assessment/schemes/${id}/scores.xlsx`;

export function useSchemes() {
  return useQuery({ queryKey: keys.assessment.schemes(), queryFn: ({ signal }) => assessmentApi.schemes(signal) });
}

export function useScores(id: string | undefined) {
  return useQuery({ queryKey: keys.assessment.scores(id ?? '', {}), queryFn: ({ signal }) => assessmentApi.scores(id!, signal), enabled: !!id });
}

export function useSchoolCard(id: string | undefined, schoolId: string | undefined, enabled = true) {
  return useQuery({ queryKey: keys.assessment.school(id ?? '', schoolId ?? 'own'), queryFn: ({ signal }) => assessmentApi.card(id!, schoolId, signal), enabled: !!id && enabled });
}

export function useSelfList(id: string | undefined, enabled = true) {
  return useQuery({ queryKey: [...keys.assessment.scheme(id ?? ''), 'self'] as const, queryFn: ({ signal }) => assessmentApi.selfList(id!, signal), enabled: !!id && enabled });
}

/** After any write: every assessment query. */
export function useRefreshAssessment() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: keys.assessment.all });
}
