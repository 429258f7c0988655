import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Button, Input, Select, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { BUILDING_USE_LABELS, CANTEEN_POST_LABELS, DRILL_KIND_LABELS, DRILL_RATING_LABELS, PLAN_KIND_LABELS, STAFF_STATUS_LABELS, can } from '@xiaoan/domain';
import { useMe } from '../../../auth/session';
import { useSiteList, type BuildingSummary, type CanteenStaffSummary, type DrillSummary, type PlanSummary, type SiteKind, type SiteSummaries } from '../../../api/site';
import { PageTitle } from '../../../components/common';
import { ResponsiveList } from '../../../components/ResponsiveList';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect';
import { useUrlState } from '../../../lib/useUrlState';
import { CanteenProfileCard } from './CanteenProfileCard';
import { CoverageView } from './CoverageView';
import { SiteFormDrawer } from './SiteForms';
import { DueTag, GradeTag, SITE_TABS, siteListPath, siteRecordPath } from './siteUi';

const isSchoolSide = (kind: string) => kind === 'school' || kind === 'campus';

type Col<T> = TableColumnsType<T>;
const COLUMNS: { [K in SiteKind]: (schoolSide: boolean) => Col<SiteSummaries[K]> } = {
  buildings: (mine) => [
    ...(mine ? [] : [{ title: '学校', dataIndex: 'schoolName', width: 180 }]),
    { title: '校舍', render: (_, b: BuildingSummary) => <Link to={siteRecordPath('buildings', b.id)} data-testid="site-record">{b.name}</Link> },
    { title: '用途', width: 100, render: (_, b: BuildingSummary) => BUILDING_USE_LABELS[b.use] },
    { title: '层数', dataIndex: 'floors', width: 60 },
    { title: '建成', dataIndex: 'builtYear', width: 70 },
    { title: '鉴定等级', width: 100, render: (_, b: BuildingSummary) => <GradeTag grade={b.grade} /> },
    { title: '鉴定日期', dataIndex: 'appraisedOn', width: 110 },
    { title: '使用', width: 150, render: (_, b: BuildingSummary) => (b.dangerous ? <Tag color="red">D级在用·挂牌督办</Tag> : b.inUse ? '在用' : '停用') },
  ],
  'emergency-plans': (mine) => [
    ...(mine ? [] : [{ title: '学校', dataIndex: 'schoolName', width: 180 }]),
    { title: '预案', render: (_, p: PlanSummary) => <Link to={siteRecordPath('emergency-plans', p.id)} data-testid="site-record">{p.title}</Link> },
    { title: '类别', width: 130, render: (_, p: PlanSummary) => PLAN_KIND_LABELS[p.kind] },
    { title: '版本', dataIndex: 'versionLabel', width: 70 },
    { title: '最近修订', dataIndex: 'revisedOn', width: 110 },
    { title: '下次修订', width: 170, render: (_, p: PlanSummary) => (p.status === 'abolished' ? '已废止' : <span>{p.revisionDueOn} <DueTag status={p.revisionStatus} soon="修订将到期" over="逾期未修订" /></span>) },
    { title: '演练', width: 70, render: (_, p: PlanSummary) => p.drills },
  ],
  drills: (mine) => [
    ...(mine ? [] : [{ title: '学校', dataIndex: 'schoolName', width: 180 }]),
    { title: '演练', render: (_, d: DrillSummary) => <Link to={siteRecordPath('drills', d.id)} data-testid="site-record">{d.title}</Link> },
    { title: '类别', width: 110, render: (_, d: DrillSummary) => DRILL_KIND_LABELS[d.kind] },
    { title: '日期', dataIndex: 'heldOn', width: 110 },
    { title: '参演人数', dataIndex: 'participants', width: 90 },
    { title: '时长', width: 80, render: (_, d: DrillSummary) => `${d.durationMinutes} 分钟` },
    { title: '评估', width: 80, render: (_, d: DrillSummary) => DRILL_RATING_LABELS[d.rating] },
  ],
  'canteen-staff': (mine) => [
    ...(mine ? [] : [{ title: '学校', dataIndex: 'schoolName', width: 180 }]),
    { title: '姓名', render: (_, c: CanteenStaffSummary) => <Link to={siteRecordPath('canteen-staff', c.id)} data-testid="site-record">{c.name}</Link> },
    { title: '岗位', width: 120, render: (_, c: CanteenStaffSummary) => CANTEEN_POST_LABELS[c.post] },
    { title: '健康证编号', dataIndex: 'certNo', width: 130 },
    { title: '有效期至', width: 190, render: (_, c: CanteenStaffSummary) => (c.status === 'left' ? <Typography.Text type="secondary">{STAFF_STATUS_LABELS.left}</Typography.Text> : <span>{c.certExpiresOn} <DueTag status={c.certStatus} /></span>) },
  ],
};

