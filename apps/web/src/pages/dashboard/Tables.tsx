import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { DashboardChild, DashboardUnit } from '../../api/dashboard';
import { Placeholder } from '../../components/common';
import { ResponsiveList } from '../../components/ResponsiveList';
import { MUTED, pct } from './Figures';
import { dashboardLink, drillable, hazardLink, type DashboardFilters, type HazardFigureKey } from './links';

type Row = DashboardChild & { rank?: number };

/** A count that opens the ledger rows behind it (when the unit has a ledger filter of its own). */
function Count({ unit, n, fig, danger, testId }: { unit: DashboardUnit; n: number; fig: HazardFigureKey; danger?: boolean; testId?: string }) {
  const cls = `xa-dash-num${danger && n ? ' xa-dash-num-danger' : ''}`;
  if (!drillable(unit)) return <span className={cls} data-testid={testId} data-value={n}>{n}</span>;
  return (
    <Link to={hazardLink(unit, fig)} className={cls} data-testid={testId} data-value={n} aria-label={`${unit.name}：${n} 条，打开台账`}>
      {n}
    </Link>
  );
}

/** The unit's name, opening its own dashboard one level down. */
function UnitName({ unit, filters, viaTeam }: { unit: DashboardUnit; filters: DashboardFilters; viaTeam?: string }) {
  if (!drillable(unit))
    return (
      <span className="xa-wrap">
        {unit.name} <Tag style={{ marginInlineEnd: 0 }}>未分配</Tag>
      </span>
    );
  return (
    <Link to={dashboardLink(unit, filters, undefined, viaTeam)} className="xa-wrap" data-testid="dash-drill" style={{ fontWeight: 500 }}>
      {unit.name}
    </Link>
  );
}

const coverage = (r: Row) => (r.figures.schools ? `${r.figures.supervisedSchools}/${r.figures.schools}` : '—');

function columns(filters: DashboardFilters, schoolsOnly: boolean, viaTeam?: string): TableColumnsType<Row> {
  const cols: TableColumnsType<Row> = [
    { title: '单位', key: 'name', minWidth: 150, render: (_, r) => <UnitName unit={r.unit} filters={filters} viaTeam={viaTeam} /> },
    { title: '未销号', key: 'open', width: 70, align: 'right', render: (_, r) => <Count unit={r.unit} n={r.figures.openHazards} fig="open" testId="child-open" /> },
    { title: '逾期', key: 'overdue', width: 60, align: 'right', render: (_, r) => <Count unit={r.unit} n={r.figures.overdueHazards} fig="overdue" danger testId="child-overdue" /> },
    { title: '重大', key: 'major', width: 56, align: 'right', render: (_, r) => <Count unit={r.unit} n={r.figures.majorHazards} fig="major" danger testId="child-major" /> },
    { title: '挂牌', key: 'listed', width: 56, align: 'right', render: (_, r) => <Count unit={r.unit} n={r.figures.listedHazards} fig="listed" testId="child-listed" /> },
    { title: '整改率', key: 'rect', width: 76, align: 'right', render: (_, r) => <span className="xa-dash-num">{pct(r.figures.rectificationRate)}</span> },
    { title: '检查完成率', key: 'checks', width: 90, align: 'right', render: (_, r) => <span className="xa-dash-num">{pct(r.figures.dailyCheckCompletion)}</span> },
    { title: '按时报送率', key: 'reports', width: 90, align: 'right', render: (_, r) => <span className="xa-dash-num">{pct(r.figures.reportingOnTimeRate)}</span> },
    { title: '逾期任务', key: 'tasks', width: 76, align: 'right', render: (_, r) => <span className={`xa-dash-num${r.figures.overdueTasks ? ' xa-dash-num-danger' : ''}`}>{r.figures.overdueTasks}</span> },
  ];
  if (!schoolsOnly) {
    cols.splice(1, 0, { title: '学校', key: 'schools', width: 56, align: 'right', render: (_, r) => <span className="xa-dash-num">{r.figures.schools}</span> });
    cols.push({ title: '督查覆盖', key: 'cov', width: 80, align: 'right', render: (_, r) => <span className="xa-dash-num">{coverage(r)}</span> });
  }
  return cols;
}

