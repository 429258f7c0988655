import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Input, List, Pagination, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, FilterOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import {
  can,
  HAZARD_DOMAIN_LABELS,
  HAZARD_DOMAINS,
  HAZARD_GRADE_LABELS,
  HAZARD_GRADES,
  HAZARD_SOURCE_LABELS,
  HAZARD_SOURCES,
  HAZARD_STATE_LABELS,
  HAZARD_STATES,
  type HazardDomain,
  type HazardGrade,
  type HazardSource,
  type HazardState,
} from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { api } from '../../api/client';
import { hazardExportUrl, useHazardPage, type HazardFilter } from '../../api/hazards';
import { fetchAllUnits } from '../../api/queries';
import type { HazardSummary, PageOf, Unit } from '../../api/types';
import { PageTitle, Placeholder, QueryError, dash } from '../../components/common';
import { DueCell, GradeTag, HazardStateTag, ListedTag } from '../../components/hazard/HazardTags';
import { useIsMobile } from '../../lib/useIsMobile';
import { useUrlState } from '../../lib/useUrlState';

const FILTERS = ['state', 'domain', 'grade', 'source', 'overdue', 'listed', 'school', 'area', 'owner', 'from', 'to', 'q', 'sort', 'order'] as const;

const list = <T extends string>(v: string | undefined, allowed: readonly T[]): T[] | undefined => {
  const out = (v ?? '').split(',').filter((x): x is T => (allowed as readonly string[]).includes(x));
  return out.length ? out : undefined;
};
const one = <T extends string>(v: string | undefined, allowed: readonly T[]): T | undefined => ((allowed as readonly string[]).includes(v ?? '') ? (v as T) : undefined);

const rowClass = (h: HazardSummary) => [h.overdue ? 'xa-row-overdue' : '', h.listed ? 'xa-row-listed' : ''].filter(Boolean).join(' ');

