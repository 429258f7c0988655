import { lazy, Suspense, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { App, Avatar, Button, Drawer, Dropdown, Layout, Menu, Space, Tag } from 'antd';
import type { MenuProps } from 'antd';
import { CameraOutlined, DownOutlined, KeyOutlined, LogoutOutlined, MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined, SafetyCertificateFilled, SafetyOutlined } from '@ant-design/icons';
import { can } from '@xiaoan/domain';
import { useMe } from '../auth/session';
import { logout as signOut } from '../api/auth';
import { useIsMobile } from '../lib/useIsMobile';
import { FullPageSpin } from '../components/FullPageSpin';
import { navFor, selectedKeyFor, type NavEntry } from './nav';
import { NotificationBell } from './NotificationBell';

const { Header, Sider, Content } = Layout;

// Loaded when first opened: its form is not needed to show the shell.
const ChangePasswordModal = lazy(() => import('../components/ChangePasswordModal'));

const ellipsis = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;

function toMenuItems(entries: NavEntry[]): MenuProps['items'] {
  return entries.map((e) =>
    'children' in e
      ? { key: e.key, label: e.label, icon: e.icon, children: e.children.map((c) => ({ key: c.key, label: c.label, icon: c.icon })) }
      : { key: e.key, label: e.label, icon: e.icon },
  );
}

function Brand({ compact }: { compact?: boolean }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 }}>
      <SafetyCertificateFilled style={{ fontSize: 24, color: '#1677ff' }} aria-hidden />
      {!compact && (
        <span style={{ fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>校安</span>
      )}
    </div>
  );
}

export function AppLayout() {
  const me = useMe();
  const isMobile = useIsMobile();
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [pwOpen, setPwOpen] = useState(false);
  const [pwLoaded, setPwLoaded] = useState(false);

  const entries = useMemo(() => navFor(me, isMobile), [me, isMobile]);
  const items = useMemo(() => toMenuItems(entries), [entries]);
  const selected = selectedKeyFor(entries, location.pathname);

  const go: MenuProps['onClick'] = ({ key }) => {
    setDrawerOpen(false);
    void navigate(key);
  };

  const logout = async () => {
    await signOut();
    qc.clear();
    message.success('已退出登录');
    void navigate('/login', { replace: true });
  };

  const userMenu: MenuProps = {
    items: [
      {
        key: 'who',
        disabled: true,
        label: (
          <div style={{ maxWidth: 260 }}>
            <div style={{ color: 'rgba(0,0,0,0.88)', fontWeight: 500 }}>{me.displayName}</div>
            <div style={{ fontSize: 12 }} className="xa-wrap">
              {me.roleLabel} · {me.unit.name}
              {me.department ? ` · ${me.department.name}` : ''}
            </div>
          </div>
        ),
      },
      { type: 'divider' },
      { key: 'security', icon: <SafetyOutlined />, label: <span data-testid="account-security-link">账号安全</span> },
      { key: 'password', icon: <KeyOutlined />, label: <span data-testid="change-password">修改密码</span> },
      { key: 'logout', icon: <LogoutOutlined />, danger: true, label: <span data-testid="logout">退出登录</span> },
    ],
    onClick: ({ key }) => {
      if (key === 'password') {
        setPwLoaded(true);
        setPwOpen(true);
      }
      if (key === 'security') void navigate('/account/security');
      if (key === 'logout') void logout();
    },
  };

  const menu = (
    <nav aria-label="主菜单">
      <Menu
        theme="dark"
        mode="inline"
        items={items}
        selectedKeys={[selected]}
        defaultOpenKeys={['org']}
        onClick={go}
        style={{ borderInlineEnd: 0 }}
      />
    </nav>
  );

  const userTrigger = (
    <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
      <Button type="text" data-testid="user-menu" style={{ height: 48, paddingInline: 8, maxWidth: isMobile ? 150 : 420 }}>
        <Space size={8} style={{ minWidth: 0 }}>
          <Avatar size="small" style={{ background: '#1668dc', flex: 'none' }}>
            {me.displayName.length <= 3 ? me.displayName.slice(-2) : me.displayName.slice(0, 1)}
          </Avatar>
          {isMobile ? (
            <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', display: 'inline-block', maxWidth: 80 }}>
              {me.displayName}
            </span>
          ) : (
            <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8, minWidth: 0 }}>
              <span>{me.displayName}</span>
              <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                {me.roleLabel}
              </Tag>
              <span style={{ ...ellipsis, maxWidth: 200, color: 'rgba(0,0,0,0.6)' }}>{me.unit.name}</span>
            </span>
          )}
          <DownOutlined style={{ fontSize: 10 }} />
        </Space>
      </Button>
    </Dropdown>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!isMobile && (
        <Sider
          collapsible
          collapsed={collapsed}
          trigger={null}
          width={216}
          style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        >
          <div style={{ height: 56, display: 'flex', alignItems: 'center', paddingInline: collapsed ? 28 : 20, color: '#fff' }}>
            <Brand compact={collapsed} />
          </div>
          {menu}
        </Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Header
          style={{
            position: 'sticky',
            top: 0,
            zIndex: 10,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            gap: 8,
            height: 56,
            lineHeight: '56px',
            borderBottom: '1px solid #f0f0f0',
            paddingInline: isMobile ? 8 : 16,
          }}
        >
          <Space size={4} style={{ minWidth: 0 }}>
            {isMobile ? (
              <Button type="text" aria-label="打开菜单" icon={<MenuOutlined />} onClick={() => setDrawerOpen(true)} data-testid="nav-toggle" />
            ) : (
              <Button
                type="text"
                aria-label={collapsed ? '展开菜单' : '收起菜单'}
                icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                onClick={() => setCollapsed(!collapsed)}
              />
            )}
            {isMobile ? (
              <Brand />
            ) : (
              <span style={{ fontSize: 16, fontWeight: 600 }}>学校安全专项整治平台</span>
            )}
          </Space>
          <Space size={isMobile ? 0 : 4} style={{ flex: 'none' }}>
            <NotificationBell compact={isMobile} />
            {userTrigger}
          </Space>
        </Header>
        <Content style={{ padding: isMobile ? 12 : 24, minWidth: 0 }}>
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
      {isMobile && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={260}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' }, header: { display: 'none' } }}
        >
          <div style={{ height: 56, display: 'flex', alignItems: 'center', paddingInline: 20, color: '#fff' }}>
            <Brand />
          </div>
          {can(me.role, 'hazard.report') && (
            <div style={{ padding: '4px 16px 12px' }}>
              <Button
                type="primary"
                size="large"
                block
                icon={<CameraOutlined />}
                onClick={() => {
                  setDrawerOpen(false);
                  void navigate('/report');
                }}
                data-testid="nav-report"
              >
                随手报 · 拍照上报隐患
              </Button>
            </div>
          )}
          {menu}
        </Drawer>
      )}
      {pwLoaded && (
        <Suspense fallback={null}>
          <ChangePasswordModal open={pwOpen} onClose={() => setPwOpen(false)} />
        </Suspense>
      )}
    </Layout>
  );
}