/** One child on a phone: its name (drill-down) and its numbers, each opening its records. */
function ChildCard({ r, filters, viaTeam }: { r: Row; filters: DashboardFilters; viaTeam?: string }) {
  const cell = (label: string, node: ReactNode) => (
    <div style={{ minWidth: 0 }}>
      <div style={{ fontSize: 12, color: MUTED }}>{label}</div>
      <div style={{ fontSize: 16 }}>{node}</div>
    </div>
  );
  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <span>
          {r.rank !== undefined && <Typography.Text strong style={{ marginInlineEnd: 6 }}>{r.rank}.</Typography.Text>}
          <UnitName unit={r.unit} filters={filters} viaTeam={viaTeam} />
        </span>
        <Typography.Text style={{ color: MUTED, whiteSpace: 'nowrap', fontSize: 13 }}>整改率 {pct(r.figures.rectificationRate)}</Typography.Text>
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(4, minmax(0, 1fr))', gap: 4, marginTop: 6 }}>
        {cell('未销号', <Count unit={r.unit} n={r.figures.openHazards} fig="open" testId="child-open" />)}
        {cell('逾期', <Count unit={r.unit} n={r.figures.overdueHazards} fig="overdue" danger testId="child-overdue" />)}
        {cell('重大', <Count unit={r.unit} n={r.figures.majorHazards} fig="major" danger testId="child-major" />)}
        {cell('挂牌', <Count unit={r.unit} n={r.figures.listedHazards} fig="listed" testId="child-listed" />)}
      </div>
    </>
  );
}

/** The unit's children (areas, teams or schools), each drilling into its own dashboard. */
export function ChildrenTable({ rows, filters, heading, viaTeam, testId = 'dash-children' }: { rows: DashboardChild[]; filters: DashboardFilters; heading: ReactNode; viaTeam?: string; testId?: string }) {
  const schoolsOnly = rows.every((r) => r.unit.kind === 'school');
  return (
    <div data-testid={testId} className="xa-dash-table">
      <ResponsiveList<Row>
        rows={rows}
        rowKey={(r) => `${r.unit.kind}:${r.unit.id}`}
        columns={columns(filters, schoolsOnly, viaTeam)}
        card={(r) => <ChildCard r={r} filters={filters} viaTeam={viaTeam} />}
        rowTestId="dash-child"
        rowProps={(r) => ({ 'data-unit': r.unit.name, 'data-kind': r.unit.kind }) as React.HTMLAttributes<HTMLElement>}
        empty={<Placeholder text="没有下级单位" />}
        filters={heading}
        unit="个"
        localPageSize={20}
      />
    </div>
  );
}

/** The schools worst first (most overdue, then open major, then lowest rectification rate). */
export function RankingTable({ rows, filters, heading, viaTeam }: { rows: DashboardChild[]; filters: DashboardFilters; heading: ReactNode; viaTeam?: string }) {
  const ranked: Row[] = rows.map((r, i) => ({ ...r, rank: i + 1 }));
  const cols: TableColumnsType<Row> = [
    { title: '名次', key: 'rank', width: 48, render: (_, r) => <span className="xa-dash-num">{r.rank}</span> },
    { title: '学校', key: 'name', minWidth: 150, render: (_, r) => <UnitName unit={r.unit} filters={filters} viaTeam={viaTeam} /> },
    { title: '逾期', key: 'overdue', width: 56, align: 'right', render: (_, r) => <Count unit={r.unit} n={r.figures.overdueHazards} fig="overdue" danger testId="rank-overdue" /> },
    { title: '重大', key: 'major', width: 56, align: 'right', render: (_, r) => <Count unit={r.unit} n={r.figures.majorHazards} fig="major" danger /> },
    { title: '未销号', key: 'open', width: 64, align: 'right', render: (_, r) => <Count unit={r.unit} n={r.figures.openHazards} fig="open" /> },
    { title: '整改率', key: 'rect', width: 70, align: 'right', render: (_, r) => <span className="xa-dash-num">{pct(r.figures.rectificationRate)}</span> },
  ];
  return (
    <div data-testid="dash-ranking" className="xa-dash-table">
      <ResponsiveList<Row>
        rows={ranked}
        rowKey={(r) => r.unit.id}
        columns={cols}
        card={(r) => <ChildCard r={r} filters={filters} viaTeam={viaTeam} />}
        rowTestId="dash-rank"
        rowProps={(r) => ({ 'data-unit': r.unit.name }) as React.HTMLAttributes<HTMLElement>}
        empty={<Placeholder text="没有学校" />}
        filters={heading}
        unit="所"
      />
    </div>
  );
}

