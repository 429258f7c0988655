import type { Role } from '../roles.js';

/** 隐患类别: the safety domains a hazard belongs to. */
export const HAZARD_DOMAINS = [
  'fire',
  'lab_chemicals',
  'security',
  'traffic_bus',
  'food',
  'buildings',
  'gas',
  'ebike',
  'internship',
  'mental_health',
  'stability',
  'natural_disaster',
  'network',
  'other',
] as const;
export type HazardDomain = (typeof HAZARD_DOMAINS)[number];

export const HAZARD_DOMAIN_LABELS: Record<HazardDomain, string> = {
  fire: '消防安全',
  lab_chemicals: '实验室及危化品安全',
  security: '治安保卫',
  traffic_bus: '交通及校车安全',
  food: '食品安全',
  buildings: '校舍及设施设备安全',
  gas: '燃气安全',
  ebike: '电动自行车安全',
  internship: '实习实训安全',
  mental_health: '心理健康',
  stability: '安全稳定',
  natural_disaster: '自然灾害防范',
  network: '网络安全',
  other: '其他',
};

/** 隐患等级: 一般隐患 / 重大隐患. */
export const HAZARD_GRADES = ['general', 'major'] as const;
export type HazardGrade = (typeof HAZARD_GRADES)[number];

export const HAZARD_GRADE_LABELS: Record<HazardGrade, string> = {
  general: '一般隐患',
  major: '重大隐患',
};

/** 发现方式: the inspection kind that found the hazard (glossary: inspection kinds), plus reports from the public. */
export const HAZARD_SOURCES = [
  'self',
  'special',
  'spot',
  'mutual',
  'supervision',
  'joint',
  'external',
  'unannounced',
  'follow_up',
  'public_report',
  'other',
] as const;
export type HazardSource = (typeof HAZARD_SOURCES)[number];

export const HAZARD_SOURCE_LABELS: Record<HazardSource, string> = {
  self: '自查',
  special: '专查',
  spot: '抽查',
  mutual: '互查',
  supervision: '督查',
  joint: '联检',
  external: '外检',
  unannounced: '明查暗访',
  follow_up: '回头看',
  public_report: '群众举报',
  other: '其他',
};

/**
 * The states of a hazard in the ledger (排查→登记→整改→验收→销号).
 * `rejected` and `closed` are final; nothing is ever deleted.
 */
export const HAZARD_STATES = ['reported', 'registered', 'rejected', 'rectifying', 'pending_verification', 'closed'] as const;
export type HazardState = (typeof HAZARD_STATES)[number];

export const HAZARD_STATE_LABELS: Record<HazardState, string> = {
  reported: '已上报',
  registered: '已登记',
  rejected: '不予登记',
  rectifying: '整改中',
  pending_verification: '待验收',
  closed: '已销号',
};

/** States in which a hazard is still open (counts in the ledger, may become overdue). */
export const OPEN_HAZARD_STATES: readonly HazardState[] = ['reported', 'registered', 'rectifying', 'pending_verification'];

/** Why a reported hazard is not entered into the ledger (不予登记). */
export const HAZARD_REJECTION_REASONS = ['duplicate', 'not_a_hazard'] as const;
export type HazardRejectionReason = (typeof HAZARD_REJECTION_REASONS)[number];

export const HAZARD_REJECTION_REASON_LABELS: Record<HazardRejectionReason, string> = {
  duplicate: '重复上报',
  not_a_hazard: '不属于隐患',
};

/** A stored upload (photo or document); the server owns the bytes, the domain only the reference. */
export type HazardFile = {
  readonly fileId: string;
  readonly kind: 'photo' | 'document';
};

/** Who did something: the user and the role they acted in. */
export type HazardActorRef = {
  readonly userId: string;
  readonly role: Role;
};

/** One progress note on a milestone (整改进展). */
export type HazardProgress = {
  readonly note: string;
  readonly files: readonly HazardFile[];
  readonly at: string;
  readonly by: HazardActorRef;
};

/** A dated step of the rectification plan (整改计划 / 整改时序). */
export type HazardMilestone = {
  readonly title: string;
  /** Calendar date in Asia/Shanghai, 'YYYY-MM-DD'. */
  readonly dueDate: string;
  /** Instant the milestone was reported done, or null. */
  readonly doneAt: string | null;
  readonly progress: readonly HazardProgress[];
};

/** One 挂牌督办 listing; delisting fills the delisted* fields (the listing itself stays). */
export type HazardListing = {
  readonly supervisingUnitId: string;
  readonly reason: string;
  readonly listedAt: string;
  readonly listedBy: HazardActorRef;
  readonly delistedAt: string | null;
  readonly delistedBy: HazardActorRef | null;
  readonly delistReason: string | null;
};

/** 报请政府协调. */
export type HazardEscalation = {
  readonly note: string;
  readonly at: string;
  readonly by: HazardActorRef;
};

