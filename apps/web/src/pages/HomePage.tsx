import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Card, Col, Descriptions, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { can, SCHOOL_KIND_LABELS } from '@xiaoan/domain';
import { useMe } from '../auth/session';
import { HazardShortList, ledgerLink, OPEN } from '../components/hazard/HazardHome';
import { useIsMobile } from '../lib/useIsMobile';
import type { HazardFilter } from '../api/hazards';
import { useDashboard } from '../api/dashboard';
import { useUnit } from '../api/queries';
import type { Me } from '../api/types';
import { QueryError, dash } from '../components/common';
import { MyTasksCard } from './campaigns/MyTasksCard';
import { DashboardView } from './dashboard/DashboardView';
import { AuditAdminHome, SecurityAdminHome, SystemAdminHome } from './home/AdminHomes';
import { HazardFigures, type FigureDef } from './home/HazardFigures';
import { PlannedVisitsCard, ReviewQueueCard } from './home/OfficeWork';
import { RiskReviewCountCard } from './home/OfficeWork';
import { ReportsDueCard, SchoolNoticesCard, TodayChecksCard } from './home/SchoolWork';
import { MeasuresOverdueCard, RisksDueCard } from './home/SchoolWork';

function greeting(): string {
  const h = new Date().getHours();
  if (h < 6) return '凌晨好';
  if (h < 11) return '上午好';
  if (h < 13) return '中午好';
  if (h < 18) return '下午好';
  return '晚上好';
}

function Welcome({ me }: { me: Me }) {
  return (
    <Card style={{ marginBottom: 16 }}>
      <Typography.Title level={1} style={{ marginTop: 0, fontSize: 20 }}>
        {greeting()}，{me.displayName}
      </Typography.Title>
      <Space wrap size={[8, 4]}>
        <Tag color="blue">{me.roleLabel}</Tag>
        <Typography.Text className="xa-wrap">{me.unit.name}</Typography.Text>
        {me.department && <Typography.Text type="secondary">{me.department.name}</Typography.Text>}
      </Space>
      <div style={{ marginTop: 12 }}>
        <Typography.Text type="secondary">您的工作范围：</Typography.Text>
        <Typography.Text strong data-testid="home-scope" className="xa-wrap">
          {me.scope.description}
        </Typography.Text>
      </div>
    </Card>
  );
}

// The figures every home page draws from the one summary request, each with the ledger filter it opens.
const FIGURE = {
  all: { key: 'all', title: '隐患总数', value: (h) => h.total, filter: {} },
  open: { key: 'open', title: '未销号', value: (h) => h.open, filter: { state: OPEN } },
  reported: { key: 'reported', title: '待登记', value: (h) => h.byState.reported, filter: { state: ['reported'] } },
  registered: { key: 'registered', title: '已登记待整改', value: (h) => h.byState.registered, filter: { state: ['registered'] } },
  rectifying: { key: 'rectifying', title: '整改中', value: (h) => h.byState.rectifying, filter: { state: ['rectifying'] } },
  pending: { key: 'pending', title: '待验收', value: (h) => h.byState.pending_verification, filter: { state: ['pending_verification'] } },
  overdue: { key: 'overdue', title: '逾期未销号', value: (h) => h.overdue, filter: { state: OPEN, overdue: true }, danger: true },
  listed: { key: 'listed', title: '挂牌督办', value: (h) => h.listed, filter: { state: OPEN, listed: true }, danger: true },
  closed: { key: 'closed', title: '已销号', value: (h) => h.byState.closed, filter: { state: ['closed'] } },
} satisfies Record<string, FigureDef>;

const SCHOOL_STATS: FigureDef[] = [FIGURE.reported, FIGURE.registered, FIGURE.rectifying, FIGURE.pending, FIGURE.overdue, FIGURE.listed];

/** The most urgent open hazards: earliest due date first (overdue ones lead), then those awaiting registration. */
const URGENT: HazardFilter = { state: OPEN, sort: 'dueDate', order: 'asc' };

function ReportFab() {
  const navigate = useNavigate();
  return (
    <Button
      type="primary"
      shape="round"
      size="large"
      icon={<CameraOutlined />}
      onClick={() => void navigate('/report')}
      className="xa-fab"
      data-testid="report-fab"
    >
      随手报
    </Button>
  );
}

