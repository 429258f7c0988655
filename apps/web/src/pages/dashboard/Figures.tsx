import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Skeleton } from 'antd';
import type { Dashboard, DashboardFigures } from '../../api/dashboard';
import { checksLink, hazardLink, reportsLink, supervisionLink, tasksLink, type DashboardFilters } from './links';

/** A rate as the page shows it: one decimal, or a dash when nothing was due. */
export const pct = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);

/** Muted text dark enough for 4.5:1 on white and on the light tints. */
export const MUTED = '#595959';
const DANGER = '#cf1322';
const WARN = '#ad4e00';

export type FigureCardProps = {
  id: string;
  title: string;
  value: ReactNode;
  unit?: string;
  /** A line under the number (the age of the overdue, a rate's numerator and denominator). */
  sub?: ReactNode;
  to: string | null;
  tone?: 'danger' | 'warn';
  /** The number itself, for the tests (data-value). */
  raw?: number | null;
  /** Where the card leads, in words (the link's tooltip; its accessible name is what it shows). */
  label: string;
};

/** One figure: a link (keyboard and screen reader reach it) that opens the records behind the number. */
export function FigureCard({ id, title, value, unit, sub, to, tone, raw, label }: FigureCardProps) {
  const color = tone === 'danger' ? DANGER : tone === 'warn' ? WARN : undefined;
  const body = (
    <>
      <div style={{ fontSize: 13, color: MUTED, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{title}</div>
      <div style={{ fontSize: 26, lineHeight: '34px', fontWeight: 600, color: color ?? 'rgba(0,0,0,0.88)', whiteSpace: 'nowrap' }}>
        {value}
        {unit && <span style={{ fontSize: 13, fontWeight: 400, marginInlineStart: 4, color: MUTED }}>{unit}</span>}
      </div>
      {sub && <div style={{ fontSize: 12, color: MUTED, lineHeight: '18px' }}>{sub}</div>}
    </>
  );
  const common = { className: 'xa-dash-fig', 'data-testid': `dash-fig-${id}`, 'data-value': raw ?? '' };
  return to ? (
    <Link to={to} {...common} title={label}>
      {body}
    </Link>
  ) : (
    <div {...common} title={label}>
      {body}
    </div>
  );
}

type Ctx = { data: Dashboard; filters: DashboardFilters; schoolSide: boolean };

/** The figures of one unit, in the order a director reads them: what is open, what is late, how the work goes. */
export function figureCards({ data, filters, schoolSide }: Ctx): FigureCardProps[] {
  const f: DashboardFigures = data.figures;
  const u = data.unit;
  const period = data.period;
  const a = f.overdueAge;
  const cards: FigureCardProps[] = [
    { id: 'open', title: '未销号隐患', value: f.openHazards, raw: f.openHazards, unit: '条', to: hazardLink(u, 'open'), label: '打开台账：未销号的隐患' },
    {
      id: 'overdue',
      title: '逾期未销号',
      value: f.overdueHazards,
      raw: f.overdueHazards,
      unit: '条',
      tone: f.overdueHazards ? 'danger' : undefined,
      sub: f.oldestOverdueDays !== null ? `最久逾期 ${f.oldestOverdueDays} 天` : '没有逾期',
      to: hazardLink(u, 'overdue'),
      label: `逾期未销号 ${f.overdueHazards} 条：打开台账（逾期最久的在前）`,
    },
    {
      id: 'overdue-age',
      title: '逾期超过 30 天',
      value: a.d31to90 + a.over90,
      raw: a.d31to90 + a.over90,
      unit: '条',
      tone: a.d31to90 + a.over90 ? 'danger' : undefined,
      sub: (
        <>
          ≤7天 {a.d1to7} · 8–30天 {a.d8to30}
          <br />
          31–90天 {a.d31to90} · &gt;90天 {a.over90}
        </>
      ),
      to: hazardLink(u, 'overdue'),
      label: `逾期时长：7 天内 ${a.d1to7} 条，8–30 天 ${a.d8to30} 条，31–90 天 ${a.d31to90} 条，90 天以上 ${a.over90} 条：打开台账（逾期最久的在前）`,
    },
    { id: 'major', title: '重大隐患（未销号）', value: f.majorHazards, raw: f.majorHazards, unit: '条', tone: f.majorHazards ? 'danger' : undefined, to: hazardLink(u, 'major'), label: '打开台账：未销号的重大隐患' },
    { id: 'listed', title: '挂牌督办', value: f.listedHazards, raw: f.listedHazards, unit: '条', tone: f.listedHazards ? 'warn' : undefined, to: hazardLink(u, 'listed'), label: '打开台账：挂牌督办中的隐患' },
    {
      id: 'rectification',
      title: '整改率',
      value: pct(f.rectificationRate),
      raw: f.rectificationRate,
      sub: `已销号 ${f.rectificationNum} / 期间发现 ${f.rectificationDen}`,
      to: hazardLink(u, 'found', period),
      label: '打开台账：统计期间内发现的隐患（不含不予登记）',
    },
    {
      id: 'checks',
      title: '日常检查完成率',
      value: pct(f.dailyCheckCompletion),
      raw: f.dailyCheckCompletion,
      tone: f.dailyCheckCompletion !== null && f.dailyCheckCompletion < 0.8 ? 'warn' : undefined,
      sub: `已查 ${f.checksDone} / 应查 ${f.checksDue} 点次`,
      to: checksLink(u, schoolSide),
      label: '打开检查完成情况',
    },
    {
      id: 'reporting',
      title: '按时报送率',
      value: pct(f.reportingOnTimeRate),
      raw: f.reportingOnTimeRate,
      tone: f.reportingOnTimeRate !== null && f.reportingOnTimeRate < 0.8 ? 'warn' : undefined,
      sub: `按时 ${f.reportsOnTime} / 应报 ${f.reportsDue} 份`,
      to: reportsLink(schoolSide),
      label: '打开报送情况',
    },
    {
      id: 'tasks',
      title: '逾期整治任务',
      value: f.overdueTasks,
      raw: f.overdueTasks,
      unit: '项',
      tone: f.overdueTasks ? 'danger' : undefined,
      sub: '学校任务副本',
      to: tasksLink(filters.campaignId),
      label: '打开专项整治任务',
    },
  ];
  if (!schoolSide) {
    cards.push({
      id: 'coverage',
      title: '督查覆盖',
      value: f.schools ? pct(f.supervisedSchools / f.schools) : '—',
      raw: f.supervisedSchools,
      sub: `督查到 ${f.supervisedSchools} / ${f.schools} 所学校`,
      to: supervisionLink(u),
      label: '打开督查',
    });
  }
  return cards;
}

/** The figure cards in a grid: one row on a wide screen, two to a row on a phone. */
export function FigureGrid({ data, filters, schoolSide, loading }: Partial<Ctx> & { filters: DashboardFilters; schoolSide: boolean; loading?: boolean }) {
  if (!data) return loading ? <Skeleton active paragraph={{ rows: 2 }} /> : null;
  const cards = figureCards({ data, filters, schoolSide });
  return (
    <div className="xa-dash-figs" data-testid="dash-figures" style={{ '--xa-figs': cards.length } as React.CSSProperties}>
      {cards.map((c) => (
        <FigureCard key={c.id} {...c} />
      ))}
    </div>
  );
}