function card(kind: SiteKind, r: SiteSummaries[SiteKind], mine: boolean) {
  const school = mine ? null : <div style={{ fontSize: 12, color: '#595959' }}>{r.schoolName}</div>;
  if (kind === 'buildings') {
    const b = r as BuildingSummary;
    return (<div style={{ minWidth: 0 }}><Typography.Text strong>{b.name}</Typography.Text> <GradeTag grade={b.grade} />{b.dangerous && <Tag color="red">D级在用</Tag>}{school}<div style={{ fontSize: 13 }}>{BUILDING_USE_LABELS[b.use]} · {b.floors} 层 · {b.builtYear} 年建 · 鉴定 {b.appraisedOn}</div></div>);
  }
  if (kind === 'emergency-plans') {
    const p = r as PlanSummary;
    return (<div style={{ minWidth: 0 }}><Typography.Text strong>{p.title}</Typography.Text> <DueTag status={p.revisionStatus} soon="修订将到期" over="逾期未修订" />{school}<div style={{ fontSize: 13 }}>{p.versionLabel} · 下次修订 {p.revisionDueOn} · 演练 {p.drills} 次</div></div>);
  }
  if (kind === 'drills') {
    const d = r as DrillSummary;
    return (<div style={{ minWidth: 0 }}><Typography.Text strong>{d.title}</Typography.Text>{school}<div style={{ fontSize: 13 }}>{d.heldOn} · {DRILL_KIND_LABELS[d.kind]} · {d.participants} 人 · {d.durationMinutes} 分钟 · {DRILL_RATING_LABELS[d.rating]}</div></div>);
  }
  const c = r as CanteenStaffSummary;
  return (<div style={{ minWidth: 0 }}><Typography.Text strong>{c.name}</Typography.Text> <DueTag status={c.certStatus} />{school}<div style={{ fontSize: 13 }}>{CANTEEN_POST_LABELS[c.post]} · 健康证至 {c.certExpiresOn}</div></div>);
}

const STATUS_FILTERS: Partial<Record<SiteKind, { value: string; label: string }[]>> = {
  buildings: [{ value: 'dangerous', label: 'D级仍在用' }, { value: 'in_use', label: '在用' }, { value: 'idle', label: '停用' }],
  'emergency-plans': [{ value: 'due_soon', label: '30 天内应修订' }, { value: 'overdue', label: '逾期未修订' }, { value: 'ok', label: '正常' }],
  'canteen-staff': [{ value: 'due_soon', label: '健康证 30 天内到期' }, { value: 'overdue', label: '健康证已过期' }, { value: 'ok', label: '健康证有效' }, { value: 'left', label: '已离岗' }],
};

const ADD_LABELS: Record<SiteKind, string> = { buildings: '登记校舍', 'emergency-plans': '登记预案', drills: '登记演练', 'canteen-staff': '登记从业人员' };

function SiteList<K extends SiteKind>({ kind }: { kind: K }) {
  const me = useMe();
  const navigate = useNavigate();
  const mine = isSchoolSide(me.unit.kind);
  const { values, page, pageSize, set } = useUrlState(['unitId', 'q', 'status'] as const);
  const q = useSiteList(kind, { unitId: values.unitId, q: values.q, status: values.status }, page, pageSize);
  const [adding, setAdding] = useState(false);
  const mayAdd = mine && can(me.role, kind === 'drills' ? 'registry.record' : 'registry.manage');
  const statuses = STATUS_FILTERS[kind];
  return (
    <>
      {kind === 'canteen-staff' && mine && <CanteenProfileCard schoolId={me.unit.id} />}
      <ResponsiveList
        rows={q.data?.items ?? []}
        columns={COLUMNS[kind](mine) as Col<SiteSummaries[K]>}
        rowTestId="site-row"
        loading={q.isPending}
        error={q.error}
        onRetry={() => void q.refetch()}
        empty="暂无记录"
        paging={{ page, pageSize, total: q.data?.total ?? 0, set }}
        onCardClick={(r) => void navigate(siteRecordPath(kind, r.id))}
        filters={
          <>
            {!mine && <UnitTreeSelect style={{ width: 220 }} allow={['area', 'school']} allowClear placeholder="片区或学校" aria-label="片区或学校" value={values.unitId} onChange={(v) => set({ unitId: v })} />}
            <Input.Search allowClear placeholder="搜索名称" aria-label="搜索名称" style={{ width: 180 }} defaultValue={values.q} onSearch={(v) => set({ q: v || undefined })} />
            {statuses && <Select allowClear placeholder="状态" aria-label="状态" style={{ width: 190 }} value={values.status} onChange={(v: string | undefined) => set({ status: v })} options={statuses} data-testid="site-status-filter" />}
            {mayAdd && (
              <Button type="primary" onClick={() => setAdding(true)} data-testid="site-add">
                {ADD_LABELS[kind]}
              </Button>
            )}
          </>
        }
        card={(r) => card(kind, r, mine)}
      />
      {mayAdd && <SiteFormDrawer kind={kind} open={adding} record={null} schoolId={me.unit.id} onClose={() => setAdding(false)} onSaved={(id) => { setAdding(false); void navigate(siteRecordPath(kind, id)); }} />}
    </>
  );
}

/** 校舍与应急、食堂台账: buildings, emergency plans, drills, canteen staff and the coverage figures, one tab each. */
export default function SitePage() {
  const { kind = 'buildings' } = useParams();
  const navigate = useNavigate();
  const me = useMe();
  const tab = SITE_TABS.find((t) => t.kind === kind)?.kind ?? 'buildings';
  return (
    <div data-testid="site-page">
      <PageTitle title="校舍、应急与食堂台账" sub={isSchoolSide(me.unit.kind) ? '本校校舍安全鉴定、应急预案与演练、食堂从业人员健康证；到期前提醒，D级危房在用、健康证过期自动登记隐患' : '各校校舍鉴定等级、应急预案修订与演练、食堂从业人员健康证、阳光食堂覆盖'} />
      <Tabs
        activeKey={tab}
        onChange={(k) => void navigate(siteListPath(k as SiteKind))}
        items={SITE_TABS.map((t) => ({ key: t.kind, label: t.label, children: t.kind === tab ? (t.kind === 'coverage' ? <CoverageView /> : <SiteList key={t.kind} kind={t.kind} />) : null }))}
      />
    </div>
  );
}
