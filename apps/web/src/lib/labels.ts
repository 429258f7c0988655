import type { TeamPosition } from '../api/types';

export const POSITION_LABELS: Record<TeamPosition, string> = {
  leader: '组长',
  deputy: '副组长',
  member: '成员',
};

export const STATUS_LABELS: Record<'active' | 'disabled', string> = {
  active: '启用',
  disabled: '停用',
};

const AUDIT_ACTIONS: Record<string, string> = {
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.logout': '退出登录',
  'auth.locked': '账号锁定',
  'auth.password_changed': '修改密码',
  'setup.first_admin': '初始化系统管理员',
  'unit.create': '新增单位',
  'unit.update': '修改单位',
  'user.create': '新增人员',
  'user.update': '修改人员',
  'department.create': '新增科室',
  'department.update': '修改科室',
  'edu_group.create': '新增教育集团',
  'supervision_team.create': '新增督查小组',
  'supervision_team.update': '修改督查小组',
  'import.schools': '导入学校',
  'unit.import': '导入学校',
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTIONS[action] ?? action;
}

const OBJECT_TYPES: Record<string, string> = {
  unit: '单位',
  app_user: '人员',
  user: '人员',
  department: '科室',
  edu_group: '教育集团',
  supervision_team: '督查小组',
  session: '会话',
};

export function objectTypeLabel(type: string | null): string {
  if (!type) return '';
  return OBJECT_TYPES[type] ?? type;
}
