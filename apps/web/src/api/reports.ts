/**
 * Reporting upward (上报): report types, their periods, completeness and the matrix, a unit's
 * submissions with draft → submit → return/approve → resubmit, reopening a locked period, a
 * campaign's reporting rules as types, and the Word and Excel documents. Shapes come from the
 * contracts' TypeBox schemas.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  ApproveReportBody,
  CampaignReportTypesBody,
  Completeness,
  CompletenessMatrix,
  ReopenReportBody,
  ReportPeriod,
  ReportSubmissionDetail,
  ReportSubmissionListQuery,
  ReportSubmissionSummary,
  ReportType,
  ReturnReportBody,
  SaveDraftBody,
  StartSubmissionBody,
  SubmitReportBody,
} from '@xiaoan/contracts';
import { ApiError, api, csrfHeaders, parseJson, request, responseError, withQuery } from './client';
import { keys } from './keys';

export type ReportTypeT = Static<typeof ReportType>;
export type ReportPeriodT = Static<typeof ReportPeriod>;
export type CompletenessT = Static<typeof Completeness>;
export type CompletenessItemT = CompletenessT['items'][number];
export type MatrixT = Static<typeof CompletenessMatrix>;
export type SubmissionSummaryT = Static<typeof ReportSubmissionSummary>;
export type SubmissionDetailT = Static<typeof ReportSubmissionDetail>;
export type ReportVersionT = SubmissionDetailT['versions'][number];
export type ReportSectionT = ReportTypeT['template'][number];
export type SaveDraftBodyT = Static<typeof SaveDraftBody>;
export type SubmitReportBodyT = Static<typeof SubmitReportBody>;
export type ReopenBodyT = Static<typeof ReopenReportBody>;
export type CampaignReportTypesBodyT = Static<typeof CampaignReportTypesBody>;
export type CampaignRuleChoice = CampaignReportTypesBodyT['rules'][number];

type PageOf<T> = { items: T[]; total: number };
export type MatrixFilter = { areaId?: string; teamId?: string };

export const reportApi = {
  types: (signal?: AbortSignal) => api.get<PageOf<ReportTypeT>>('/api/report-types', { status: 'active', pageSize: 100 }, signal),
  type: (id: string, signal?: AbortSignal) => api.get<ReportTypeT>(`/api/report-types/${id}`, undefined, signal),
  periods: (id: string, range: { from?: string; to?: string }, signal?: AbortSignal) => api.get<PageOf<ReportPeriodT>>(`/api/report-types/${id}/periods`, range, signal),
  completeness: (id: string, q: { period: string } & MatrixFilter, signal?: AbortSignal) => api.get<CompletenessT>(`/api/report-types/${id}/completeness`, q, signal),
  matrix: (id: string, q: { from: string; to: string } & MatrixFilter, signal?: AbortSignal) => api.get<MatrixT>(`/api/report-types/${id}/matrix`, q, signal),
  submission: (id: string, signal?: AbortSignal) => api.get<SubmissionDetailT>(`/api/report-submissions/${id}`, undefined, signal),
  submissions: (q: Static<typeof ReportSubmissionListQuery>, signal?: AbortSignal) => api.get<PageOf<SubmissionSummaryT>>('/api/report-submissions', q, signal),
  start: (body: Static<typeof StartSubmissionBody>) => api.post<SubmissionDetailT>('/api/report-submissions', body),
  saveDraft: (id: string, body: SaveDraftBodyT) => request<SubmissionDetailT>(`/api/report-submissions/${id}/draft`, { method: 'PUT', body }),
  submit: (id: string, body: SubmitReportBodyT) => api.post<SubmissionDetailT>(`/api/report-submissions/${id}/submit`, body),
  approve: (id: string, body: Static<typeof ApproveReportBody>) => api.post<SubmissionDetailT>(`/api/report-submissions/${id}/approve`, body),
  return: (id: string, body: Static<typeof ReturnReportBody>) => api.post<SubmissionDetailT>(`/api/report-submissions/${id}/return`, body),
  reopen: (typeId: string, body: ReopenBodyT) => api.post<SubmissionDetailT>(`/api/report-types/${typeId}/reopen`, body),
  fromCampaign: (campaignId: string, body: CampaignReportTypesBodyT) => api.post<PageOf<ReportTypeT>>(`/api/campaigns/${campaignId}/report-types`, body),
};

export function useReportTypes() {
  return useQuery({ queryKey: keys.reports.types(), queryFn: ({ signal }) => reportApi.types(signal) });
}

export function useReportType(id: string | undefined) {
  return useQuery({ queryKey: keys.reports.type(id ?? ''), queryFn: ({ signal }) => reportApi.type(id!, signal), enabled: !!id });
}

export function useReportPeriods(id: string | undefined, range: { from?: string; to?: string }) {
  return useQuery({ queryKey: keys.reports.periods(id ?? '', range), queryFn: ({ signal }) => reportApi.periods(id!, range, signal), enabled: !!id });
}

export function useCompleteness(id: string | undefined, period: string | undefined, filter: MatrixFilter) {
  return useQuery({
    queryKey: keys.reports.completeness(id ?? '', period ?? '', filter),
    queryFn: ({ signal }) => reportApi.completeness(id!, { period: period!, ...filter }, signal),
    enabled: !!id && !!period,
  });
}

export function useMatrix(id: string | undefined, range: { from: string; to: string } | null, filter: MatrixFilter) {
  return useQuery({
    queryKey: keys.reports.matrix(id ?? '', range ?? {}, filter),
    queryFn: ({ signal }) => reportApi.matrix(id!, { ...range!, ...filter }, signal),
    enabled: !!id && !!range,
  });
}

/** Submissions in scope matching the filter (state, type, period, unit). */
export function useSubmissions(filter: Static<typeof ReportSubmissionListQuery>, enabled = true) {
  return useQuery({ queryKey: keys.reports.submissions(filter), queryFn: ({ signal }) => reportApi.submissions(filter, signal), enabled });
}

