import { Link } from 'react-router';
import { List, Typography } from 'antd';
import { OPEN_HAZARD_STATES, type HazardState } from '@xiaoan/domain';
import { useHazardPage, type HazardFilter } from '../../api/hazards';
import type { HazardSummary } from '../../api/types';
import { Placeholder, QueryError } from '../common';
import { DueCell, GradeTag, HazardStateTag, ListedTag } from './HazardTags';

export const OPEN: HazardState[] = [...OPEN_HAZARD_STATES];

/** The ledger page showing exactly these hazards (its filters live in the address). */
export function ledgerLink(f: HazardFilter): string {
  const p = new URLSearchParams();
  if (f.state?.length) p.set('state', f.state.join(','));
  if (f.domain?.length) p.set('domain', f.domain.join(','));
  if (f.grade) p.set('grade', f.grade);
  if (f.overdue) p.set('overdue', '1');
  if (f.listed) p.set('listed', '1');
  if (f.schoolId) p.set('school', f.schoolId);
  if (f.areaId) p.set('area', f.areaId);
  if (f.teamId) p.set('team', f.teamId);
  if (f.foundFrom) p.set('from', f.foundFrom);
  if (f.foundTo) p.set('to', f.foundTo);
  if (f.sort) p.set('sort', f.sort);
  if (f.order) p.set('order', f.order);
  const s = p.toString();
  return s ? `/hazards?${s}` : '/hazards';
}

/** A short list of hazards (most urgent first), each opening its page. */
export function HazardShortList({ filter, showSchool, empty, limit = 5 }: { filter: HazardFilter; showSchool?: boolean; empty: string; limit?: number }) {
  const q = useHazardPage(filter, 1, limit);
  const rows = q.data?.items ?? [];
  return (
    <>
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      <List<HazardSummary>
        loading={q.isPending}
        dataSource={rows}
        locale={{ emptyText: <Placeholder text={empty} /> }}
        renderItem={(h) => (
          <List.Item style={{ display: 'block' }} className={h.overdue ? 'xa-row-overdue' : undefined} data-testid="hazard-row">
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
              <Link to={`/hazards/${h.id}`} className="xa-wrap" style={{ fontWeight: 500 }}>
                {h.title}
              </Link>
              <HazardStateTag state={h.state} />
            </div>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center', marginTop: 4, fontSize: 13 }}>
              <GradeTag grade={h.grade} />
              {h.listed && <ListedTag />}
              {showSchool && <Typography.Text type="secondary">{h.school.name}</Typography.Text>}
              {h.dueDate ? <DueCell h={h} compact /> : <Typography.Text type="secondary">发现 {h.foundAt}，待登记</Typography.Text>}
            </div>
          </List.Item>
        )}
      />
      {(q.data?.total ?? 0) > limit && (
        <div style={{ textAlign: 'end', marginTop: 8 }}>
          <Link to={ledgerLink(filter)}>查看全部 {q.data?.total} 条</Link>
        </div>
      )}
    </>
  );
}
