import { HAZARD_ACTION_LABELS, type HazardAction } from '@xiaoan/domain';
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

/** Chinese names of the audit trail's action codes; an unknown code is shown as it is. */
const AUDIT_ACTIONS: Record<string, string> = {
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.password_ok': '密码正确，待二次验证',
  'auth.second_factor_failed': '动态验证码错误',
  'auth.logout': '退出登录',
  'auth.locked': '账号锁定',
  'auth.password_changed': '修改本人密码',
  'auth.totp_enabled': '绑定动态验证码',
  'auth.totp_disabled': '解除本人动态验证码',
  'auth.recovery_codes_renewed': '重新生成恢复码',
  'auth.reauth': '再次验证身份',
  'auth.reauth_failed': '再次验证身份失败',
  'setup.first_admin': '初始化：创建第一个安全管理员',
  'access.denied': '越权访问被拒绝',
  'request.conflict': '操作冲突（记录已变化）',
  'audit.read': '查阅操作日志',
  'audit.export': '导出操作日志',
  'audit.verify': '核验日志完整性',
  'unit.create': '新增单位',
  'unit.update': '修改单位',
  'unit.import': '导入学校',
  'import.schools': '导入学校',
  'user.create': '新增人员',
  'user.update': '修改人员',
  'department.create': '新增科室',
  'department.update': '修改科室',
  'edu_group.create': '新增教育集团',
  'supervision_team.create': '新增督查小组',
  'supervision_team.update': '修改督查小组',
  'hazard.import': '导入隐患台账',
  'hazard.export': '导出隐患台账',
  'hazard.follow_up': '回头看',
  'file.upload': '上传文件',
  'file.download': '下载文件',
  'checklist.create': '新增检查表',
  'checklist.update': '修改检查表',
  'inspection_point.create': '新增检查点位',
  'inspection_point.update': '修改检查点位',
  'inspection_point.rotate_token': '更换点位二维码',
  'inspection.submit': '提交检查记录',
  'inspection.raise_hazard': '检查问题登记为隐患',
  'supervision_visit.create': '新建督查',
  'supervision_visit.update': '修改督查',
  'supervision_visit.feedback': '督查反馈',
  'campaign.create': '新建专项整治',
  'campaign.import': '导入实施方案',
  'campaign.update': '修改专项整治',
  'campaign.task_create': '新增整治任务',
  'task.update': '修改任务',
  'task.update_copy': '修改本校任务',
  'task.progress': '填报任务进展',
  'task.break_down': '分解任务',
};

export function auditActionLabel(action: string): string {
  const known = AUDIT_ACTIONS[action];
  if (known) return known;
  if (action.startsWith('hazard.')) {
    const a = action.slice('hazard.'.length);
    if (a in HAZARD_ACTION_LABELS) return `隐患：${HAZARD_ACTION_LABELS[a as HazardAction]}`;
  }
  return action;
}

/** A person's account change, named by what it did (a password reset reads as such, not as "修改人员"). */
export function auditEventLabel(e: { action: string; details: unknown; actionLabel?: string }): string {
  if (e.action === 'user.update' && e.details && typeof e.details === 'object') {
    const d = e.details as { passwordReset?: boolean; secondFactorReset?: boolean; status?: { to?: string }; role?: unknown };
    if (d.passwordReset) return '重置密码';
    if (d.secondFactorReset) return '解除动态验证码';
    if (d.status?.to === 'disabled') return '停用账号';
    if (d.status?.to === 'active') return '启用账号';
    if (d.role) return '修改角色';
  }
  // The server names every action it writes (AUDIT_ACTION_LABELS in the domain); the table above covers older answers.
  return e.actionLabel || auditActionLabel(e.action);
}

/** The prefixes offered by the audit log's action filter (the API filters by prefix). */
export const AUDIT_ACTION_FILTERS: { value: string; label: string }[] = [
  { value: 'auth.', label: '登录与账号安全（全部）' },
  { value: 'auth.login', label: '登录与登录失败' },
  { value: 'auth.login_failed', label: '登录失败' },
  { value: 'auth.second_factor_failed', label: '动态验证码错误' },
  { value: 'auth.totp', label: '绑定/解除动态验证码' },
  { value: 'auth.reauth', label: '再次验证身份' },
  { value: 'auth.password_changed', label: '修改本人密码' },
  { value: 'user.', label: '人员与账号' },
  { value: 'access.denied', label: '越权访问被拒绝' },
  { value: 'audit.', label: '查阅、导出与核验日志' },
  { value: 'unit.', label: '单位与导入学校' },
  { value: 'hazard.', label: '隐患台账' },
  { value: 'inspection', label: '排查检查与点位' },
  { value: 'supervision', label: '督查小组与督查' },
  { value: 'campaign.', label: '专项整治' },
  { value: 'task.', label: '整治任务' },
];

const OBJECT_TYPES: Record<string, string> = {
  unit: '单位',
  app_user: '人员',
  user: '人员',
  department: '科室',
  edu_group: '教育集团',
  supervision_team: '督查小组',
  session: '会话',
  request: '请求',
  audit_event: '操作日志',
  hazard: '隐患',
  file: '文件',
  file_object: '文件',
  checklist: '检查表',
  inspection_point: '检查点位',
  inspection: '检查记录',
  supervision_visit: '督查',
  campaign: '专项整治',
  task: '任务',
};

export function objectTypeLabel(type: string | null): string {
  if (!type) return '';
  return OBJECT_TYPES[type] ?? type;
}
