import type { HazardAction } from '../hazard/hazard.table.js';

/**
 * Every action the audit trail records. The list is closed: a new action is added
 * here first, and the label table below then fails to compile until it has its
 * Chinese label, so the audit page never shows a bare code.
 */
export type AuditAction =
  | `hazard.${HazardAction}`
  | 'hazard.follow_up'
  | 'hazard.import'
  | 'hazard.export'
  | 'inspection.submit'
  | 'inspection.raise_hazard'
  | 'inspection_point.create'
  | 'inspection_point.update'
  | 'inspection_point.retire'
  | 'inspection_point.rotate_token'
  | 'supervision_visit.create'
  | 'supervision_visit.record'
  | 'supervision_visit.cancel'
  | 'supervision_visit.feedback'
  | 'supervision_team.create'
  | 'supervision_team.update'
  | 'checklist.create'
  | 'checklist.update'
  | 'checklist.import'
  | 'campaign.create'
  | 'campaign.copy'
  | 'campaign.update'
  | 'campaign.import'
  | 'campaign.task_create'
  | 'task.update'
  | 'task.update_copy'
  | 'task.progress'
  | 'task.break_down'
  | 'report_type.create'
  | 'report_type.update'
  | 'report.start'
  | 'report.draft'
  | 'report.submit'
  | 'report.approve'
  | 'report.return'
  | 'report.reopen'
  | 'report.export_document'
  | 'report.export_rollup'
  | 'unit.create'
  | 'unit.update'
  | 'unit.import'
  | 'department.create'
  | 'department.update'
  | 'edu_group.create'
  | 'user.create'
  | 'user.update'
  | 'file.upload'
  | 'file.download'
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.password_ok'
  | 'auth.second_factor_failed'
  | 'auth.totp_enabled'
  | 'auth.totp_disabled'
  | 'auth.recovery_codes_renewed'
  | 'auth.reauth'
  | 'auth.reauth_failed'
  | 'auth.logout'
  | 'auth.password_changed'
  | 'setup.first_admin'
  | 'audit.read'
  | 'audit.export'
  | 'audit.verify'
  | 'access.denied'
  | 'request.conflict';

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'hazard.report': '上报隐患',
  'hazard.report_fixed': '立行立改',
  'hazard.register': '登记隐患',
  'hazard.reject': '不予登记隐患',
  'hazard.start_rectification': '开始整改',
  'hazard.request_verification': '提交整改验收',
  'hazard.close': '验收销号',
  'hazard.return': '退回整改',
  'hazard.edit': '修改隐患',
  'hazard.list': '挂牌督办',
  'hazard.delist': '摘牌',
  'hazard.escalate': '报请政府协调',
  'hazard.file_overdue_explanation': '填报逾期说明',
  'hazard.request_extension': '申请延期',
  'hazard.approve_extension': '同意延期',
  'hazard.reject_extension': '不同意延期',
  'hazard.add_progress': '填报整改进展',
  'hazard.follow_up': '回头看',
  'hazard.import': '导入隐患台账',
  'hazard.export': '导出隐患台账',
  'inspection.submit': '提交检查记录',
  'inspection.raise_hazard': '检查问题登记为隐患',
  'inspection_point.create': '新增检查点位',
  'inspection_point.update': '修改检查点位',
  'inspection_point.retire': '停用检查点位',
  'inspection_point.rotate_token': '更换点位二维码',
  'supervision_visit.create': '新建督查',
  'supervision_visit.record': '记录督查完成',
  'supervision_visit.cancel': '取消督查',
  'supervision_visit.feedback': '督查反馈',
  'supervision_team.create': '新增督查小组',
  'supervision_team.update': '修改督查小组',
  'checklist.create': '新增检查表',
  'checklist.update': '修改检查表',
  'checklist.import': '导入检查表',
  'campaign.create': '新建专项整治',
  'campaign.copy': '复制专项整治',
  'campaign.update': '修改专项整治',
  'campaign.import': '导入实施方案',
  'campaign.task_create': '新增整治任务',
  'task.update': '修改任务',
  'task.update_copy': '修改本校任务',
  'task.progress': '填报任务进展',
  'task.break_down': '分解任务',
  'report_type.create': '新增报表类型',
  'report_type.update': '修改报表类型',
  'report.start': '开始填报',
  'report.draft': '保存报送草稿',
  'report.submit': '报送报告',
  'report.approve': '审核通过报告',
  'report.return': '退回报告',
  'report.reopen': '重新开放报送',
  'report.export_document': '下载报送文档（Word）',
  'report.export_rollup': '导出报送汇总',
  'unit.create': '新增单位',
  'unit.update': '修改单位',
  'unit.import': '导入学校',
  'department.create': '新增科室',
  'department.update': '修改科室',
  'edu_group.create': '新增教育集团',
  'user.create': '新增人员',
  'user.update': '修改人员',
  'file.upload': '上传文件',
  'file.download': '下载文件',
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.password_ok': '密码正确，待二次验证',
  'auth.second_factor_failed': '动态验证码错误',
  'auth.totp_enabled': '绑定动态验证码',
  'auth.totp_disabled': '解除本人动态验证码',
  'auth.recovery_codes_renewed': '重新生成恢复码',
  'auth.reauth': '再次验证身份',
  'auth.reauth_failed': '再次验证身份失败',
  'auth.logout': '退出登录',
  'auth.password_changed': '修改本人密码',
  'setup.first_admin': '初始化：创建第一个安全管理员',
  'audit.read': '查阅操作日志',
  'audit.export': '导出操作日志',
  'audit.verify': '核验操作日志',
  'access.denied': '越权访问被拒绝',
  'request.conflict': '操作冲突（记录已变化）',
};

export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as AuditAction[];

export const isAuditAction = (action: string): action is AuditAction => Object.hasOwn(AUDIT_ACTION_LABELS, action);

/** The label the audit page shows: the Chinese name of a known action, else the stored code itself (rows older than the list). */
export const auditActionLabel = (action: string): string => (isAuditAction(action) ? AUDIT_ACTION_LABELS[action] : action);
