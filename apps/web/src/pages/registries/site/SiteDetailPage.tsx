import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button, Card, Descriptions, Image, List, Skeleton, Space, Tag } from 'antd';
import {
  BUILDING_GRADE_LABELS,
  BUILDING_STRUCTURE_LABELS,
  BUILDING_USE_LABELS,
  CANTEEN_POST_LABELS,
  DRILL_KIND_LABELS,
  DRILL_RATING_LABELS,
  HAZARD_STATE_LABELS,
  PLAN_KIND_LABELS,
  STAFF_STATUS_LABELS,
  type HazardState,
} from '@xiaoan/domain';
import { fileUrl, thumbnailUrl } from '../../../api/files';
import { useSiteRecord, type BuildingSummary, type CanteenStaffSummary, type DrillSummary, type PlanSummary, type SiteKind } from '../../../api/site';
import { BackLink, PageTitle, QueryError, dash } from '../../../components/common';
import { SiteFormDrawer } from './SiteForms';
import { DueTag, GradeTag, SITE_TABS, siteListPath } from './siteUi';

const KINDS: SiteKind[] = ['buildings', 'emergency-plans', 'drills', 'canteen-staff'];
const D = Descriptions.Item;

function Facts({ kind, item }: { kind: SiteKind; item: unknown }) {
  if (kind === 'buildings') {
    const b = item as BuildingSummary;
    return (
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
        <D label="用途">{BUILDING_USE_LABELS[b.use]}</D>
        <D label="层数">{b.floors}</D>
        <D label="建成年份">{b.builtYear}</D>
        <D label="结构">{BUILDING_STRUCTURE_LABELS[b.structure]}</D>
        <D label="建筑面积">{b.areaM2 === null ? dash(null) : `${b.areaM2} ㎡`}</D>
        <D label="鉴定等级"><Space size={4}><GradeTag grade={b.grade} />{BUILDING_GRADE_LABELS[b.grade]}</Space></D>
        <D label="鉴定日期">{b.appraisedOn}</D>
        <D label="鉴定报告">{dash(b.reportNo)}</D>
        <D label="使用状态">{b.dangerous ? <Tag color="red" data-testid="site-dangerous">D级危房仍在用</Tag> : b.inUse ? '在用' : '停用'}</D>
        {b.note && <D label="备注">{b.note}</D>}
      </Descriptions>
    );
  }
  if (kind === 'emergency-plans') {
    const p = item as PlanSummary;
    return (
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
        <D label="类别">{PLAN_KIND_LABELS[p.kind]}</D>
        <D label="版本">{p.versionLabel}</D>
        <D label="责任人">{p.ownerName}</D>
        <D label="发布日期">{p.issuedOn}</D>
        <D label="最近修订">{p.revisedOn}</D>
        <D label="修订周期">{p.revisionMonths} 个月</D>
        <D label="下次修订"><Space size={4}>{p.revisionDueOn}<DueTag status={p.revisionStatus} soon="修订将到期" over="逾期未修订" /></Space></D>
        <D label="按此预案演练">{p.drills} 次{p.lastDrillOn && `（最近 ${p.lastDrillOn}）`}</D>
        <D label="状态">{p.status === 'active' ? '有效' : '已废止'}</D>
        {p.note && <D label="备注">{p.note}</D>}
      </Descriptions>
    );
  }
  if (kind === 'drills') {
    const d = item as DrillSummary;
    return (
      <>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <D label="类别">{DRILL_KIND_LABELS[d.kind]}</D>
          <D label="日期">{d.heldOn}（{d.semester}）</D>
          <D label="参演人数">{d.participants} 人</D>
          <D label="时长">{d.durationMinutes} 分钟</D>
          <D label="评估结论">{DRILL_RATING_LABELS[d.rating]}</D>
          <D label="依据预案">{dash(d.planTitle)}</D>
          <D label="登记人">{d.recordedBy}</D>
          <D label="评估与改进" span={3}>{d.evaluation}</D>
        </Descriptions>
        {d.photos.length > 0 && (
          <Image.PreviewGroup>
            <Space wrap>{d.photos.map((p) => <Image key={p.fileId} width={96} height={96} style={{ objectFit: 'cover' }} src={thumbnailUrl(p.fileId)} preview={{ src: fileUrl(p.fileId) }} alt={p.name} />)}</Space>
          </Image.PreviewGroup>
        )}
      </>
    );
  }
  const c = item as CanteenStaffSummary;
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
      <D label="岗位">{CANTEEN_POST_LABELS[c.post]}</D>
      <D label="身份证号">{c.idNumber}</D>
      <D label="联系电话">{dash(c.phone)}</D>
      <D label="健康证编号">{c.certNo}</D>
      <D label="发证日期">{c.certIssuedOn}</D>
      <D label="有效期至"><Space size={4}>{c.certExpiresOn}<DueTag status={c.certStatus} /></Space></D>
      <D label="状态">{STAFF_STATUS_LABELS[c.status]}</D>
    </Descriptions>
  );
}

const titleOf = (kind: SiteKind, item: unknown) => {
  if (kind === 'buildings') return `校舍 ${(item as BuildingSummary).name}`;
  if (kind === 'emergency-plans') return (item as PlanSummary).title;
  if (kind === 'drills') return (item as DrillSummary).title;
  return `食堂从业人员 ${(item as CanteenStaffSummary).name}`;
};

/** One record of the site registries: its facts, and the hazards it opened (a D-grade building in use, a lapsed health certificate). */
export default function SiteDetailPage() {
  const params = useParams();
  const kind = (KINDS.includes(params.kind as SiteKind) ? params.kind : 'buildings') as SiteKind;
  const q = useSiteRecord(kind, params.id);
  const [editing, setEditing] = useState(false);
  const d = q.data;
  const tab = SITE_TABS.find((t) => t.kind === kind)!;
  return (
    <div data-testid="site-detail">
      <BackLink to={siteListPath(kind)}>{tab.label}</BackLink>
      <PageTitle
        title={d ? titleOf(kind, d.item) : tab.label}
        sub={d?.item.schoolName}
        extra={d?.allowedActions.includes('edit') && kind !== 'drills' && <Button type="primary" onClick={() => setEditing(true)} data-testid="site-edit">修改</Button>}
      />
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      {!d && q.isPending && <Skeleton active />}
      {d && (
        <Card size="small">
          <Facts kind={kind} item={d.item} />
        </Card>
      )}
      {d && d.hazards.length > 0 && (
        <Card size="small" title="由本记录登记的隐患" style={{ marginTop: 16 }}>
          <List
            size="small"
            dataSource={d.hazards}
            renderItem={(h) => (
              <List.Item>
                <Space wrap>
                  <Link to={`/hazards/${h.hazardId}`} data-testid="site-hazard">{h.title}</Link>
                  <Tag>{HAZARD_STATE_LABELS[h.state as HazardState] ?? h.state}</Tag>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      {d && kind !== 'drills' && (
        <SiteFormDrawer kind={kind} open={editing} record={d.item as BuildingSummary | PlanSummary | CanteenStaffSummary} schoolId={d.item.schoolId} onClose={() => setEditing(false)} onSaved={() => { setEditing(false); void q.refetch(); }} />
      )}
    </div>
  );
}
