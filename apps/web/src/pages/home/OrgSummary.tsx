import { useMemo } from 'react';
import { Link } from 'react-router';
import { Card, Col, List, Progress, Row, Statistic, Typography } from 'antd';
import { can } from '@xiaoan/domain';
import { useAllUnits, useTeams } from '../../api/queries';
import type { Me, Unit } from '../../api/types';
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

function CountList({ rows, total, loading, empty }: { rows: CountRow[]; total: number; loading: boolean; empty: string }) {
  return (
    <List
      loading={loading}
      dataSource={rows}
      locale={{ emptyText: <Placeholder text={empty} /> }}
      renderItem={(r) => (
        <List.Item style={{ display: 'block' }}>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <Typography.Text className="xa-wrap">{r.name}</Typography.Text>
            <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
              {r.count} 所
            </Typography.Text>
          </div>
          <Progress percent={total ? (r.count / total) * 100 : 0} showInfo={false} size="small" aria-label={`${r.name}：${r.count} 所`} />
        </List.Item>
      )}
    />
  );
}

/** Schools, areas and team assignments of the caller's scope, counted from the unit list. */
export function useOrgStats(me: Me) {
  const units = useAllUnits();
  const teams = useTeams(can(me.role, 'supervision_team.read'));
  const stats = useMemo<OrgStats>(() => {
    const all: Unit[] = units.data ?? [];
    const schools = all.filter((u) => u.kind === 'school');
    const areas = all.filter((u) => u.kind === 'area');
    const perArea = new Map<string, CountRow>();
    for (const a of areas) perArea.set(a.name, { key: a.id, name: a.name, count: 0 });
    const perTeam = new Map<string, CountRow>();
    for (const t of teams.data?.items ?? []) if (t.status === 'active') perTeam.set(t.id, { key: t.id, name: t.name, count: 0 });
    let unassigned = 0;
    for (const s of schools) {
      const areaKey = s.areaName ?? '直属学校（未分片区）';
      const row = perArea.get(areaKey) ?? { key: areaKey, name: areaKey, count: 0 };
      row.count++;
      perArea.set(areaKey, row);
      if (s.teams.length === 0) unassigned++;
      for (const t of s.teams) {
        const r = perTeam.get(t.id) ?? { key: t.id, name: t.name, count: 0 };
        r.count++;
        perTeam.set(t.id, r);
      }
    }
    return {
      schools: schools.length,
      areas: areas.length,
      campuses: all.filter((u) => u.kind === 'campus').length,
      perArea: [...perArea.values()],
      perTeam: [...perTeam.values()],
      unassigned,
    };
  }, [units.data, teams.data]);
  return { stats, units, loading: units.isPending };
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
      <CountList rows={stats.perArea} total={stats.schools} loading={loading} empty="尚未建立片区和学校：可在“组织架构”中新增，或用“导入学校”批量导入" />
    </Card>
  );
}

export function TeamCountCard({ stats, loading }: { stats: OrgStats; loading: boolean }) {
  return (
    <Card title="各督查小组负责学校数" extra={<Link to="/org/teams">督查小组</Link>} style={{ height: '100%' }}>
      <CountList rows={stats.perTeam} total={stats.schools} loading={loading} empty="尚未给学校分配督查小组：可在“督查小组”中分配" />
    </Card>
  );
}
