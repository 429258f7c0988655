import { useCallback, useMemo } from 'react';
import { Typography } from 'antd';
import type { Hazard, HazardFile, HazardMilestone } from '@xiaoan/domain';
import type { FileRef, HazardDetail } from '../../../api/types';
import { dash } from '../../../components/common';
import { dateTime } from '../../../lib/format';

export type UserName = (id?: string | null) => string;
export type FileKinds = Map<string, 'photo' | 'document'>;

/** What every section of the detail page reads besides the hazard: its files and the names of its people. */
export type DetailCtx = {
  d: HazardDetail;
  files: Map<string, FileRef>;
  kinds: FileKinds;
  userName: UserName;
};

/** Every file the record mentions, by id, with its kind: the gallery needs it where metadata is missing. */
function fileKinds(r: Hazard): FileKinds {
  const m: FileKinds = new Map();
  const add = (fs: readonly HazardFile[] | undefined) => fs?.forEach((f) => m.set(f.fileId, f.kind));
  const plan = (p: readonly HazardMilestone[] | undefined) => p?.forEach((x) => x.progress.forEach((pr) => add(pr.files)));
  add(r.photos);
  add(r.evidence);
  plan(r.plan);
  r.overdueExplanations?.forEach((e) => {
    plan(e.plan);
    plan(e.supersededPlan);
  });
  return m;
}

export function useDetailCtx(d: HazardDetail): DetailCtx {
  const files = useMemo(() => new Map(d.files.map((f) => [f.id, f])), [d.files]);
  const kinds = useMemo(() => fileKinds(d.record), [d.record]);
  const users = useMemo(() => new Map(d.users.map((u) => [u.id, u.displayName])), [d.users]);
  const userName = useCallback((id?: string | null) => (id ? (users.get(id) ?? `用户 ${id}`) : '—'), [users]);
  return useMemo(() => ({ d, files, kinds, userName }), [d, files, kinds, userName]);
}

export const ids = (fs: readonly HazardFile[] | undefined) => (fs ?? []).map((f) => f.fileId);

/** The responsive column count of the detail cards' descriptions. */
export const COLUMNS = { xs: 1, sm: 2, xl: 3 } as const;

/** Who did something, and when (Beijing time). */
export function Who({ name, at }: { name: string; at: string | null | undefined }) {
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {name} · {dateTime(at)}
    </Typography.Text>
  );
}

/** Multi-line text as typed, or a dash. */
export function Text({ children }: { children: string | null | undefined }) {
  return children ? <span className="xa-pre">{children}</span> : dash(null);
}
