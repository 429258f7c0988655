import { useEffect, useMemo } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Form, Input, Select, Space } from 'antd';
import { assignableRoles, BUREAU_ROLES, ROLE_LABELS, type Role } from '@xiaoan/domain';
import { errorMessage } from '../api/client';
import { keys } from '../api/keys';
import { userApi } from '../api/org';
import { useAllUnits, useDepartments } from '../api/queries';
import type { CreateUserBody, UpdateUserBody, User } from '../api/types';
import { useMe } from '../auth/session';
import { PASSWORD_HINT, blankToNull, passwordRule } from '../lib/forms';
import { useIsMobile } from '../lib/useIsMobile';
import { useVersionedSave } from '../lib/useVersionedSave';
import { UnitTreeSelect } from './UnitTreeSelect';

type Values = {
  displayName: string;
  username?: string | null;
  title?: string | null;
  phone?: string | null;
  role: Role;
  unitId: string;
  departmentId?: string | null;
  password?: string | null;
};

const BUREAU_KINDS = ['bureau', 'area'] as const;
const SCHOOL_KINDS = ['school', 'campus'] as const;
const unitKindsFor = (role: Role | undefined) => (role && BUREAU_ROLES.includes(role) ? BUREAU_KINDS : SCHOOL_KINDS);

export type UserFormTarget = { mode: 'create' } | { mode: 'edit'; user: User };

function initial(t: UserFormTarget, defaults: Partial<Values>): Partial<Values> {
  if (t.mode === 'create') return defaults;
  const u = t.user;
  return {
    displayName: u.displayName,
    username: u.username,
    title: u.title,
    phone: u.phone,
    role: u.role,
    unitId: u.unit.id,
    departmentId: u.department?.id ?? null,
    password: undefined,
  };
}