export default function HazardListPage() {
  const me = useMe();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const { values: f, page, pageSize, set } = useUrlState(FILTERS);
  const [qInput, setQInput] = useState(f.q ?? '');
  const [ownerInput, setOwnerInput] = useState(f.owner ?? '');
  useEffect(() => setQInput(f.q ?? ''), [f.q]);
  useEffect(() => setOwnerInput(f.owner ?? ''), [f.owner]);
  const schoolSide = me.unit.kind === 'school' || me.unit.kind === 'campus';

  const filter: HazardFilter = useMemo(
    () => ({
      state: list<HazardState>(f.state, HAZARD_STATES),
      domain: list<HazardDomain>(f.domain, HAZARD_DOMAINS),
      grade: one<HazardGrade>(f.grade, HAZARD_GRADES),
      source: list<HazardSource>(f.source, HAZARD_SOURCES),
      overdue: f.overdue === '1' || undefined,
      listed: f.listed === '1' || undefined,
      schoolId: f.school,
      areaId: f.area,
      owner: f.owner,
      foundFrom: f.from,
      foundTo: f.to,
      q: f.q,
      sort: one(f.sort, ['foundAt', 'dueDate', 'reportedAt', 'id'] as const),
      order: one(f.order, ['asc', 'desc'] as const),
    }),
    [f.state, f.domain, f.grade, f.source, f.overdue, f.listed, f.school, f.area, f.owner, f.from, f.to, f.q, f.sort, f.order],
  );

  const q = useHazardPage(filter, page, pageSize);
  const rows = q.data?.items ?? [];
  const total = q.data?.total ?? 0;

  const schools = useQuery({
    queryKey: ['units', 'schools-all'],
    queryFn: ({ signal }) => fetchAllUnits({ kind: 'school' }, signal),
    staleTime: 60_000,
    enabled: !schoolSide,
  });
  const areas = useQuery({
    queryKey: ['units', 'areas'],
    queryFn: ({ signal }) => api.get<PageOf<Unit>>('/api/units', { kind: 'area', pageSize: 500 }, signal),
    staleTime: 60_000,
    enabled: !schoolSide,
  });
  const schoolOptions = useMemo(() => (schools.data ?? []).map((s) => ({ value: s.id, label: s.name })), [schools.data]);
  const areaOptions = useMemo(() => (areas.data?.items ?? []).map((a) => ({ value: a.id, label: a.name })), [areas.data]);

  const searchTooShort = qInput.trim().length === 1;
  const anyFilter = Object.entries(f).some(([k, v]) => k !== 'sort' && k !== 'order' && !!v);
  // Phones show the search box and a 筛选 button; the rest opens on demand.
  const [showFilters, setShowFilters] = useState(false);
  const activeCount = Object.entries(f).filter(([k, v]) => !['sort', 'order', 'q'].includes(k) && !!v).length;

  const sortOrder = (key: 'foundAt' | 'dueDate') => (filter.sort === key ? (filter.order === 'asc' ? 'ascend' : 'descend') : null);

  const columns: TableColumnsType<HazardSummary> = [
    {
      title: '学校',
      key: 'school',
      width: 150,
      render: (_, h) => (
        <span className="xa-wrap">
          {h.school.name}
          {h.unit.id !== h.school.id && <Typography.Text type="secondary">（{h.unit.name}）</Typography.Text>}
        </span>
      ),
    },
    { title: '隐患类别', dataIndex: 'domain', width: 110, render: (d: HazardDomain) => HAZARD_DOMAIN_LABELS[d] },
    { title: '等级', dataIndex: 'grade', width: 88, render: (g: HazardGrade) => <GradeTag grade={g} /> },
    {
      title: '标题',
      dataIndex: 'title',
      width: 230,
      render: (t: string, h) => (
        <div>
          <Link to={`/hazards/${h.id}`} className="xa-wrap" style={{ fontWeight: 500 }}>
            {t}
          </Link>
          {(h.listed || h.fixedOnSpot || h.escalated) && (
            <div style={{ marginTop: 2, display: 'flex', gap: 4, flexWrap: 'wrap' }}>
              {h.listed && <ListedTag />}
              {h.escalated && <Tag color="orange" style={{ marginInlineEnd: 0 }}>报请协调</Tag>}
              {h.fixedOnSpot && <Tag color="cyan" style={{ marginInlineEnd: 0 }}>立行立改</Tag>}
            </div>
          )}
        </div>
      ),
    },
    { title: '状态', dataIndex: 'state', width: 84, render: (s: HazardState) => <HazardStateTag state={s} /> },
    { title: '责任人', dataIndex: 'owner', width: 110, render: dash },
    {
      title: '整改时限',
      key: 'dueDate',
      width: 150,
      sorter: true,
      sortOrder: sortOrder('dueDate'),
      render: (_, h) => <DueCell h={h} />,
    },
    { title: '发现日期', dataIndex: 'foundAt', key: 'foundAt', width: 104, sorter: true, sortOrder: sortOrder('foundAt') },
    { title: '发现方式', dataIndex: 'source', width: 84, render: (s: HazardSource) => HAZARD_SOURCE_LABELS[s] },
  ];

  const onTableChange: TableProps<HazardSummary>['onChange'] = (pg, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      const key = s?.order ? (s.columnKey as 'foundAt' | 'dueDate') : undefined;
      set({ sort: key, order: key ? (s?.order === 'ascend' ? 'asc' : 'desc') : undefined });
      return;
    }
    const ps = pg.pageSize ?? pageSize;
    set(ps !== pageSize ? { pageSize: ps, page: 1 } : { page: pg.current ?? 1 });
  };

  const empty = <Placeholder text={anyFilter ? '没有符合条件的隐患' : '台账中还没有隐患'} />;
  const exportHref = hazardExportUrl({ ...filter });

  const extra = (
    <>
      {can(me.role, 'hazard.report') && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate(isMobile ? '/report' : '/hazards/new')} data-testid="hazard-new">
          上报隐患
        </Button>
      )}
      {can(me.role, 'hazard.export') && (
        <Button icon={<DownloadOutlined />} href={exportHref} data-testid="hazard-export">
          导出 Excel
        </Button>
      )}
      {can(me.role, 'hazard.import') && (
        <Button icon={<CloudUploadOutlined />} onClick={() => void navigate('/hazards/import')}>
          导入台账
        </Button>
      )}
    </>
  );

  const multi = (key: 'state' | 'domain' | 'source') => (v: string[]) => set({ [key]: v.join(',') || undefined });

  return (
    <div>
      <PageTitle title="隐患台账" sub={`排查 → 登记 → 整改 → 验收 → 销号 · ${me.scope.description}`} extra={extra} />
      <Card size="small" styles={{ body: { padding: isMobile ? 12 : 16 } }}>
        <div className="xa-filters">
          <Input.Search
            className="xa-filter-wide"
            allowClear
            placeholder="搜索标题/描述/位置，至少 2 个字"
            value={qInput}
            onChange={(e) => setQInput(e.target.value)}
            onSearch={(v) => {
              const t = v.trim();
              if (t.length === 1) return;
              set({ q: t });
            }}
            status={searchTooShort ? 'warning' : undefined}
            style={{ width: 300 }}
            data-testid="hazard-search"
          />
          {isMobile && (
            <Button onClick={() => setShowFilters(!showFilters)} icon={<FilterOutlined />} type={activeCount ? 'primary' : 'default'} ghost={!!activeCount}>
              {showFilters ? '收起筛选' : `筛选${activeCount ? `（${activeCount}）` : ''}`}
            </Button>
          )}
          {(!isMobile || showFilters) && (
            <>
          <Select
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            placeholder="状态"
            value={filter.state ?? []}
            onChange={multi('state')}
            options={HAZARD_STATES.map((s) => ({ value: s, label: HAZARD_STATE_LABELS[s] }))}
            style={{ width: 200 }}
          />
          <Select
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            placeholder="隐患类别"
            value={filter.domain ?? []}
            onChange={multi('domain')}
            options={HAZARD_DOMAINS.map((d) => ({ value: d, label: HAZARD_DOMAIN_LABELS[d] }))}
            style={{ width: 200 }}
          />
          <Select allowClear placeholder="等级" value={filter.grade} onChange={(v) => set({ grade: v })} options={HAZARD_GRADES.map((g) => ({ value: g, label: HAZARD_GRADE_LABELS[g] }))} style={{ width: 120 }} />
          {!schoolSide && (
            <Select
              allowClear
              placeholder="学校"
              value={filter.schoolId}
              onChange={(v) => set({ school: v })}
              options={schoolOptions}
              loading={schools.isPending}
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 200 }}
            />
          )}
          {!schoolSide && areaOptions.length > 0 && (
            <Select allowClear placeholder="片区" value={filter.areaId} onChange={(v) => set({ area: v })} options={areaOptions} style={{ width: 140 }} />
          )}
          <Select
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            placeholder="发现方式"
            value={filter.source ?? []}
            onChange={multi('source')}
            options={HAZARD_SOURCES.map((s) => ({ value: s, label: HAZARD_SOURCE_LABELS[s] }))}
            style={{ width: 160 }}
          />
          <DatePicker.RangePicker
            className="xa-filter-wide"
            placeholder={['发现日期从', '至']}
            value={[f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null]}
            onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
            allowEmpty={[true, true]}
            inputReadOnly={isMobile}
            style={{ width: 250 }}
          />
          <Input.Search
            allowClear
            placeholder="责任人"
            value={ownerInput}
            onChange={(e) => setOwnerInput(e.target.value)}
            onSearch={(v) => set({ owner: v.trim() })}
            style={{ width: 140 }}
          />
          <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
            <Switch size="small" checked={filter.overdue === true} onChange={(v) => set({ overdue: v ? '1' : undefined })} aria-label="只看逾期" />
            <Typography.Text type={filter.overdue ? 'danger' : undefined}>只看逾期</Typography.Text>
          </span>
          <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
            <Switch size="small" checked={filter.listed === true} onChange={(v) => set({ listed: v ? '1' : undefined })} aria-label="只看挂牌督办" />
            <Typography.Text type={filter.listed ? 'danger' : undefined}>挂牌督办</Typography.Text>
          </span>
            </>
          )}
          {isMobile && (
            <Select
              placeholder="排序"
              value={filter.sort ? `${filter.sort}:${filter.order ?? 'desc'}` : undefined}
              allowClear
              onChange={(v: string | undefined) => {
                const [sort, order] = (v ?? '').split(':');
                set({ sort: sort || undefined, order: order || undefined });
              }}
              options={[
                { value: 'foundAt:desc', label: '发现日期：新→旧' },
                { value: 'foundAt:asc', label: '发现日期：旧→新' },
                { value: 'dueDate:asc', label: '整改时限：近→远' },
                { value: 'dueDate:desc', label: '整改时限：远→近' },
              ]}
            />
          )}
          {anyFilter && (
            <Button type="link" onClick={() => set(Object.fromEntries(FILTERS.filter((k) => k !== 'sort' && k !== 'order').map((k) => [k, undefined])))}>
              清除筛选
            </Button>
          )}
        </div>
        {searchTooShort && (
          <Typography.Text type="warning" style={{ display: 'block', marginTop: -6, marginBottom: 8, fontSize: 12 }}>
            搜索至少需要 2 个字
          </Typography.Text>
        )}
        {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
        {isMobile ? (
          <>
            <List
              loading={q.isPending || q.isFetching}
              dataSource={rows}
              locale={{ emptyText: empty }}
              split={false}
              renderItem={(h) => (
                <Card
                  size="small"
                  className={[h.overdue ? 'xa-card-overdue' : '', h.listed ? 'xa-card-listed' : ''].join(' ')}
                  style={{ marginBottom: 8, cursor: 'pointer' }}
                  onClick={() => void navigate(`/hazards/${h.id}`)}
                  data-testid="hazard-row"
                >
                  <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
                    <Typography.Text strong className="xa-wrap">
                      {h.title}
                    </Typography.Text>
                    <HazardStateTag state={h.state} />
                  </div>
                  <Space wrap size={[4, 4]} style={{ marginTop: 6 }}>
                    <GradeTag grade={h.grade} />
                    {h.listed && <ListedTag />}
                    <Tag style={{ marginInlineEnd: 0 }}>{HAZARD_DOMAIN_LABELS[h.domain]}</Tag>
                  </Space>
                  <div style={{ marginTop: 6, color: 'rgba(0,0,0,0.55)', fontSize: 13 }} className="xa-wrap">
                    {!schoolSide && `${h.school.name} · `}发现 {h.foundAt}
                    {h.owner ? ` · 责任人 ${h.owner}` : ''}
                  </div>
                  {h.dueDate && (
                    <div style={{ marginTop: 4, fontSize: 13 }}>
                      整改时限 <DueCell h={h} compact />
                    </div>
                  )}
                </Card>
              )}
            />
            {total > pageSize && (
              <div style={{ display: 'flex', justifyContent: 'center', marginTop: 8 }}>
                <Pagination simple current={page} pageSize={pageSize} total={total} onChange={(p) => set({ page: p })} />
              </div>
            )}
            <Typography.Text type="secondary" style={{ display: 'block', textAlign: 'center', marginTop: 8 }}>
              共 {total} 条
            </Typography.Text>
          </>
        ) : (
          <Table<HazardSummary>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={rows}
            loading={q.isPending || q.isFetching}
            rowClassName={rowClass}
            onRow={(h) => ({ 'data-testid': 'hazard-row', 'data-overdue': h.overdue ? 'true' : undefined, 'data-listed': h.listed ? 'true' : undefined }) as React.HTMLAttributes<HTMLElement>}
            onChange={onTableChange}
            scroll={{ x: 1100 }}
            locale={{ emptyText: empty }}
            showSorterTooltip={false}
            pagination={{
              current: page,
              pageSize,
              total,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              showTotal: (t) => `共 ${t} 条`,
            }}
          />
        )}
      </Card>
    </div>
  );
}
