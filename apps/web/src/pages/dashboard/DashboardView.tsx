import { lazy, Suspense, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Breadcrumb, Col, Row, Segmented, Skeleton, Typography } from 'antd';
import dayjs from 'dayjs';
import type { Dashboard, DashboardQuery } from '../../api/dashboard';
import { useIsMobile } from '../../lib/useIsMobile';
import { FigureGrid, MUTED } from './Figures';
import { dashboardLink, type DashboardFilters } from './links';
import { ChildrenTable, RankingTable } from './Tables';
import './dashboard.css';
import { dateTime } from '../../lib/format';

const ChartRow = lazy(() => import('./Charts'));

/** What the children of a unit are, in words. */
export function childrenTitle(data: Dashboard): string {
  if (data.unit.kind === 'bureau') return data.by === 'team' ? '各督查小组' : '各片区';
  return '各学校';
}

/** The path from the caller's whole scope down to this unit; each step opens that unit's dashboard. */
export function Trail({ data, filters }: { data: Dashboard; filters: DashboardFilters }) {
  const path = data.trail.length && data.trail[data.trail.length - 1]!.id === data.unit.id && data.trail[data.trail.length - 1]!.kind === data.unit.kind ? data.trail : [...data.trail, data.unit];
  if (path.length < 2) return null;
  return (
    <Breadcrumb
      data-testid="dash-trail"
      style={{ marginBottom: 8 }}
      items={path.map((u, i) => ({
        key: `${u.kind}:${u.id}`,
        title: i === path.length - 1 ? <span aria-current="page">{u.name}</span> : <Link to={dashboardLink(i === 0 ? null : u, filters)}>{u.name}</Link>,
      }))}
    />
  );
}

/** The by-area / by-team switch of a district's children. */
export function ByToggle({ value, onChange }: { value: DashboardQuery['by']; onChange: (v: 'area' | 'team') => void }) {
  return (
    <Segmented
      size="small"
      value={value ?? 'area'}
      onChange={(v) => onChange(v as 'area' | 'team')}
      options={[
        { value: 'area', label: '按片区' },
        { value: 'team', label: '按督查小组' },
      ]}
      aria-label="分解方式"
      data-testid="dash-by"
    />
  );
}

function Heading({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <div className="xa-filter-wide xa-dash-bar" style={{ justifyContent: 'space-between', width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 15, margin: 0 }}>
        {children}
      </Typography.Title>
      {extra}
    </div>
  );
}

type Props = {
  data: Dashboard | undefined;
  loading: boolean;
  filters: DashboardFilters;
  schoolSide: boolean;
  onBy?: (by: 'area' | 'team') => void;
  /** The home pages' form: the figures and the children, no charts. */
  compact?: boolean;
};

/** One unit's picture: figures, trend, domains, children and the ranking. Every number opens what is behind it. */
export function DashboardView({ data, loading, filters, schoolSide, onBy, compact }: Props) {
  const mobile = useIsMobile();
  if (!data) return loading ? <Skeleton active paragraph={{ rows: 8 }} /> : null;
  const chartH = mobile ? 240 : 200;
  const hasChildren = data.children.length > 0;
  const byToggle = data.unit.kind === 'bureau' && onBy ? <ByToggle value={data.by ?? 'area'} onChange={onBy} /> : undefined;
  const title = childrenTitle(data);
  const viaTeam = data.unit.kind === 'team' ? data.unit.id : undefined;
  const children = hasChildren && <ChildrenTable rows={data.children} filters={filters} viaTeam={viaTeam} heading={<Heading extra={byToggle}>{title}</Heading>} />;
  const ranking = data.ranking.length > 0 && data.unit.kind !== 'school' && (
    <RankingTable rows={data.ranking} filters={filters} viaTeam={viaTeam} heading={<Heading>学校排名（问题最多的在前）</Heading>} />
  );
  // The children and the ranking side by side on a wide screen, one above the other below it.
  const tables = (children || ranking) && (
    <Row gutter={[16, 16]}>
      {children && (
        <Col xs={24} xxl={ranking ? 14 : 24}>
          {children}
        </Col>
      )}
      {ranking && (
        <Col xs={24} xxl={children ? 10 : 24}>
          {ranking}
        </Col>
      )}
    </Row>
  );
  const footer = (
    <Typography.Text style={{ display: 'block', fontSize: 12, color: MUTED, marginTop: 8 }} data-testid="dash-asof">
      统计期间 {data.period.from} 至 {data.period.to} · 数据更新于 {dateTime(data.asOf)}
    </Typography.Text>
  );

  if (compact) {
    return (
      <div data-testid="dashboard-compact">
        <FigureGrid data={data} filters={filters} schoolSide={schoolSide} />
        {tables}
        {footer}
      </div>
    );
  }

  return (
    <div data-testid="dashboard-view" data-unit={data.unit.name} data-kind={data.unit.kind}>
      <FigureGrid data={data} filters={filters} schoolSide={schoolSide} />
      {/* The charts (and ECharts with them) load apart, so the home pages' compact form does not carry them. */}
      <Suspense fallback={<div style={{ height: chartH + 57, marginBottom: 16 }} />}>
        <ChartRow data={data} filters={filters} height={chartH} title={title} viaTeam={viaTeam} />
      </Suspense>
      {tables}
      {footer}
    </div>
  );
}
