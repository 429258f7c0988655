import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Popconfirm, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { assignableRoles, can, isRole, mayManageAccount, ROLE_LABELS, ROLES, SECOND_FACTOR_ROLES } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { ApiError, errorMessage } from '../../api/client';
import { keys } from '../../api/keys';
import { userApi, useUserPage } from '../../api/org';
import { useDepartments } from '../../api/queries';
import type { User } from '../../api/types';
import { PageTitle, Placeholder, FilterSelect, StatusFilter, StatusTag, dash } from '../../components/common';
import { ResponsiveList } from '../../components/ResponsiveList';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { ResetPasswordModal } from '../../components/ResetPasswordModal';
import { UserFormDrawer, type UserFormTarget } from '../../components/UserFormDrawer';
import { useUrlState } from '../../lib/useUrlState';
import { timeOfDay } from '../../lib/format';

const FILTERS = ['unitId', 'role', 'departmentId', 'status', 'q'] as const;

function LoginInfo({ u }: { u: User }) {
  const locked = u.lockedUntil && dayjs(u.lockedUntil).isAfter(dayjs());
  return (
    <Space size={4} wrap>
      {u.username ? <Typography.Text code>{u.username}</Typography.Text> : <Tag>未开通登录</Tag>}
      {locked && <Tag color="red">锁定至 {timeOfDay(u.lockedUntil)}</Tag>}
    </Space>
  );
}

/** The account's security state: a password still to be changed, the second factor. */
function SecurityTags({ u }: { u: User }) {
  if (!u.hasLogin) return null;
  const required = SECOND_FACTOR_ROLES.includes(u.role);
  return (
    <Space size={4} wrap>
      {u.mustChangePassword && (
        <Tag color="orange" data-testid="tag-must-change-password">
          须改密
        </Tag>
      )}
      {u.secondFactorEnabled ? (
        <Tag color="green" data-testid="tag-second-factor">
          动态验证码
        </Tag>
      ) : required ? (
        <Tag color="gold" title="该角色必须使用动态验证码：下次登录时须先绑定">
          待绑定动态验证码
        </Tag>
      ) : null}
    </Space>
  );
}

