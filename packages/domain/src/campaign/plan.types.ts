/**
 * 实施方案解析 (plan parsing): the proposal a bureau reviews before a campaign is created.
 * Every proposed value carries the sentence / line it was read from (evidence) so the UI
 * can show "why" next to each field.
 */

/** The source sentence/line and its offsets (UTF-16 code units) in the input text. */
export type Evidence = { text: string; start: number; end: number };

export type Proposed<T> = { value: T; evidence: Evidence };

export type ProposedStage = { name: string; start: string | null; end: string | null; goals: string };

export type ProposedTask = {
  title: string;
  description: string;
  /** 牵头单位 / 责任科室. */
  leads: string[];
  /** 配合单位, or generic phrases such as 各相关科室 as written. */
  cooperating: string[];
  /** ISO date, or null. */
  deadline: string | null;
  /** Index into `stages` when the task names a stage, else null. */
  stageIndex: number | null;
  /** A HazardDomain code, or null. */
  domain: string | null;
};

export type ReportingKind = 'once' | 'yearly' | 'monthly' | 'weekly' | 'quarterly' | 'termly';

export type ProposedReportingRule = {
  text: string;
  kind: ReportingKind;
  /** For `once`: the ISO due date. */
  dueDate: string | null;
  /** Day of month the report is due (monthly / yearly / quarterly). */
  dayOfMonth: number | null;
  /** Month (1–12) for yearly rules. */
  month: number | null;
};

export type ProposedIndicator = { name: string; target: number; unit: '%' };

export type ProposedTeam = { name: string; leader: string | null; members: string[]; schools: string[] };

export type PlanProposal = {
  title: Proposed<string> | null;
  docNumber: Proposed<string> | null;
  issuer: Proposed<string> | null;
  issuedOn: Proposed<string> | null;
  period: Proposed<{ start: string; end: string }> | null;
  stages: Proposed<ProposedStage>[];
  focusDomains: Proposed<string>[];
  tasks: Proposed<ProposedTask>[];
  reportingRules: Proposed<ProposedReportingRule>[];
  indicators: Proposed<ProposedIndicator>[];
  teams: Proposed<ProposedTeam>[];
  /** Chinese names of the fields the parser could not find (标题, 文号, …). */
  missing: string[];
};

export type ParsePlanOptions = {
  /** 'YYYY-MM-DD'; used to resolve 即日起 and year-less dates when the document has no date. */
  today?: string;
};

/** The Chinese names used in `missing`, per field. */
export const PLAN_FIELD_LABELS = {
  title: '标题',
  docNumber: '文号',
  issuer: '发文单位',
  issuedOn: '发文日期',
  period: '起止时间',
  stages: '阶段',
  focusDomains: '重点领域',
  tasks: '任务',
  reportingRules: '报送要求',
  indicators: '指标',
  teams: '督查组',
} as const;
export type PlanField = keyof typeof PLAN_FIELD_LABELS;
