import { useMemo, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Card, Col, List, Progress, Row, Statistic, Typography } from 'antd';
import { useHomeSummary } from '../../api/home';
import { Placeholder } from '../../components/common';

type CountRow = { key: string; name: string; count: number };

export type OrgStats = {
  schools: number;
  areas: number;
  campuses: number;
  perArea: CountRow[];
  perTeam: CountRow[];
  unassigned: number;
};

/**
 * Counted rows as bars: a name (or a link), its number and a bar against `total` (or, without
 * it, against the largest row). The org figures and the ledger's per-domain figures share it.
 */
export function CountBars({ rows, total, unit, loading, empty }: { rows: (CountRow & { label?: ReactNode })[]; total?: number; unit: string; loading: boolean; empty: string }) {
  const scale = total ?? Math.max(0, ...rows.map((r) => r.count));
  return (
    <List
      loading={loading}
      dataSource={rows}
      locale={{ emptyText: <Placeholder text={empty} /> }}
      renderItem={(r) => (
        <List.Item style={{ display: 'block' }}>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            {r.label ?? <Typography.Text className="xa-wrap">{r.name}</Typography.Text>}
            <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
              {r.count} {unit}
            </Typography.Text>
          </div>
          <Progress percent={scale ? (r.count / scale) * 100 : 0} status="normal" showInfo={false} size="small" aria-label={`${r.name}：${r.count} ${unit}`} />
        </List.Item>
      )}
    />
  );
}

const NONE: OrgStats = { schools: 0, areas: 0, campuses: 0, perArea: [], perTeam: [], unassigned: 0 };

/** Schools, areas and team assignments of the caller's scope, from the home summary (counted by the server). */
export function useOrgStats() {
  const summary = useHomeSummary();
  const stats = useMemo<OrgStats>(() => {
    const o = summary.data?.org;
    if (!o) return NONE;
    const row = (r: { id: string | null; name: string; count: number }): CountRow => ({ key: r.id ?? r.name, name: r.name, count: r.count });
    return { schools: o.schools, areas: o.areas, campuses: o.campuses, perArea: o.perArea.map(row), perTeam: o.perTeam.map(row), unassigned: o.unassignedSchools };
  }, [summary.data]);
  return { stats, summary, loading: summary.isPending };
}

export function OrgStatRow({ stats, loading }: { stats: OrgStats; loading: boolean }) {
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic title="学校" value={stats.schools} suffix="所" loading={loading} />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic title="片区" value={stats.areas} suffix="个" loading={loading} />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic title="督查小组" value={stats.perTeam.length} suffix="个" loading={loading} />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic
            title="未分配督查小组的学校"
            value={stats.unassigned}
            suffix="所"
            loading={loading}
            styles={stats.unassigned ? { content: { color: '#d46b08' } } : undefined}
          />
        </Card>
      </Col>
    </Row>
  );
}

export function AreaCountCard({ stats, loading }: { stats: OrgStats; loading: boolean }) {
  return (
    <Card title="各片区学校数" extra={<Link to="/org/units">组织架构</Link>} style={{ height: '100%' }}>
      <CountBars rows={stats.perArea} total={stats.schools} unit="所" loading={loading} empty="尚未建立片区和学校：可在“组织架构”中新增，或用“导入学校”批量导入" />
    </Card>
  );
}

export function TeamCountCard({ stats, loading }: { stats: OrgStats; loading: boolean }) {
  return (
    <Card title="各督查小组负责学校数" extra={<Link to="/org/teams">督查小组</Link>} style={{ height: '100%' }}>
      <CountBars rows={stats.perTeam} total={stats.schools} unit="所" loading={loading} empty="尚未给学校分配督查小组：可在“督查小组”中分配" />
    </Card>
  );
}
