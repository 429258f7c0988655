import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, csrfHeaders, parseJson, responseError, withQuery } from './client';
import { keys } from './keys';
import type { AuditEvent, AuditVerification, PageOf } from './types';

/** The audit log's filters (the API filters `action` by prefix; dates are inclusive, Beijing time). */
export type AuditFilter = { action?: string; actorUserId?: string; from?: string; to?: string };

export function useAuditEvents(filter: AuditFilter & { page: number; pageSize: number }, enabled = true) {
  return useQuery({
    queryKey: keys.audit.events(filter),
    queryFn: ({ signal }) => api.get<PageOf<AuditEvent>>('/api/audit-events', filter, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Walks the whole hash chain and its anchors on the server (GET /api/audit-events/verify). */
export function verifyAuditLog(signal?: AbortSignal): Promise<AuditVerification> {
  return api.get<AuditVerification>('/api/audit-events/verify', undefined, signal);
}

/** The file name the server gave (`filename*=UTF-8''…` or `filename="…"`), else `fallback`. */
function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      /* fall through */
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/**
 * Downloads the CSV export with the same filters. Fetched (not a plain link) so a
 * refusal is shown in Chinese instead of leaving the page for a JSON error.
 */
export async function downloadAuditCsv(filter: AuditFilter): Promise<void> {
  let res: Response;
  try {
    res = await fetch(withQuery('/api/audit-events/export', filter), { credentials: 'same-origin', headers: { accept: 'text/csv', ...csrfHeaders() } });
  } catch {
    throw responseError(0, { error: { code: 'NETWORK', message: '无法连接服务器，请检查网络后重试' } });
  }
  if (!res.ok) throw responseError(res.status, parseJson(await res.text()));
  const blob = await res.blob();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameOf(res.headers.get('content-disposition'), `操作日志-${today}.csv`);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