/** Adds a person or edits one: role limited to what the caller may assign, unit to what fits the role. */
export function UserFormDrawer({ target, onClose }: { target: UserFormTarget | null; onClose: () => void }) {
  const me = useMe();
  const isMobile = useIsMobile();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const role = Form.useWatch('role', form);
  const departments = useDepartments(!!target);
  const units = useAllUnits();
  const roles = assignableRoles(me.role);
  const isSelf = target?.mode === 'edit' && target.user.id === me.id;
  const bureauRole = !!role && BUREAU_ROLES.includes(role);

  const defaults = useMemo<Partial<Values>>(() => {
    const r: Role | undefined = me.role === 'school_admin' ? 'school_staff' : undefined;
    return { role: r, unitId: me.role === 'school_admin' ? me.unit.id : undefined };
  }, [me]);

  useEffect(() => {
    if (target) {
      form.resetFields();
      form.setFieldsValue(initial(target, defaults));
    }
  }, [target, form, defaults]);

  // A unit that does not fit the newly chosen role is cleared rather than sent and refused.
  useEffect(() => {
    const unitId = form.getFieldValue('unitId') as string | undefined;
    if (!role || !unitId) return;
    const unit = units.data?.find((u) => u.id === unitId);
    if (unit && !(unitKindsFor(role) as readonly string[]).includes(unit.kind)) form.setFieldValue('unitId', undefined);
    if (!BUREAU_ROLES.includes(role)) form.setFieldValue('departmentId', null);
  }, [role, form, units.data]);

  const { submit, saving, error, setError } = useVersionedSave({
    form,
    record: target?.mode === 'edit' ? target.user : null,
    save: async (u, raw) => {
      const v = blankToNull(raw);
      if (!u) {
        // Empty fields are left out rather than sent as null (the server's coercion turns a null into "").
        const body: CreateUserBody = { displayName: v.displayName, role: v.role, unitId: v.unitId };
        if (v.username) body.username = v.username;
        if (v.title) body.title = v.title;
        if (v.phone) body.phone = v.phone;
        if (bureauRole && v.departmentId) body.departmentId = v.departmentId;
        if (v.password) body.password = v.password;
        await userApi.create(body);
        message.success(`已添加“${v.displayName}”`);
        return;
      }
      const body: UpdateUserBody = { version: u.version };
      if (v.displayName !== u.displayName) body.displayName = v.displayName;
      if ((v.username ?? null) !== u.username) body.username = v.username ?? null;
      if ((v.title ?? null) !== u.title) body.title = v.title ?? null;
      if ((v.phone ?? null) !== u.phone) body.phone = v.phone ?? null;
      if (v.role !== u.role) body.role = v.role;
      if (v.unitId !== u.unit.id) body.unitId = v.unitId;
      const dept = bureauRole ? (v.departmentId ?? null) : null;
      if (dept !== (u.department?.id ?? null)) body.departmentId = dept;
      await userApi.update(u.id, body);
      message.success('已保存');
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: keys.users.all });
      await qc.invalidateQueries({ queryKey: keys.departments.all });
      onClose();
    },
    refresh: [keys.users.all],
    staleMessage: '该人员信息刚被他人修改。表单已更新为最新内容，并保留了您的修改，请核对后再次保存。',
    reload: {
      fetch: (u) => userApi.get(u.id),
      // Keep only this user's own edits on top of the version someone else saved.
      merge: (fresh, before, raw) => {
        const v = blankToNull(raw);
        const was = initial({ mode: 'edit', user: before }, {});
        const mine = Object.fromEntries(Object.entries(v).filter(([k, val]) => (val ?? null) !== (was[k as keyof Values] ?? null)));
        form.setFieldsValue({ ...initial({ mode: 'edit', user: fresh }, {}), ...mine });
      },
    },
  });
  useEffect(() => setError(null), [target, setError]);

  const roleOptions = useMemo(() => {
    const list = [...roles];
    if (target?.mode === 'edit' && !list.includes(target.user.role)) list.push(target.user.role);
    return list.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
  }, [roles, target]);

  return (
    <Drawer
      title={target?.mode === 'edit' ? `编辑人员：${target.user.displayName}` : '添加人员'}
      open={!!target}
      onClose={onClose}
      size={isMobile ? '100%' : 520}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="user-save">
            保存
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical">
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }, { max: 50 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="title" label="职务" rules={[{ max: 100 }]}>
          <Input placeholder="例如：安全办主任、科长" />
        </Form.Item>
        <Form.Item name="phone" label="手机号" rules={[{ pattern: /^[0-9+\- ]{5,20}$/, message: '请输入正确的电话号码' }]}>
          <Input inputMode="tel" />
        </Form.Item>
        <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
          <Select options={roleOptions} disabled={isSelf} placeholder="选择角色" />
        </Form.Item>
        <Form.Item
          name="unitId"
          label="所属单位"
          rules={[{ required: true, message: '请选择所属单位' }]}
          extra={role ? (bureauRole ? '教育局或片区的人员' : '学校或校区的人员') : '先选择角色'}
        >
          <UnitTreeSelect allow={unitKindsFor(role)} />
        </Form.Item>
        {bureauRole && (
          <Form.Item name="departmentId" label="科室" extra={departments.isError ? errorMessage(departments.error) : undefined}>
            <Select
              allowClear
              placeholder="选择科室"
              loading={departments.isPending}
              options={(departments.data?.items ?? []).filter((d) => d.status === 'active').map((d) => ({ value: d.id, label: d.name }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="username"
          label="登录用户名"
          extra="3–40 位小写字母、数字或 _ . -；留空则只登记名单，不开通登录"
          rules={[{ pattern: /^[a-z0-9_.-]{3,40}$/, message: '3–40 位小写字母、数字或 _ . -' }]}
        >
          <Input autoComplete="off" autoCapitalize="none" />
        </Form.Item>
        {target?.mode === 'create' && (
          <Form.Item
            name="password"
            label="初始密码"
            extra={`${PASSWORD_HINT}；本人首次登录时须修改`}
            rules={[passwordRule(() => form.getFieldValue('username') as string | undefined)]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        {target?.mode === 'edit' && (
          <Alert
            type="info"
            showIcon
            title="重置密码、解除动态验证码请在人员列表的“操作”中进行。修改角色、用户名或停用账号前，须再次验证您的身份。"
          />
        )}
      </Form>
    </Drawer>
  );
}
