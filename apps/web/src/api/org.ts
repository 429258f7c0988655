/**
 * The organisation as the web app changes it: units, people, departments, edu groups,
 * supervision teams, and the first-run setup. Reads shared by many pages (all units, teams,
 * departments) are hooks in queries.ts; request and answer types are the contracts'.
 */
import { useQuery } from '@tanstack/react-query';
import type {
  CreateDepartmentBody,
  CreateEduGroupBody,
  CreateTeamBody,
  CreateUnitBody,
  CreateUserBody,
  Department,
  EduGroup,
  SchoolImportPreview,
  SchoolImportResult,
  SetupBody,
  SetupStatus,
  SupervisionTeam,
  TeamUpdateResult,
  Unit,
  UpdateDepartmentBody,
  UpdateTeamBody,
  UpdateUnitBody,
  UpdateUserBody,
  User,
  UserListQuery,
} from '@xiaoan/contracts';
import type { Static } from 'typebox';
import { api } from './client';
import { keys } from './keys';
import type { PageOf } from './types';

export const MAX_PAGE_SIZE = 500;

export type UserQuery = Omit<Static<typeof UserListQuery>, 'page' | 'pageSize'>;

export const unitApi = {
  get: (id: string, signal?: AbortSignal) => api.get<Unit>(`/api/units/${id}`, undefined, signal),
  page: (query: Record<string, string | number | undefined>, signal?: AbortSignal) => api.get<PageOf<Unit>>('/api/units', query, signal),
  create: (body: CreateUnitBody) => api.post<Unit>('/api/units', body),
  update: (id: string, body: UpdateUnitBody) => api.patch<Unit>(`/api/units/${id}`, body),
};

export const userApi = {
  get: (id: string, signal?: AbortSignal) => api.get<User>(`/api/users/${id}`, undefined, signal),
  page: (query: UserQuery & { page?: number; pageSize?: number }, signal?: AbortSignal) => api.get<PageOf<User>>('/api/users', query, signal),
  create: (body: CreateUserBody) => api.post<User>('/api/users', body),
  update: (id: string, body: Static<typeof UpdateUserBody>) => api.patch<User>(`/api/users/${id}`, body),
};

export const departmentApi = {
  list: (signal?: AbortSignal) => api.get<PageOf<Department>>('/api/departments', undefined, signal),
  create: (body: Static<typeof CreateDepartmentBody>) => api.post<Department>('/api/departments', body),
  update: (id: string, body: Static<typeof UpdateDepartmentBody>) => api.patch<Department>(`/api/departments/${id}`, body),
};

export const eduGroupApi = {
  list: (signal?: AbortSignal) => api.get<PageOf<EduGroup>>('/api/edu-groups', undefined, signal),
  create: (body: Static<typeof CreateEduGroupBody>) => api.post<EduGroup>('/api/edu-groups', body),
};

export const teamApi = {
  list: (signal?: AbortSignal) => api.get<PageOf<SupervisionTeam>>('/api/supervision-teams', undefined, signal),
  create: (body: Static<typeof CreateTeamBody>) => api.post<SupervisionTeam>('/api/supervision-teams', body),
  update: (id: string, body: Static<typeof UpdateTeamBody>) => api.patch<TeamUpdateResult>(`/api/supervision-teams/${id}`, body),
};

/** The school list import: preview checks the sheet (writes nothing), commit writes it. */
export const schoolImport = {
  preview: (form: FormData) => api.upload<SchoolImportPreview>('/api/imports/schools/preview', form),
  commit: (form: FormData) => api.upload<SchoolImportResult>('/api/imports/schools/commit', form),
};

export const setupApi = {
  status: (signal?: AbortSignal) => api.get<Static<typeof SetupStatus>>('/api/setup', undefined, signal),
  run: (body: Static<typeof SetupBody>) => api.post<unknown>('/api/setup', body),
};

/** Whether the system still needs its first administrator (the login and setup pages ask). */
export function useSetupStatus() {
  return useQuery({ queryKey: keys.setup, queryFn: ({ signal }) => setupApi.status(signal), retry: false });
}

/** Every user matching the filter, paging through the API 500 at a time. */
export async function fetchAllUsers(filter: UserQuery = {}, signal?: AbortSignal): Promise<User[]> {
  const out: User[] = [];
  for (let page = 1; ; page++) {
    const res = await userApi.page({ ...filter, page, pageSize: MAX_PAGE_SIZE }, signal);
    out.push(...res.items);
    if (res.items.length === 0 || out.length >= res.total) return out;
  }
}

/** Every user matching the filter (not paged): pickers and counts. */
export function useAllUsers(filter: UserQuery = {}, enabled = true) {
  return useQuery({ queryKey: keys.users.list(filter), queryFn: ({ signal }) => fetchAllUsers(filter, signal), staleTime: 60_000, enabled });
}

/** One page of users; the previous page stays on screen while the next loads. */
export function useUserPage(query: UserQuery & { page: number; pageSize: number }) {
  return useQuery({ queryKey: keys.users.page(query), queryFn: ({ signal }) => userApi.page(query, signal), placeholderData: (prev) => prev });
}