function SchoolHome({ me }: { me: Me }) {
  const unit = useUnit(me.unit.id);
  const isMobile = useIsMobile();
  const u = unit.data;
  return (
    <>
      <HazardFigures defs={SCHOOL_STATS} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <TodayChecksCard me={me} />
        </Col>
        <Col xs={24} xl={14}>
          <Card title="待本校处理的隐患" extra={<Link to={ledgerLink(URGENT)}>隐患台账</Link>} style={{ height: '100%' }} data-testid="home-urgent-hazards">
            <HazardShortList filter={URGENT} empty="本校没有未销号的隐患" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <ReportsDueCard />
        </Col>
        <Col xs={24} xl={12}>
          <SchoolNoticesCard />
        </Col>
        <Col xs={24} xl={12}>
          <RisksDueCard />
        </Col>
        <Col xs={24} xl={12}>
          <MeasuresOverdueCard />
        </Col>
        <Col xs={24}>
          <Card title="本校信息" style={{ height: '100%' }}>
            {unit.isError && <QueryError error={unit.error} onRetry={() => void unit.refetch()} />}
            {unit.isPending ? (
              <Skeleton active />
            ) : u ? (
              <Descriptions size="small" column={{ xs: 1, sm: 2, xl: 4 }}>
                <Descriptions.Item label="名称">{u.name}</Descriptions.Item>
                <Descriptions.Item label="类别">{dash(u.schoolKind && SCHOOL_KIND_LABELS[u.schoolKind])}</Descriptions.Item>
                <Descriptions.Item label="片区">{dash(u.areaName)}</Descriptions.Item>
                <Descriptions.Item label="督查小组">{u.teams.length ? u.teams.map((t) => t.name).join('、') : dash(null)}</Descriptions.Item>
                <Descriptions.Item label="校长">{dash(u.principal)}</Descriptions.Item>
                <Descriptions.Item label="安全管理员">{dash(u.safetyOfficer)}</Descriptions.Item>
                <Descriptions.Item label="联系电话">{dash(u.phone)}</Descriptions.Item>
                <Descriptions.Item label="在校人数">{dash(u.enrolment)}</Descriptions.Item>
              </Descriptions>
            ) : null}
          </Card>
        </Col>
      </Row>
      {isMobile && can(me.role, 'hazard.report') && (
        <>
          {/* Room at the end of the page, so the floating button covers nothing. */}
          <div style={{ height: 72 }} />
          <ReportFab />
        </>
      )}
    </>
  );
}

const PENDING_VERIFICATION: HazardFilter = { state: ['pending_verification'], sort: 'dueDate', order: 'asc' };

/** The picture of the caller's scope (the dashboard's compact form), with the way into the full one. */
function ScopePicture({ title, byToggle }: { title: string; byToggle?: boolean }) {
  const [by, setBy] = useState<'area' | 'team'>('area');
  const q = useDashboard(byToggle ? { by } : {});
  const me = useMe();
  return (
    <section aria-labelledby="home-picture" style={{ marginBottom: 16 }}>
      <div className="xa-page-title" style={{ marginBottom: 8 }}>
        <Typography.Title level={2} id="home-picture" style={{ fontSize: 16, margin: 0 }}>
          {title}
        </Typography.Title>
        <Link to={byToggle && by === 'team' ? '/dashboard?by=team' : '/dashboard'} data-testid="home-open-dashboard">
          打开驾驶舱
        </Link>
      </div>
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      <DashboardView data={q.data} loading={q.isPending} filters={{}} schoolSide={me.unit.kind === 'school' || me.unit.kind === 'campus'} onBy={byToggle ? setBy : undefined} compact />
    </section>
  );
}

function TeamHome() {
  return (
    <>
      <ScopePicture title="本组负责学校的情况" />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <PlannedVisitsCard />
        </Col>
        <Col xs={24} lg={12}>
          <RiskReviewCountCard />
        </Col>
        <Col xs={24} lg={12}>
          <Card title="待验收的整改" extra={<Link to={ledgerLink(PENDING_VERIFICATION)}>全部</Link>} style={{ height: '100%' }} data-testid="home-pending-verification">
            <HazardShortList filter={PENDING_VERIFICATION} showSchool empty="负责学校暂无提交验收的整改" />
          </Card>
        </Col>
      </Row>
    </>
  );
}

const OVERDUE_FIRST: HazardFilter = { overdue: true, sort: 'dueDate', order: 'asc' };
const LISTED: HazardFilter = { state: OPEN, listed: true, sort: 'dueDate', order: 'asc' };

function BureauHome({ me }: { me: Me }) {
  const reviews = can(me.role, 'report.review');
  return (
    <>
      <ScopePicture title="全区情况" byToggle />
      <Row gutter={[16, 16]}>
        {reviews && (
          <Col xs={24} xl={8}>
            <ReviewQueueCard />
          </Col>
        )}
        <Col xs={24} xl={reviews ? 8 : 12}>
          <Card title="逾期最久的隐患" extra={<Link to={ledgerLink(OVERDUE_FIRST)}>全部逾期隐患</Link>} style={{ height: '100%' }} data-testid="home-overdue-hazards">
            <HazardShortList filter={OVERDUE_FIRST} showSchool empty="没有逾期未销号的隐患" />
          </Card>
        </Col>
        <Col xs={24} xl={reviews ? 8 : 12}>
          <Card title="挂牌督办的隐患" extra={<Link to={ledgerLink(LISTED)}>全部挂牌督办</Link>} style={{ height: '100%' }} data-testid="home-listed-hazards">
            <HazardShortList filter={LISTED} showSchool empty="没有挂牌督办中的隐患" />
          </Card>
        </Col>
      </Row>
    </>
  );
}

/** What the home page shows below the welcome: each role's own work. */
function RoleHome({ me }: { me: Me }) {
  switch (me.role) {
    case 'security_admin':
      return <SecurityAdminHome />;
    case 'audit_admin':
      return <AuditAdminHome />;
    case 'system_admin':
      return <SystemAdminHome me={me} />;
    case 'school_admin':
    case 'school_staff':
      return <SchoolHome me={me} />;
    case 'team_member':
      return <TeamHome />;
    case 'bureau_leader':
    case 'bureau_staff':
      return <BureauHome me={me} />;
  }
}

export default function HomePage() {
  const me = useMe();
  const schoolSide = me.role === 'school_admin' || me.role === 'school_staff';
  return (
    <div>
      <Welcome me={me} />
      {me.department && <MyTasksCard title="本科室牵头和配合的任务" />}
      {schoolSide && <MyTasksCard title="本校的专项整治任务" />}
      <RoleHome me={me} />
    </div>
  );
}
