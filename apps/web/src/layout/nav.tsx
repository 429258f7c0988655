import type { ReactNode } from 'react';
import {
  ApartmentOutlined,
  AuditOutlined,
  CarryOutOutlined,
  EnvironmentOutlined,
  FlagOutlined,
  ProjectOutlined,
  HistoryOutlined,
  OrderedListOutlined,
  UnorderedListOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  BankOutlined,
  CameraOutlined,
  CloudUploadOutlined,
  FileExcelOutlined,
  FileSearchOutlined,
  FileDoneOutlined,
  FundOutlined,
  HomeOutlined,
  TeamOutlined,
  UserOutlined,
  UsergroupAddOutlined,
  DashboardOutlined,
  NotificationOutlined,
  CommentOutlined,
  TrophyOutlined,
  HeatMapOutlined,
  AlertOutlined,
  DatabaseOutlined,
} from '@ant-design/icons';
import { can } from '@xiaoan/domain';
import type { Me } from '../api/types';

export type NavLink = { key: string; label: string; icon: ReactNode };
export type NavGroup = { key: string; label: string; icon: ReactNode; children: NavLink[] };
export type NavEntry = NavLink | NavGroup;

const isSchoolSide = (me: Me) => me.unit.kind === 'school' || me.unit.kind === 'campus';

/**
 * The menu of an administrator who does not read the district's safety work (the
 * security and the audit administrator, 三员分立): its own job only.
 */
function adminNav(me: Me): NavEntry[] {
  const entries: NavEntry[] = [{ key: '/', label: '首页', icon: <HomeOutlined /> }];
  if (can(me.role, 'user.update')) entries.push({ key: '/org/users', label: '人员与账号', icon: <UserOutlined /> });
  if (can(me.role, 'audit.read')) entries.push({ key: '/audit', label: '操作日志', icon: <AuditOutlined /> });
  entries.push({ key: '/account/security', label: '账号安全', icon: <SafetyOutlined /> });
  return entries;
}

/** The menu a role sees: only pages its policy lets it open. On a phone 随手报 comes right after 首页. */
export function navFor(me: Me, isMobile = false): NavEntry[] {
  if (!can(me.role, 'hazard.read')) return adminNav(me);
  const org: NavLink[] = [];
  if (can(me.role, 'unit.read')) org.push({ key: '/org/units', label: '组织架构', icon: <ApartmentOutlined /> });
  if (can(me.role, 'unit.read') && !isSchoolSide(me)) org.push({ key: '/org/schools', label: '学校列表', icon: <BankOutlined /> });
  if (can(me.role, 'user.read')) org.push({ key: '/org/users', label: '人员', icon: <UserOutlined /> });
  if (can(me.role, 'supervision_team.read')) org.push({ key: '/org/teams', label: '督查小组', icon: <TeamOutlined /> });
  if (can(me.role, 'department.read') && !isSchoolSide(me)) {
    org.push({ key: '/org/departments', label: '科室与领导小组', icon: <UsergroupAddOutlined /> });
  }
  if (can(me.role, 'unit.import')) org.push({ key: '/org/import', label: '导入学校', icon: <CloudUploadOutlined /> });

  const entries: NavEntry[] = [{ key: '/', label: '首页', icon: <HomeOutlined /> }];
  const report: NavLink | null = can(me.role, 'hazard.report') ? { key: '/report', label: '随手报', icon: <CameraOutlined /> } : null;
  if (report && isMobile) entries.push(report);
  if (can(me.role, 'hazard.read')) entries.push({ key: '/hazards', label: '隐患台账', icon: <FileSearchOutlined /> });
  if (report && !isMobile) entries.push(report);
  if (can(me.role, 'hazard.import')) entries.push({ key: '/hazards/import', label: '导入台账', icon: <FileExcelOutlined /> });
  if (can(me.role, 'measure.read')) entries.push({ key: '/measures', label: '两个清单', icon: <UnorderedListOutlined /> });
  if (can(me.role, 'registry.read')) entries.push({ key: '/registries', label: '安全台账', icon: <DatabaseOutlined /> });
  if (can(me.role, 'risk.read')) entries.push({ key: '/risks', label: '风险清单', icon: <AlertOutlined /> });
  if (can(me.role, 'risk.read') && !isSchoolSide(me)) entries.push({ key: '/risks/distribution', label: '风险分布', icon: <HeatMapOutlined /> });
  const insp: NavLink[] = [];
  if (can(me.role, 'inspection.read')) insp.push({ key: '/inspections', label: isSchoolSide(me) ? '今日待查' : '检查完成情况', icon: <CarryOutOutlined /> });
  if (can(me.role, 'inspection_point.read')) insp.push({ key: '/inspections/points', label: '点位与二维码', icon: <EnvironmentOutlined /> });
  if (can(me.role, 'checklist.read')) insp.push({ key: '/inspections/checklists', label: '检查表', icon: <OrderedListOutlined /> });
  if (can(me.role, 'inspection.read')) insp.push({ key: '/inspections/follow-ups', label: '回头看', icon: <HistoryOutlined /> });
  if (can(me.role, 'supervision_visit.read') && !isSchoolSide(me)) insp.push({ key: '/supervision', label: '督查', icon: <FlagOutlined /> });
  if (can(me.role, 'campaign.read')) entries.push({ key: '/campaigns', label: '专项整治', icon: <ProjectOutlined /> });
  if (can(me.role, 'report.draft') && (isSchoolSide(me) || me.role === 'team_member')) entries.push({ key: '/reports', label: '我的报送', icon: <FileDoneOutlined /> });
  if (can(me.role, 'report.export') && !isSchoolSide(me)) entries.push({ key: '/reports/manage', label: '报送管理', icon: <FundOutlined /> });
  if (can(me.role, 'dashboard.read')) entries.splice(1, 0, { key: '/dashboard', label: '驾驶舱', icon: <DashboardOutlined /> });
  const duty: NavLink[] = [];
  if (can(me.role, 'notice.read')) duty.push({ key: '/notices', label: '通报', icon: <NotificationOutlined /> });
  if (can(me.role, 'talk.read')) duty.push({ key: '/talks', label: '约谈', icon: <CommentOutlined /> });
  if (can(me.role, 'assessment.read')) duty.push({ key: '/assessment', label: isSchoolSide(me) ? '考核与自评' : '年度考核', icon: <TrophyOutlined /> });
  if (duty.length) entries.push({ key: 'accountability', label: '督导问责', icon: <AuditOutlined />, children: duty });
  if (insp.length) entries.push({ key: 'inspections', label: '排查检查', icon: <SafetyCertificateOutlined />, children: insp });
  if (org.length) entries.push({ key: 'org', label: '组织管理', icon: <ApartmentOutlined />, children: org });
  if (can(me.role, 'audit.read')) entries.push({ key: '/audit', label: '操作日志', icon: <AuditOutlined /> });
  return entries;
}

/** The menu key to highlight for a path: the longest nav key that prefixes it. */
export function selectedKeyFor(entries: NavEntry[], pathname: string): string {
  const keys = entries.flatMap((e) => ('children' in e ? e.children.map((c) => c.key) : [e.key]));
  let best = '/';
  for (const k of keys) if (k !== '/' && (pathname === k || pathname.startsWith(`${k}/`)) && k.length > best.length) best = k;
  return best;
}
