import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Input, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { can, SCHOOL_KIND_LABELS, SCHOOL_KINDS } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { useTeams, useUnitPage, useUnitsOfKind } from '../../api/queries';
import type { Unit } from '../../api/types';
import { PageTitle, Placeholder, FilterSelect, StatusFilter, StatusTag, dash } from '../../components/common';
import { ResponsiveList } from '../../components/ResponsiveList';
import { useUrlState } from '../../lib/useUrlState';

const FILTERS = ['area', 'kind', 'team', 'q', 'status'] as const;

export default function SchoolsPage() {
  const me = useMe();
  const navigate = useNavigate();
  const { values: f, page, pageSize, set } = useUrlState(FILTERS);
  const [qInput, setQInput] = useState(f.q ?? '');
  useEffect(() => setQInput(f.q ?? ''), [f.q]);

  const areas = useUnitsOfKind('area');
  const teams = useTeams(can(me.role, 'supervision_team.read') && me.role !== 'team_member');
  const teamOptions = useMemo(() => {
    const list = me.role === 'team_member' ? me.scope.teams : (teams.data?.items ?? []).map((t) => ({ id: t.id, name: t.name }));
    return list.map((t) => ({ value: t.id, label: t.name }));
  }, [me, teams.data]);
  const areaOptions = useMemo(() => {
    const opts = (areas.data ?? []).map((a) => ({ value: a.id, label: a.name }));
    if (me.unit.kind === 'bureau') opts.push({ value: me.unit.id, label: '教育局直属（未分片区）' });
    return opts;
  }, [areas.data, me]);

  const serverFilter = {
    kind: 'school' as const,
    parentId: f.area,
    teamId: f.team,
    q: f.q,
    schoolKind: f.kind as Unit['schoolKind'] | undefined,
    status: f.status as 'active' | 'disabled' | undefined,
  };
  const active = useUnitPage({ ...serverFilter, page, pageSize }, true);
  const rows = active.data?.items ?? [];
  const total = active.data?.total ?? 0;
  const loading = active.isPending || active.isFetching;

  const columns: TableColumnsType<Unit> = [
    {
      title: '学校名称',
      dataIndex: 'name',
      fixed: 'left',
      width: 220,
      render: (name: string, u) => <Link to={`/org/units?id=${u.id}`}>{name}</Link>,
    },
    { title: '类别', dataIndex: 'schoolKind', width: 120, render: (k: Unit['schoolKind']) => dash(k && SCHOOL_KIND_LABELS[k]) },
    { title: '片区', dataIndex: 'areaName', width: 110, render: dash },
    {
      title: '督查小组',
      dataIndex: 'teams',
      width: 160,
      render: (ts: Unit['teams']) => (ts.length ? ts.map((t) => <Tag key={t.id}>{t.name}</Tag>) : <Typography.Text type="warning">未分配</Typography.Text>),
    },
    { title: '校长', dataIndex: 'principal', width: 90, render: dash },
    { title: '安全管理员', dataIndex: 'safetyOfficer', width: 100, render: dash },
    { title: '联系电话', dataIndex: 'phone', width: 130, render: dash },
    { title: '在校人数', dataIndex: 'enrolment', width: 90, align: 'right', render: dash },
    { title: '状态', dataIndex: 'status', width: 80, render: (s: Unit['status']) => <StatusTag status={s} /> },
  ];

  const empty = <Placeholder text={Object.values(f).some(Boolean) ? '没有符合条件的学校' : '您的范围内还没有学校'} />;

  return (
    <div>
      <PageTitle
        title="学校列表"
        sub={me.scope.description}
        extra={can(me.role, 'unit.import') ? <Link to="/org/import">导入学校</Link> : undefined}
      />
      <ResponsiveList
        rows={rows}
        columns={columns}
        loading={loading}
        error={active.isError ? active.error : undefined}
        onRetry={() => void active.refetch()}
        empty={empty}
        paging={{ page, pageSize, total, set }}
        unit="所"
        rowTestId="school-row"
        table={{ scroll: { x: 1100 } }}
        onCardClick={(u) => void navigate(`/org/units?id=${u.id}`)}
        filters={
          <>
            <Input.Search
              className="xa-filter-wide"
              allowClear
              placeholder="学校名称"
              value={qInput}
              onChange={(e) => setQInput(e.target.value)}
              onSearch={(v) => set({ q: v.trim() })}
              style={{ width: 220 }}
              data-testid="school-search"
            />
            <FilterSelect label="片区" value={f.area} onChange={(v) => set({ area: v })} options={areaOptions} loading={areas.isPending} width={170} search />
            <FilterSelect label="类别" value={f.kind} onChange={(v) => set({ kind: v })} options={SCHOOL_KINDS.map((k) => ({ value: k, label: SCHOOL_KIND_LABELS[k] }))} width={150} />
            {teamOptions.length > 0 && <FilterSelect label="督查小组" value={f.team} onChange={(v) => set({ team: v })} options={teamOptions} width={150} />}
            <StatusFilter value={f.status} onChange={(v) => set({ status: v })} />
          </>
        }
        card={(u) => (
          <>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
              <Typography.Text strong className="xa-wrap">
                {u.name}
              </Typography.Text>
              {u.status === 'disabled' && <StatusTag status={u.status} />}
            </div>
            <Space wrap size={[4, 4]} style={{ marginTop: 6 }}>
              {u.schoolKind && <Tag color="orange">{SCHOOL_KIND_LABELS[u.schoolKind]}</Tag>}
              {u.areaName && <Tag color="cyan">{u.areaName}</Tag>}
              {u.teams.map((t) => (
                <Tag key={t.id}>{t.name}</Tag>
              ))}
            </Space>
            {(u.safetyOfficer || u.phone) && (
              <div style={{ marginTop: 6, color: 'rgba(0,0,0,0.55)', fontSize: 13 }}>
                {[u.safetyOfficer && `安全管理员 ${u.safetyOfficer}`, u.phone].filter(Boolean).join(' · ')}
              </div>
            )}
          </>
        )}
      />
    </div>
  );
}
