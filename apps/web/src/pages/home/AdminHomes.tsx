import { Link, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, List, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import {
  ApartmentOutlined,
  AuditOutlined,
  CloudUploadOutlined,
  EnvironmentOutlined,
  OrderedListOutlined,
  TeamOutlined,
  UserOutlined,
  UsergroupAddOutlined,
} from '@ant-design/icons';
import dayjs from 'dayjs';
import { can, isRole, ROLE_LABELS } from '@xiaoan/domain';
import { useAuditEvents, verifyAuditLog } from '../../api/audit';
import { keys } from '../../api/keys';
import { useHomeSummary, type HomeAccounts } from '../../api/home';
import type { Me } from '../../api/types';
import { Placeholder, QueryError } from '../../components/common';
import { auditEventLabel } from '../../lib/labels';
import { VerifyResult } from '../AuditPage';
import { AreaCountCard, OrgStatRow, TeamCountCard, useOrgStats } from './OrgSummary';
import { dateTimeSeconds } from '../../lib/format';

function Duty({ children }: { children: ReactNode }) {
  return <Alert type="info" showIcon style={{ marginBottom: 16 }} title="三员分立" description={children} />;
}

function Stat({ title, value, suffix, loading, warn, testId }: { title: string; value: number; suffix: string; loading: boolean; warn?: boolean; testId?: string }) {
  return (
    <Card size="small" data-testid={testId}>
      <Statistic title={title} value={value} suffix={suffix} loading={loading} styles={warn && value > 0 ? { content: { color: '#d4380d' } } : undefined} />
    </Card>
  );
}

const NO_ACCOUNTS: HomeAccounts = { total: 0, disabled: 0, locked: 0, mustChangePassword: 0, withSecondFactor: 0, missingSecondFactor: 0, missingSecondFactorUsers: [], perRole: [] };

/** 安全管理员: the state of the accounts it looks after (counted by the server, one request). */
export function SecurityAdminHome() {
  const summary = useHomeSummary();
  const s = summary.data?.accounts ?? NO_ACCOUNTS;
  const loading = summary.isPending;
  return (
    <>
      <Duty>
        您负责账号、角色、密码重置和动态验证码的解除。单位、导入等系统设置由系统管理员负责；操作日志由审计管理员查阅和核验。您的操作同样记入操作日志。
      </Duty>
      {summary.isError && <QueryError error={summary.error} onRetry={() => void summary.refetch()} />}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={8} xl={4}>
          <Stat title="登录账号" value={s.total} suffix="个" loading={loading} testId="sec-stat-accounts" />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Stat title="已停用" value={s.disabled} suffix="个" loading={loading} />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Stat title="登录锁定中" value={s.locked} suffix="个" loading={loading} warn testId="sec-stat-locked" />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Stat title="待本人修改密码" value={s.mustChangePassword} suffix="个" loading={loading} warn testId="sec-stat-must-change" />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Stat title="须绑定而未绑定动态验证码" value={s.missingSecondFactor} suffix="个" loading={loading} warn testId="sec-stat-missing-factor" />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Stat title="已绑定动态验证码" value={s.withSecondFactor} suffix="个" loading={loading} />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title="各角色的登录账号（启用）" extra={<Link to="/org/users">人员与账号</Link>} style={{ height: '100%' }}>
            <List
              loading={loading}
              dataSource={s.perRole}
              locale={{ emptyText: <Placeholder text="还没有登录账号" /> }}
              renderItem={(r) => (
                <List.Item extra={<Typography.Text strong>{r.count} 个</Typography.Text>}>
                  <Link to={`/org/users?role=${r.role}`}>{ROLE_LABELS[r.role]}</Link>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="须绑定动态验证码、尚未绑定的账号" style={{ height: '100%' }}>
            <Typography.Paragraph type="secondary">系统管理员、安全管理员、审计管理员和局领导必须使用动态验证码；他们下次登录时会被要求先绑定。</Typography.Paragraph>
            <List
              loading={loading}
              dataSource={s.missingSecondFactorUsers}
              locale={{ emptyText: <Placeholder text="都已绑定" /> }}
              renderItem={(u) => (
                <List.Item extra={<Tag>{ROLE_LABELS[u.role]}</Tag>}>
                  <span className="xa-wrap">
                    {u.displayName}（{u.username}）
                  </span>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}

/** 审计管理员: is the trail intact, and what happened lately. */
export function AuditAdminHome() {
  const verify = useQuery({ queryKey: keys.audit.verify(), queryFn: ({ signal }) => verifyAuditLog(signal), staleTime: Infinity, retry: false });
  const latest = useAuditEvents({ page: 1, pageSize: 10 });
  return (
    <>
      <Duty>您负责查阅、导出和核验操作日志，不能修改任何数据或账号。账号由安全管理员管理，系统设置由系统管理员负责。</Duty>
      <Card
        title="日志完整性"
        style={{ marginBottom: 16 }}
        extra={
          <Button size="small" loading={verify.isFetching} onClick={() => void verify.refetch()} data-testid="home-audit-verify">
            重新核验
          </Button>
        }
      >
        {verify.isPending ? (
          <Skeleton active paragraph={{ rows: 1 }} />
        ) : verify.isError ? (
          <QueryError error={verify.error} onRetry={() => void verify.refetch()} style={{ marginBottom: 0 }} />
        ) : (
          <VerifyResult result={verify.data} />
        )}
      </Card>
      <Card title="最新操作" extra={<Link to="/audit">全部操作日志</Link>}>
        {latest.isError && <QueryError error={latest.error} onRetry={() => void latest.refetch()} />}
        <List
          loading={latest.isPending}
          dataSource={latest.data?.items ?? []}
          locale={{ emptyText: <Placeholder text="暂无操作日志" /> }}
          renderItem={(e) => (
            <List.Item data-testid="home-audit-item" extra={<Typography.Text type="secondary">{dateTimeSeconds(e.at)}</Typography.Text>}>
              <span className="xa-wrap">
                <Tag title={e.action}>{auditEventLabel(e)}</Tag>
                {e.actor?.displayName ?? '系统或未登录'}
                {e.actorRole && <Typography.Text type="secondary"> · {isRole(e.actorRole) ? ROLE_LABELS[e.actorRole] : e.actorRole}</Typography.Text>}
              </span>
            </List.Item>
          )}
        />
      </Card>
    </>
  );
}

type Shortcut = { to: string; label: string; icon: ReactNode; show: boolean };

/** 系统管理员: the organisation and the settings it keeps, not the hazard work. */
export function SystemAdminHome({ me }: { me: Me }) {
  const { stats, summary, loading } = useOrgStats();
  const navigate = useNavigate();
  const role = me.role;
  const shortcuts: Shortcut[] = [
    { to: '/org/units', label: '组织架构', icon: <ApartmentOutlined />, show: can(role, 'unit.update') },
    { to: '/org/import', label: '导入学校', icon: <CloudUploadOutlined />, show: can(role, 'unit.import') },
    { to: '/org/departments', label: '科室与领导小组', icon: <UsergroupAddOutlined />, show: can(role, 'department.manage') },
    { to: '/org/teams', label: '督查小组', icon: <TeamOutlined />, show: can(role, 'supervision_team.manage') },
    { to: '/inspections/checklists', label: '检查表', icon: <OrderedListOutlined />, show: can(role, 'checklist.manage') },
    { to: '/inspections/points', label: '点位与二维码', icon: <EnvironmentOutlined />, show: can(role, 'inspection_point.manage') },
    { to: '/org/users', label: '人员（只读）', icon: <UserOutlined />, show: can(role, 'user.read') && !can(role, 'user.update') },
    { to: '/audit', label: '操作日志', icon: <AuditOutlined />, show: can(role, 'audit.read') },
  ];
  return (
    <>
      <Duty>您负责单位、片区、学校导入、科室、督查小组、检查表和点位等系统设置。账号和密码由安全管理员管理；操作日志由审计管理员查阅和核验。</Duty>
      {summary.isError && <QueryError error={summary.error} onRetry={() => void summary.refetch()} />}
      <Card title="常用设置" style={{ marginBottom: 16 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
          {shortcuts
            .filter((s) => s.show)
            .map((s) => (
              <Button key={s.to} icon={s.icon} onClick={() => void navigate(s.to)}>
                {s.label}
              </Button>
            ))}
        </div>
      </Card>
      <OrgStatRow stats={stats} loading={loading} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <AreaCountCard stats={stats} loading={loading} />
        </Col>
        <Col xs={24} lg={12}>
          <TeamCountCard stats={stats} loading={loading} />
        </Col>
      </Row>
    </>
  );
}
