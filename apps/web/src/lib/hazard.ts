import { formatFundsYuan, HAZARD_ACTION_LABELS, shanghaiDate, type HazardState, type LedgerField } from '@xiaoan/domain';

/** Today's calendar date in Beijing ('YYYY-MM-DD'): found dates and due dates are Beijing days. */
export const todayYmd = () => shanghaiDate(new Date());

export const STATE_COLORS: Record<HazardState, string> = {
  reported: 'gold',
  registered: 'blue',
  rejected: 'default',
  rectifying: 'processing',
  pending_verification: 'purple',
  closed: 'success',
};

export const fundsText = (fen: number | null | undefined) => (fen === null || fen === undefined ? null : `¥${formatFundsYuan(fen)}`);

/** Timeline entries that are not actions of the ledger's machine (written by other features). */
const EVENT_ONLY_LABELS: Record<string, string> = { link_risk: '关联风险' };

export function actionLabel(action: string): string {
  return (HAZARD_ACTION_LABELS as Record<string, string>)[action] ?? EVENT_ONLY_LABELS[action] ?? action;
}

/** Chinese names of the record's fields, for "changed fields" in the timeline. */
const FIELD_LABELS: Record<string, string> = {
  unitId: '所属单位',
  domain: '隐患类别',
  location: '位置',
  pointId: '风险点',
  title: '标题',
  description: '描述',
  photos: '照片',
  grade: '等级',
  source: '发现方式',
  foundAt: '发现日期',
  foundBy: '发现人',
  fixedOnSpot: '立行立改',
  owner: '责任人',
  measures: '整改措施',
  fundsFen: '整改资金',
  dueDate: '整改时限',
  contingencyPlan: '应急预案',
  registeredAt: '登记时间',
  registeredBy: '登记人',
  interimControls: '临时管控措施',
  watcher: '专人盯防',
  plan: '整改计划',
  rejection: '不予登记',
  evidence: '整改材料',
  rectificationNote: '整改说明',
  rectifiedBy: '整改人',
  rectifiedAt: '提交验收时间',
  returns: '退回记录',
  closedAt: '销号时间',
  closedBy: '验收人',
  closeComment: '验收意见',
  listings: '挂牌督办',
  escalations: '报请政府协调',
  overdueExplanations: '逾期说明',
  extensions: '延期申请',
  reportedAt: '上报时间',
  reportedBy: '上报人',
};

export const fieldLabel = (f: string) => FIELD_LABELS[f] ?? f;

/** What each ledger column can fill (import mapping). */
export const LEDGER_FIELD_LABELS: Record<LedgerField, string> = {
  school: '学校',
  domain: '隐患类别',
  grade: '隐患等级',
  title: '隐患名称（标题）',
  description: '隐患描述',
  location: '位置 / 部位',
  foundAt: '发现日期',
  foundBy: '发现人',
  source: '发现方式',
  owner: '整改责任人',
  measures: '整改措施',
  funds: '整改资金（元）',
  fundsTenThousandYuan: '整改资金（万元）',
  dueDate: '整改时限',
  contingencyPlan: '应急预案',
  interimControls: '临时管控措施',
  watcher: '专人盯防',
  progress: '整改情况',
};

/** The domains a phone reporter picks most, shown first as chips. */
export const QUICK_DOMAINS = ['fire', 'security', 'buildings', 'food', 'traffic_bus', 'lab_chemicals', 'gas', 'ebike', 'other'] as const;