/** 逾期说明: why the due date was missed, and the new plan. */
export type HazardOverdueExplanation = {
  readonly reason: string;
  /** The due date that was missed (an explanation answers for one due date). */
  readonly forDueDate: string;
  readonly plan: readonly HazardMilestone[];
  /** The plan this explanation replaced, kept so nothing is lost. */
  readonly supersededPlan: readonly HazardMilestone[];
  readonly at: string;
  readonly by: HazardActorRef;
};

/** 延期申请 and its decision. */
export type HazardExtension = {
  readonly previousDueDate: string;
  readonly requestedDueDate: string;
  readonly reason: string;
  readonly requestedAt: string;
  readonly requestedBy: HazardActorRef;
  readonly decision: null | {
    readonly approved: boolean;
    /** The due date set on approval, null when refused. */
    readonly newDueDate: string | null;
    readonly comment: string;
    readonly at: string;
    readonly by: HazardActorRef;
  };
};

/** 退回整改: a failed verification. */
export type HazardReturn = {
  readonly reason: string;
  readonly at: string;
  readonly by: HazardActorRef;
};

/**
 * A hazard in the ledger, as the domain sees it. The server adds `id` and `version`
 * around it. Instants are ISO-8601 strings (`Date#toISOString`); calendar dates are
 * 'YYYY-MM-DD' in Asia/Shanghai. Funds are integer fen (分) so sums are exact.
 */
export type Hazard = {
  readonly state: HazardState;
  /** The school or campus the hazard belongs to. */
  readonly unitId: string;
  readonly domain: HazardDomain;
  /** 位置 / 部位, free text; may be '' (e.g. mental-health hazards have no place). */
  readonly location: string;
  /** The 风险点 the hazard was found at, when known. */
  readonly pointId: string | null;
  readonly title: string;
  readonly description: string;
  /** Photos of the hazard as found (整改前). */
  readonly photos: readonly HazardFile[];
  readonly grade: HazardGrade;
  readonly source: HazardSource;
  /** 发现日期, calendar date 'YYYY-MM-DD'. */
  readonly foundAt: string;
  /** 发现人: name of the person or team who found it (free text, imports carry names). */
  readonly foundBy: string;
  readonly reportedAt: string;
  readonly reportedBy: HazardActorRef;
  /** 立行立改: reported already fixed on the spot (general hazards only). */
  readonly fixedOnSpot: boolean;
  /**
   * 督查组规定的整改期限: the deadline a supervision team set when it found the hazard on a
   * visit. The school's 整改时限 may not be later; more time is an extension the team approves.
   * Absent on records written before teams' deadlines were kept on the hazard.
   */
  readonly requiredDueDate?: string | null;

  /** 整改五落实. All five are set together at registration; null before. */
  readonly owner: string | null;
  readonly measures: string | null;
  readonly fundsFen: number | null;
  readonly dueDate: string | null;
  readonly contingencyPlan: string | null;
  readonly registeredAt: string | null;
  readonly registeredBy: HazardActorRef | null;

  /** 临时管控措施 and 专人盯防 (required for major hazards). */
  readonly interimControls: string | null;
  readonly watcher: string | null;
  /** 整改计划: the current plan. */
  readonly plan: readonly HazardMilestone[];

  readonly rejection: null | {
    readonly reason: HazardRejectionReason;
    readonly text: string;
    readonly at: string;
    readonly by: HazardActorRef;
  };

  /** Evidence of the fix (整改后照片 / 材料), appended on each submission for verification. */
  readonly evidence: readonly HazardFile[];
  /** 整改情况说明 of the last submission. */
  readonly rectificationNote: string | null;
  /** Who submitted the fix last (the rectifier): verification must be someone else. */
  readonly rectifiedBy: HazardActorRef | null;
  readonly rectifiedAt: string | null;
  readonly returns: readonly HazardReturn[];
  readonly closedAt: string | null;
  readonly closedBy: HazardActorRef | null;
  readonly closeComment: string | null;

  readonly listings: readonly HazardListing[];
  readonly escalations: readonly HazardEscalation[];
  readonly overdueExplanations: readonly HazardOverdueExplanation[];
  readonly extensions: readonly HazardExtension[];
};

/** Type guards for codes coming from outside (requests, imports). */
export function isHazardDomain(value: unknown): value is HazardDomain {
  return typeof value === 'string' && (HAZARD_DOMAINS as readonly string[]).includes(value);
}
export function isHazardGrade(value: unknown): value is HazardGrade {
  return typeof value === 'string' && (HAZARD_GRADES as readonly string[]).includes(value);
}
export function isHazardSource(value: unknown): value is HazardSource {
  return typeof value === 'string' && (HAZARD_SOURCES as readonly string[]).includes(value);
}

/** The listing currently in force (挂牌中), or null. */
export function currentListing(hazard: Hazard): HazardListing | null {
  const last = hazard.listings[hazard.listings.length - 1];
  return last && last.delistedAt === null ? last : null;
}

/** The extension request awaiting a decision, or null. */
export function pendingExtension(hazard: Hazard): HazardExtension | null {
  const last = hazard.extensions[hazard.extensions.length - 1];
  return last && last.decision === null ? last : null;
}
