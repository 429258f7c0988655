/**
 * Notices (通报): the list and detail (a school sees only those naming it), the builder's
 * query preview and draft, editing the draft, the Word document, issuing, a school's answer
 * (整改报告) and the bureau's review of it. Shapes come from the contracts' TypeBox schemas.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AnswerNoticeBody,
  DraftFromQueryBody,
  NoticeAnswerState,
  NoticeDetail,
  NoticeListQuery,
  NoticeQueryBody,
  NoticeQueryKind,
  NoticeQueryPreview,
  NoticeState,
  NoticeSummary,
  ReviewAnswerBody,
  UpdateNoticeBody,
} from '@xiaoan/contracts';
import { api, request } from './client';
import { keys } from './keys';

export type NoticeSummaryT = NoticeSummary;
export type NoticeDetailT = NoticeDetail;
export type NoticeUnitT = NoticeDetail['units'][number];
export type NoticeFactT = NoticeUnitT['facts'][number];
export type NoticePreviewT = NoticeQueryPreview;
export type NoticeUpdateT = UpdateNoticeBody;
export type { NoticeAnswerState, NoticeQueryKind, NoticeState };

type PageOf<T> = { items: T[]; total: number };

/** Filters of the list (all optional): status, query kind, a named unit, answers overdue. */
export type NoticeFilter = Omit<NoticeListQuery, 'page' | 'pageSize'> & { page?: number; pageSize?: number };

export const noticeApi = {
  list: (filter: NoticeFilter = {}, signal?: AbortSignal) => api.get<PageOf<NoticeSummaryT>>('/api/notices', filter, signal),
  detail: (id: string, signal?: AbortSignal) => api.get<NoticeDetailT>(`/api/notices/${id}`, undefined, signal),
  preview: (body: NoticeQueryBody) => api.post<NoticePreviewT>('/api/notices/query-preview', body),
  draftFromQuery: (body: DraftFromQueryBody) => api.post<NoticeDetailT>('/api/notices/draft-from-query', body),
  update: (id: string, body: UpdateNoticeBody) => request<NoticeDetailT>(`/api/notices/${id}`, { method: 'PUT', body }),
  remove: (id: string, version: number) => request<{ ok: true }>(`/api/notices/${id}`, { method: 'DELETE', query: { version } }),
  issue: (id: string, version: number) => api.post<NoticeDetailT>(`/api/notices/${id}/issue`, { version }),
  answer: (id: string, body: AnswerNoticeBody) => api.post<NoticeDetailT>(`/api/notices/${id}/answer`, body),
  accept: (id: string, body: ReviewAnswerBody) => api.post<NoticeDetailT>(`/api/notices/${id}/answers/accept`, body),
  return: (id: string, body: ReviewAnswerBody) => api.post<NoticeDetailT>(`/api/notices/${id}/answers/return`, body),
};

/** The Word document of a notice (download with reports' downloadDocument). */
export const noticeDocxPath = (id: string) => `/api/notices/${id}/document.docx`;

/** Notices in the caller's scope (a school: the issued ones naming it). */
export function useNotices(filter: NoticeFilter = {}) {
  return useQuery({ queryKey: keys.notices.list(filter), queryFn: ({ signal }) => noticeApi.list(filter, signal) });
}

export function useNotice(id: string | undefined) {
  return useQuery({ queryKey: keys.notices.detail(id ?? ''), queryFn: ({ signal }) => noticeApi.detail(id!, signal), enabled: !!id });
}

/** After a write: put the new detail in the cache and refresh the lists (and the home card). */
export function useNoticeRefresh() {
  const qc = useQueryClient();
  return (detail?: NoticeDetailT) => {
    if (detail) qc.setQueryData(keys.notices.detail(detail.id), detail);
    void qc.invalidateQueries({ queryKey: keys.notices.lists() });
    void qc.invalidateQueries({ queryKey: keys.home.all });
  };
}
