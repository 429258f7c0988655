import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, DatePicker, Input, Select, Space, Switch, Tag, Typography } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, FilterOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { can, HAZARD_DOMAIN_LABELS, HAZARD_DOMAINS, HAZARD_GRADE_LABELS, HAZARD_GRADES, HAZARD_SOURCE_LABELS, HAZARD_SOURCES, HAZARD_STATE_LABELS, HAZARD_STATES, type HazardDomain, type HazardGrade, type HazardSource, type HazardState } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { hazardExportUrl, useHazardPage, type HazardFilter } from '../../api/hazards';
import { useUnitsOfKind } from '../../api/queries';
import type { HazardSummary } from '../../api/types';
import { FilterSelect, PageTitle, Placeholder, dash } from '../../components/common';
import { DueCell, GradeTag, HazardStateTag, ListedTag } from '../../components/hazard/HazardTags';
import { ResponsiveList } from '../../components/ResponsiveList';
import { useIsMobile } from '../../lib/useIsMobile';
import { useUrlState } from '../../lib/useUrlState';

const FILTERS = ['state', 'domain', 'grade', 'source', 'overdue', 'listed', 'school', 'area', 'team', 'owner', 'from', 'to', 'q', 'sort', 'order'] as const;

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
      teamId: f.team,
      owner: f.owner,
      foundFrom: f.from,
      foundTo: f.to,
      q: f.q,
      sort: one(f.sort, ['foundAt', 'dueDate', 'reportedAt', 'id'] as const),
      order: one(f.order, ['asc', 'desc'] as const),
    }),
    [f.state, f.domain, f.grade, f.source, f.overdue, f.listed, f.school, f.area, f.team, f.owner, f.from, f.to, f.q, f.sort, f.order],
  );

  const q = useHazardPage(filter, page, pageSize);
  const rows = q.data?.items ?? [];
  const total = q.data?.total ?? 0;

  const schools = useUnitsOfKind('school', !schoolSide);
  const areas = useUnitsOfKind('area', !schoolSide);
  const schoolOptions = useMemo(() => (schools.data ?? []).map((s) => ({ value: s.id, label: s.name })), [schools.data]);
  const areaOptions = useMemo(() => (areas.data ?? []).map((a) => ({ value: a.id, label: a.name })), [areas.data]);

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

  // Paging is ResponsiveList's; the table's own change event only carries the sort here.
  const onTableChange: TableProps<HazardSummary>['onChange'] = (_pg, _filters, sorter, extra) => {
    if (extra.action !== 'sort') return;
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = s?.order ? (s.columnKey as 'foundAt' | 'dueDate') : undefined;
    set({ sort: key, order: key ? (s?.order === 'ascend' ? 'asc' : 'desc') : undefined });
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
      <ResponsiveList<HazardSummary>
        rows={rows}
        columns={columns}
        loading={q.isPending || q.isFetching}
        error={q.isError ? q.error : undefined}
        onRetry={() => void q.refetch()}
        empty={empty}
        paging={{ page, pageSize, total, set }}
        rowTestId="hazard-row"
        rowProps={(h) => ({ 'data-overdue': h.overdue ? 'true' : undefined, 'data-listed': h.listed ? 'true' : undefined }) as React.HTMLAttributes<HTMLElement>}
        table={{ rowClassName: rowClass, onChange: onTableChange, scroll: { x: 1100 }, showSorterTooltip: false }}
        notice={
          searchTooShort && (
            <Typography.Text type="warning" style={{ display: 'block', marginTop: -6, marginBottom: 8, fontSize: 12 }}>
              搜索至少需要 2 个字
            </Typography.Text>
          )
        }
        filters={
          <>
            <Input.Search
              className="xa-filter-wide"
              allowClear
              placeholder="搜索标题/描述/位置，至少 2 个字"
              aria-label="搜索隐患（标题、描述、位置）"
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
                <FilterSelect multiple label="状态" value={filter.state ?? []} onChange={multi('state')} options={HAZARD_STATES.map((s) => ({ value: s, label: HAZARD_STATE_LABELS[s] }))} width={200} />
                <FilterSelect multiple label="隐患类别" value={filter.domain ?? []} onChange={multi('domain')} options={HAZARD_DOMAINS.map((d) => ({ value: d, label: HAZARD_DOMAIN_LABELS[d] }))} width={200} />
                <FilterSelect label="等级" value={filter.grade} onChange={(v) => set({ grade: v })} options={HAZARD_GRADES.map((g) => ({ value: g, label: HAZARD_GRADE_LABELS[g] }))} width={120} />
                {!schoolSide && <FilterSelect label="学校" value={filter.schoolId} onChange={(v) => set({ school: v })} options={schoolOptions} loading={schools.isPending} width={200} search />}
                {!schoolSide && areaOptions.length > 0 && <FilterSelect label="片区" value={filter.areaId} onChange={(v) => set({ area: v })} options={areaOptions} width={140} />}
                <FilterSelect multiple label="发现方式" value={filter.source ?? []} onChange={multi('source')} options={HAZARD_SOURCES.map((s) => ({ value: s, label: HAZARD_SOURCE_LABELS[s] }))} width={160} />
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
                  aria-label="按责任人搜索"
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
                aria-label="排序"
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
          </>
        }
        cardClassName={(h) => [h.overdue ? 'xa-card-overdue' : '', h.listed ? 'xa-card-listed' : ''].join(' ')}
        onCardClick={(h) => void navigate(`/hazards/${h.id}`)}
        card={(h) => (
          <>
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
          </>
        )}
      />
    </div>
  );
}
