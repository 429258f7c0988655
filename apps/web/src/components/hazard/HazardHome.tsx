import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQueries } from '@tanstack/react-query';
import { Card, Col, List, Progress, Row, Statistic, Typography } from 'antd';
import { HAZARD_DOMAIN_LABELS, HAZARD_DOMAINS, OPEN_HAZARD_STATES, type HazardState } from '@xiaoan/domain';
import { api } from '../../api/client';
import { hazardQuery, useHazardCount, useHazardPage, type HazardFilter } from '../../api/hazards';
import { keys } from '../../api/keys';
import type { HazardSummary, PageOf } from '../../api/types';
import { Placeholder, QueryError } from '../common';
import { DueCell, GradeTag, HazardStateTag, ListedTag } from './HazardTags';

export const OPEN: HazardState[] = [...OPEN_HAZARD_STATES];

/** The ledger page showing exactly these hazards (its filters live in the address). */
export function ledgerLink(f: HazardFilter): string {
  const p = new URLSearchParams();
  if (f.state?.length) p.set('state', f.state.join(','));
  if (f.domain?.length) p.set('domain', f.domain.join(','));
  if (f.overdue) p.set('overdue', '1');
  if (f.listed) p.set('listed', '1');
  if (f.sort) p.set('sort', f.sort);
  if (f.order) p.set('order', f.order);
  const s = p.toString();
  return s ? `/hazards?${s}` : '/hazards';
}

export type StatDef = { key: string; title: string; filter: HazardFilter; danger?: boolean };

/** One number from the ledger (a one-row query reading `total`); clicking opens those hazards. */
function StatCard({ def }: { def: StatDef }) {
  const navigate = useNavigate();
  const q = useHazardCount(def.filter);
  const n = q.data;
  return (
    <Card size="small" hoverable onClick={() => void navigate(ledgerLink(def.filter))} style={{ height: '100%' }} data-testid={`hazard-stat-${def.key}`}>
      <Statistic
        title={def.title}
        value={q.isError ? '—' : (n ?? 0)}
        suffix={q.isError ? undefined : '条'}
        loading={q.isPending}
        styles={def.danger && n ? { content: { color: '#cf1322' } } : undefined}
      />
    </Card>
  );
}

export function HazardStats({ defs, span = { xs: 12, md: 8, xl: 4 } }: { defs: StatDef[]; span?: { xs: number; md: number; xl: number } }) {
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
      {defs.map((d) => (
        <Col key={d.key} {...span}>
          <StatCard def={d} />
        </Col>
      ))}
    </Row>
  );
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

/** Open hazards per domain: one count query per domain, shown largest first, zeros left out. */
export function DomainCounts() {
  const results = useQueries({
    queries: HAZARD_DOMAINS.map((d) => {
      const f: HazardFilter = { state: OPEN, domain: [d] };
      return {
        // Under the hazard lists' key, so a saved hazard refreshes these counts too.
        queryKey: keys.hazards.count(f),
        queryFn: async ({ signal }: { signal: AbortSignal }) =>
          (await api.get<PageOf<HazardSummary>>('/api/hazards', { ...hazardQuery(f), page: 1, pageSize: 1 }, signal)).total,
        staleTime: 60_000,
      };
    }),
  });
  const loading = results.some((r) => r.isPending);
  const failed = results.find((r) => r.isError);
  const rows = useMemo(
    () =>
      HAZARD_DOMAINS.map((d, i) => ({ domain: d, count: results[i]?.data ?? 0 }))
        .filter((r) => r.count > 0)
        .sort((a, b) => b.count - a.count),
    [results],
  );
  const max = rows[0]?.count ?? 0;
  if (failed) return <QueryError error={failed.error} />;
  return (
    <List
      loading={loading}
      dataSource={rows}
      locale={{ emptyText: <Placeholder text="目前没有未销号的隐患" /> }}
      renderItem={(r) => (
        <List.Item style={{ display: 'block' }}>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <Link to={ledgerLink({ state: OPEN, domain: [r.domain] })}>{HAZARD_DOMAIN_LABELS[r.domain]}</Link>
            <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
              {r.count} 条
            </Typography.Text>
          </div>
          <Progress percent={max ? (r.count / max) * 100 : 0} status="normal" showInfo={false} size="small" />
        </List.Item>
      )}
    />
  );
}
