import { useMemo, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { Card, Col, Empty, Row, Typography } from 'antd';
import { HAZARD_DOMAIN_LABELS } from '@xiaoan/domain';
import type { Dashboard, DashboardChild } from '../../api/dashboard';
import { CHART_COLORS, EChart, type ChartOption } from '../../components/charts/EChart';
import { ledgerLink, OPEN } from '../../components/hazard/HazardHome';
import { dashboardLink, drillable, unitFilter, type DashboardFilters } from './links';

const AXIS_LABEL = { color: '#434343', fontSize: 12 };
const GRID = { left: 8, right: 16, top: 32, bottom: 8, containLabel: true };

const empty = (text: string, height: number) => (
  <div style={{ height, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} />
  </div>
);

/** Found and closed month by month over the period; a month opens the ledger of what was found in it. */
export function TrendChart({ data, height }: { data: Dashboard; height: number }) {
  const navigate = useNavigate();
  const rows = data.trend;
  const option = useMemo<ChartOption>(
    () => ({
      color: [CHART_COLORS.orange, CHART_COLORS.green],
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: AXIS_LABEL },
      grid: GRID,
      xAxis: { type: 'category', data: rows.map((r) => r.month), axisLabel: AXIS_LABEL },
      yAxis: { type: 'value', minInterval: 1, axisLabel: AXIS_LABEL },
      series: [
        { name: '发现', type: 'bar', data: rows.map((r) => r.found), barMaxWidth: 22 },
        { name: '销号', type: 'line', data: rows.map((r) => r.closed), symbolSize: 6 },
      ],
    }),
    [rows],
  );
  if (!rows.length) return empty('期间内没有数据', height);
  const label = `隐患按月趋势：${rows.map((r) => `${r.month} 发现 ${r.found} 条、销号 ${r.closed} 条`).join('；')}`;
  return (
    <EChart
      option={option}
      label={label}
      height={height}
      testId="dash-trend"
      onClick={({ dataIndex }) => {
        const m = rows[dataIndex]?.month;
        if (!m) return;
        const [y, mo] = m.split('-').map(Number) as [number, number];
        const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
        void navigate(ledgerLink({ ...unitFilter(data.unit), foundFrom: `${m}-01`, foundTo: `${m}-${String(last).padStart(2, '0')}` }));
      }}
    />
  );
}

/** How many domains the chart draws (the rest are in its description and the ledger). */
export const DOMAIN_TOP = 8;

/** Open hazards by domain, largest first, the overdue part beside; a bar opens that domain in the ledger. */
export function DomainChart({ data, height }: { data: Dashboard; height: number }) {
  const navigate = useNavigate();
  const all = useMemo(() => [...data.openByDomain].filter((r) => r.open > 0).sort((a, b) => b.open - a.open), [data.openByDomain]);
  // The largest DOMAIN_TOP, so each keeps a readable label; the chart's description names them all.
  const rows = useMemo(() => all.slice(0, DOMAIN_TOP).reverse(), [all]);
  const option = useMemo<ChartOption>(
    () => ({
      color: [CHART_COLORS.blue, CHART_COLORS.red],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, textStyle: AXIS_LABEL },
      grid: GRID,
      xAxis: { type: 'value', minInterval: 1, axisLabel: AXIS_LABEL },
      yAxis: { type: 'category', data: rows.map((r) => HAZARD_DOMAIN_LABELS[r.domain] ?? r.domain), axisLabel: { ...AXIS_LABEL, interval: 0 } },
      series: [
        { name: '未销号', type: 'bar', data: rows.map((r) => r.open), barMaxWidth: 14, barGap: '10%' },
        { name: '其中逾期', type: 'bar', data: rows.map((r) => r.overdue), barMaxWidth: 14 },
      ],
    }),
    [rows],
  );
  if (!rows.length) return empty('没有未销号的隐患', height);
  const label = `各类别未销号隐患：${all.map((r) => `${HAZARD_DOMAIN_LABELS[r.domain] ?? r.domain} ${r.open} 条（逾期 ${r.overdue}）`).join('；')}`;
  return (
    <EChart
      option={option}
      label={label}
      height={height}
      testId="dash-domains"
      onClick={({ dataIndex, seriesName }) => {
        const r = rows[dataIndex];
        if (!r) return;
        const f = seriesName === '其中逾期' ? { overdue: true } : { state: OPEN };
        void navigate(ledgerLink({ ...f, domain: [r.domain], ...unitFilter(data.unit) }));
      }}
    />
  );
}