export default function UsersPage() {
  const me = useMe();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { values: f, page, pageSize, set } = useUrlState(FILTERS);
  const [qInput, setQInput] = useState(f.q ?? '');
  useEffect(() => setQInput(f.q ?? ''), [f.q]);
  const [formTarget, setFormTarget] = useState<UserFormTarget | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [resetTarget, setResetTarget] = useState<User | null>(null);
  const departments = useDepartments(me.unit.kind === 'bureau' || me.unit.kind === 'area');
  // The URL may say anything: an unknown role or status is left out rather than sent and refused.
  const query = { ...f, role: isRole(f.role) ? f.role : undefined, status: f.status === 'active' || f.status === 'disabled' ? (f.status as User['status']) : undefined, page, pageSize };
  const users = useUserPage(query);

  const mayCreate = can(me.role, 'user.create') && assignableRoles(me.role).length > 0;
  // Only accounts strictly below one's own role, never one's own (that is 账号安全).
  const mayEdit = (u: User) => mayManageAccount({ role: me.role, userId: me.id }, u);

  const toggle = async (u: User) => {
    setBusyId(u.id);
    try {
      await userApi.update(u.id, { version: u.version, status: u.status === 'active' ? 'disabled' : 'active' });
      message.success(u.status === 'active' ? `已停用“${u.displayName}”，其登录已失效` : `已启用“${u.displayName}”`);
    } catch (e) {
      message.error(e instanceof ApiError && e.isStale ? '该人员信息已被他人修改，已刷新，请重试' : errorMessage(e));
    } finally {
      setBusyId(null);
      await qc.invalidateQueries({ queryKey: keys.users.all });
    }
  };

  const resetSecondFactor = async (u: User) => {
    setBusyId(u.id);
    try {
      await userApi.update(u.id, { version: u.version, resetSecondFactor: true });
      message.success(`已解除“${u.displayName}”的动态验证码，TA 的登录已失效`);
    } catch (e) {
      message.error(e instanceof ApiError && e.isStale ? '该人员信息已被他人修改，已刷新，请重试' : errorMessage(e));
    } finally {
      setBusyId(null);
      await qc.invalidateQueries({ queryKey: keys.users.all });
    }
  };

  const actions = (u: User) =>
    mayEdit(u) ? (
      <Space size={0} wrap>
        <Button type="link" size="small" onClick={() => setFormTarget({ mode: 'edit', user: u })}>
          编辑
        </Button>
        {u.hasLogin && u.username && (
          <Button type="link" size="small" onClick={() => setResetTarget(u)} data-testid="user-reset-password">
            重置密码
          </Button>
        )}
        {u.secondFactorEnabled && (
          <Popconfirm
            title={`解除“${u.displayName}”的动态验证码？`}
            description={
              <div style={{ maxWidth: 280 }}>
                用于手机丢失或更换。TA 当前的登录立即失效，恢复码全部作废；
                {SECOND_FACTOR_ROLES.includes(u.role) ? `${ROLE_LABELS[u.role]}必须使用动态验证码，TA 下次登录时须重新绑定。` : 'TA 之后可在“账号安全”中重新绑定。'}
              </div>
            }
            okText="解除"
            okButtonProps={{ danger: true }}
            onConfirm={() => resetSecondFactor(u)}
          >
            <Button type="link" size="small" danger loading={busyId === u.id} data-testid="user-reset-second-factor">
              解除动态验证码
            </Button>
          </Popconfirm>
        )}
        {u.id !== me.id && (
          <Popconfirm
            title={u.status === 'active' ? `停用“${u.displayName}”？` : `启用“${u.displayName}”？`}
            description={u.status === 'active' ? '停用后该人员不能再登录，已有登录立即失效。' : undefined}
            okText={u.status === 'active' ? '停用' : '启用'}
            okButtonProps={{ danger: u.status === 'active' }}
            onConfirm={() => toggle(u)}
          >
            <Button type="link" size="small" danger={u.status === 'active'} loading={busyId === u.id}>
              {u.status === 'active' ? '停用' : '启用'}
            </Button>
          </Popconfirm>
        )}
      </Space>
    ) : null;

  const columns: TableColumnsType<User> = [
    {
      title: '姓名',
      dataIndex: 'displayName',
      fixed: 'left',
      width: 200,
      render: (n: string, u) => (
        <div>
          <div>{n}</div>
          {u.title && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {u.title}
            </Typography.Text>
          )}
        </div>
      ),
    },
    { title: '登录账号', key: 'login', width: 160, render: (_, u) => <LoginInfo u={u} /> },
    { title: '账号安全', key: 'security', width: 170, render: (_, u) => <SecurityTags u={u} /> },
    { title: '角色', dataIndex: 'role', width: 120, render: (r: User['role']) => ROLE_LABELS[r] },
    { title: '单位', dataIndex: ['unit', 'name'], width: 180 },
    { title: '科室', dataIndex: ['department', 'name'], width: 160, render: dash },
    { title: '电话', dataIndex: 'phone', width: 130, render: dash },
    { title: '状态', dataIndex: 'status', width: 80, render: (s: User['status']) => <StatusTag status={s} /> },
  ];
  // Read-only roles (局领导, 督查组成员) get no empty action column.
  if (can(me.role, 'user.update')) columns.push({ title: '操作', key: 'actions', width: 190, fixed: 'right', render: (_, u) => actions(u) });

  const total = users.data?.total ?? 0;
  const empty = <Placeholder text={Object.values(f).some(Boolean) ? '没有符合条件的人员' : '还没有登记人员'} />;

  return (
    <div>
      <PageTitle
        title={can(me.role, 'hazard.read') ? '人员' : '人员与账号'}
        sub={can(me.role, 'user.update') ? '账号、角色与所属单位；重置密码和解除动态验证码' : '账号、角色与所属单位'}
        extra={
          mayCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormTarget({ mode: 'create' })} data-testid="user-add">
              添加人员
            </Button>
          )
        }
      />
      <ResponsiveList
        rows={users.data?.items ?? []}
        columns={columns}
        loading={users.isFetching}
        error={users.isError ? users.error : undefined}
        onRetry={() => void users.refetch()}
        empty={users.isPending ? ' ' : empty}
        paging={{ page, pageSize, total, set }}
        unit="人"
        rowTestId="user-row"
        table={{ scroll: { x: 1400 } }}
        filters={
          <>
            <Input.Search
              className="xa-filter-wide"
              allowClear
              placeholder="姓名、用户名或电话"
              aria-label="搜索姓名、用户名或电话"
              value={qInput}
              onChange={(e) => setQInput(e.target.value)}
              onSearch={(v) => set({ q: v.trim() })}
              style={{ width: 220 }}
            />
            <UnitTreeSelect value={f.unitId} onChange={(v) => set({ unitId: v })} allowClear placeholder="单位" includeDisabled style={{ width: 200 }} />
            <FilterSelect label="角色" value={f.role} onChange={(v) => set({ role: v })} options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} width={150} />
            {(me.unit.kind === 'bureau' || me.unit.kind === 'area') && (
              <FilterSelect
                label="科室"
                value={f.departmentId}
                onChange={(v) => set({ departmentId: v })}
                loading={departments.isPending}
                options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
                width={190}
                search
              />
            )}
            <StatusFilter value={f.status} onChange={(v) => set({ status: v })} />
          </>
        }
        card={(u) => (
          <>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
              <div style={{ minWidth: 0 }}>
                <Typography.Text strong>{u.displayName}</Typography.Text>
                {u.title && <Typography.Text type="secondary"> · {u.title}</Typography.Text>}
                <div className="xa-wrap" style={{ fontSize: 13, color: 'rgba(0,0,0,0.6)', marginTop: 4 }}>
                  {ROLE_LABELS[u.role]} · {u.unit.name}
                  {u.department ? ` · ${u.department.name}` : ''}
                </div>
              </div>
              <StatusTag status={u.status} />
            </div>
            <div style={{ marginTop: 6, display: 'flex', justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap', gap: 4 }}>
              <Space size={4} wrap>
                <LoginInfo u={u} />
                <SecurityTags u={u} />
              </Space>
              {actions(u)}
            </div>
          </>
        )}
      />
      <UserFormDrawer target={formTarget} onClose={() => setFormTarget(null)} />
      <ResetPasswordModal user={resetTarget} onClose={() => setResetTarget(null)} />
    </div>
  );
}
