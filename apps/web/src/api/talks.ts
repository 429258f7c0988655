/**
 * Admonition talks (约谈): the list (a school sees only its own), the detail, recording and
 * editing a talk (versioned), and recording its follow-up. Shapes come from the contracts.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CreateTalkBody, TalkDetail, TalkFollowUpBody, TalkLink, TalkListQuery, TalkSummary, UpdateTalkBody } from '@xiaoan/contracts';
import { api, request } from './client';
import { keys } from './keys';

export type TalkSummaryT = TalkSummary;
export type TalkDetailT = TalkDetail;
export type TalkLinkT = TalkLink;
export type TalkCreateT = CreateTalkBody;
export type TalkUpdateT = UpdateTalkBody;
export type TalkFollowUpT = TalkFollowUpBody;

type PageOf<T> = { items: T[]; total: number };

/** Filters of the list: status, overdue follow-up, the unit (a department as `dept:<id>`), a search. */
export type TalkFilter = Omit<TalkListQuery, 'page' | 'pageSize'>;

const query = (f: TalkFilter & { page?: number; pageSize?: number }) => ({ ...f, overdue: f.overdue ? 'true' : undefined });

export const talkApi = {
  list: (filter: TalkFilter & { page?: number; pageSize?: number } = {}, signal?: AbortSignal) => api.get<PageOf<TalkSummaryT>>('/api/talks', query(filter), signal),
  detail: (id: string, signal?: AbortSignal) => api.get<TalkDetailT>(`/api/talks/${id}`, undefined, signal),
  create: (body: CreateTalkBody) => api.post<TalkDetailT>('/api/talks', body),
  update: (id: string, body: UpdateTalkBody) => request<TalkDetailT>(`/api/talks/${id}`, { method: 'PUT', body }),
  followUp: (id: string, body: TalkFollowUpBody) => api.post<TalkDetailT>(`/api/talks/${id}/follow-up`, body),
};

export function useTalks(filter: TalkFilter, page: number, pageSize: number) {
  return useQuery({
    queryKey: keys.talks.list({ ...filter, page, pageSize }),
    queryFn: ({ signal }) => talkApi.list({ ...filter, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useTalk(id: string | undefined) {
  return useQuery({ queryKey: keys.talks.detail(id ?? ''), queryFn: ({ signal }) => talkApi.detail(id!, signal), enabled: !!id });
}
