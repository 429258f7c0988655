import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import { keys } from './keys';
import type { ReadAllResult } from '@xiaoan/contracts';
import type { HazardNotification, PageOf } from './types';

export const notificationApi = {
  read: (id: string) => api.post<unknown>(`/api/notifications/${id}/read`),
  readAll: () => api.post<ReadAllResult>('/api/notifications/read-all'),
};

// Kept apart from api/hazards.ts: the header's bell is part of the shell, which must not
// load the hazard pages' code (nor the contracts' runtime schemas) on every page.
export function useUnreadNotifications(enabled = true) {
  return useQuery({
    queryKey: keys.notifications.unread(),
    queryFn: ({ signal }) => api.get<PageOf<HazardNotification>>('/api/notifications', { unread: 'true', pageSize: 20 }, signal),
    refetchInterval: 60_000,
    staleTime: 30_000,
    // A missing route (server not updated yet) should not be asked every minute forever.
    retry: false,
    enabled,
  });
}