export function useSubmission(id: string | undefined) {
  return useQuery({ queryKey: keys.reports.submission(id ?? ''), queryFn: ({ signal }) => reportApi.submission(id!, signal), enabled: !!id });
}

/** After a submission changed: its own detail (put in the cache as answered) and every list, matrix and rate. */
export function useRefreshReports() {
  const qc = useQueryClient();
  return (detail?: SubmissionDetailT) => {
    if (detail) qc.setQueryData(keys.reports.submission(detail.submission.id), detail);
    void qc.invalidateQueries({ queryKey: keys.reports.all, predicate: (q) => !detail || q.queryKey[1] !== 'submission' || q.queryKey[2] !== detail.submission.id });
  };
}

// ---- Documents ----

/** A submission as Word (the latest submitted version, or `version`). */
export const submissionDocxPath = (id: string, version?: number) => withQuery(`/api/report-submissions/${id}/document.docx`, { version });
/** A period's roll-up: the district's list as one workbook, or the Word summary (通报). */
export const rollupPath = (typeId: string, period: string, kind: 'xlsx' | 'docx') => withQuery(`/api/report-types/${typeId}/rollup.${kind}`, { period });

function fileNameOf(disposition: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      /* the fallback below */
    }
  }
  return fallback;
}

/**
 * Downloads a document. Fetched (not a plain link) so a refusal (nothing submitted yet, too
 * many downloads) is shown in Chinese instead of leaving the page for a JSON error.
 */
export async function downloadDocument(path: string, fallbackName: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', headers: { accept: '*/*', ...csrfHeaders() } });
  } catch {
    throw new ApiError('NETWORK', '无法连接服务器，请检查网络后重试', undefined, 0);
  }
  if (!res.ok) throw responseError(res.status, parseJson(await res.text()));
  const blob = await res.blob();
  const name = fileNameOf(res.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return name;
}