/** The children side by side (open and overdue); a bar drills into that child's dashboard. */
export function ChildrenChart({ rows, filters, height, title, viaTeam }: { rows: DashboardChild[]; filters: DashboardFilters; height: number; title: string; viaTeam?: string }) {
  const navigate = useNavigate();
  const option = useMemo<ChartOption>(
    () => ({
      color: [CHART_COLORS.blue, CHART_COLORS.red],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, textStyle: AXIS_LABEL },
      grid: GRID,
      xAxis: { type: 'category', data: rows.map((r) => r.unit.name), axisLabel: { ...AXIS_LABEL, interval: 0, rotate: rows.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: AXIS_LABEL },
      series: [
        { name: '未销号', type: 'bar', data: rows.map((r) => r.figures.openHazards), barMaxWidth: 26 },
        { name: '逾期', type: 'bar', data: rows.map((r) => r.figures.overdueHazards), barMaxWidth: 26 },
      ],
    }),
    [rows],
  );
  if (!rows.length) return empty('没有下级单位', height);
  const label = `${title}：${rows.map((r) => `${r.unit.name} 未销号 ${r.figures.openHazards} 条、逾期 ${r.figures.overdueHazards} 条`).join('；')}`;
  return (
    <EChart
      option={option}
      label={label}
      height={height}
      testId="dash-children-chart"
      onClick={({ dataIndex }) => {
        const r = rows[dataIndex];
        if (r && drillable(r.unit)) void navigate(dashboardLink(r.unit, filters, undefined, viaTeam));
      }}
    />
  );
}

function ChartCard({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Card
      size="small"
      className="xa-dash-card"
      data-testid={testId}
      title={
        <Typography.Title level={2} style={{ fontSize: 15, margin: 0 }}>
          {title}
        </Typography.Title>
      }
      style={{ height: '100%' }}
    >
      {children}
    </Card>
  );
}

/** The dashboard's row of charts: the trend, the domains and (when the unit has them) its children. Loaded apart (lazy). */
export default function ChartRow({ data, filters, height, title, viaTeam }: { data: Dashboard; filters: DashboardFilters; height: number; title: string; viaTeam?: string }) {
  const hasChildren = data.children.length > 0;
  const domains = data.openByDomain.filter((r) => r.open > 0).length;
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      <Col xs={24} lg={12} xl={hasChildren ? 9 : 14}>
        <ChartCard title="隐患按月趋势（发现 / 销号）" testId="dash-trend-card">
          <TrendChart data={data} height={height} />
        </ChartCard>
      </Col>
      <Col xs={24} lg={12} xl={hasChildren ? 7 : 10}>
        <ChartCard title={`各类别未销号隐患${domains > DOMAIN_TOP ? `（前 ${DOMAIN_TOP} 类）` : ''}`} testId="dash-domain-card">
          <DomainChart data={data} height={height} />
        </ChartCard>
      </Col>
      {hasChildren && (
        <Col xs={24} xl={8}>
          <ChartCard title={`${title}未销号与逾期`} testId="dash-children-card">
            <ChildrenChart rows={data.children} filters={filters} height={height} title={`${title}未销号与逾期隐患`} viaTeam={viaTeam} />
          </ChartCard>
        </Col>
      )}
    </Row>
  );
}
