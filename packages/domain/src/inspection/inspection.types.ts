import { HAZARD_SOURCE_LABELS, type HazardDomain, type HazardSource } from '../hazard/hazard.types.js';
import type { SchoolKind } from '../unit.js';

/** 检查方式: the kinds of inspection (glossary: inspection kinds). */
export const INSPECTION_KINDS = ['self', 'special', 'spot', 'mutual', 'supervision', 'joint', 'external', 'unannounced', 'follow_up'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number] & HazardSource;

/** The same words as the hazard's 发现方式 (one name per term). */
export const INSPECTION_KIND_LABELS: Record<InspectionKind, string> = Object.fromEntries(
  INSPECTION_KINDS.map((k) => [k, HAZARD_SOURCE_LABELS[k]]),
) as Record<InspectionKind, string>;

/** The kinds of a supervision team's visit (督查, 抽查, 明查暗访), labelled as inspection kinds. */
export const VISIT_KINDS = ['supervision', 'spot', 'unannounced'] as const satisfies readonly InspectionKind[];
export type VisitKind = (typeof VISIT_KINDS)[number];

/** 点位类型: the kinds of place a school checks (隐患排查点位化). */
export const POINT_TYPES = [
  'gate',
  'perimeter',
  'teaching_block',
  'dormitory',
  'canteen',
  'lab',
  'chemical_store',
  'library',
  'high_rise',
  'warehouse',
  'distribution_room',
  'sports_ground',
  'school_bus',
  'gas_room',
  'ebike_shed',
  'construction_site',
  'internship_site',
  'counseling_room',
  'other',
] as const;
export type PointType = (typeof POINT_TYPES)[number];

export const POINT_TYPE_LABELS: Record<PointType, string> = {
  gate: '校门及门卫室',
  perimeter: '校园围墙及周边',
  teaching_block: '教学楼',
  dormitory: '学生宿舍',
  canteen: '食堂',
  lab: '实验室',
  chemical_store: '危险化学品仓库',
  library: '图书馆',
  high_rise: '高层建筑',
  warehouse: '物资仓库',
  distribution_room: '配电房',
  sports_ground: '运动场及体育器材',
  school_bus: '校车',
  gas_room: '燃气设施',
  ebike_shed: '电动自行车停放充电场所',
  construction_site: '施工区域',
  internship_site: '实习实训场所',
  counseling_room: '心理辅导室',
  other: '其他',
};

/** 检查频次. Weekly periods are ISO weeks (Monday–Sunday); terms run 1 Sep–end Feb and 1 Mar–31 Aug. */
export const FREQUENCIES = ['daily', 'weekly', 'monthly', 'term'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const FREQUENCY_LABELS: Record<Frequency, string> = {
  daily: '每日',
  weekly: '每周',
  monthly: '每月',
  term: '每学期',
};

/** 检查结果: 合格 / 不合格 / 不适用. */
export const ANSWERS = ['pass', 'fail', 'na'] as const;
export type Answer = (typeof ANSWERS)[number];

export const ANSWER_LABELS: Record<Answer, string> = { pass: '合格', fail: '不合格', na: '不适用' };

/** One item of a checklist (检查项). */
export type ChecklistItem = {
  /** Stable within its checklist across versions, e.g. "F01". */
  readonly code: string;
  /** 检查内容: what to look at. */
  readonly text: string;
  /** 合格标准: what "pass" means. */
  readonly standard: string;
  /** 依据: the rule or document it comes from. */
  readonly basis: string;
  /** The school kinds it applies to; empty means every kind. */
  readonly schoolKinds: readonly SchoolKind[];
  /** The point types it applies to; empty means every type. */
  readonly pointTypes: readonly PointType[];
  /** Weight in the score (default 1). */
  readonly weight: number;
};

/** A checklist template (检查表) as shipped in the built-in library. */
export type BuiltinChecklist = {
  /** Stable identifier, e.g. "fire-daily". */
  readonly code: string;
  readonly domain: HazardDomain;
  readonly title: string;
  readonly description: string;
  /** The point types this checklist is meant for; empty means any point. */
  readonly pointTypes: readonly PointType[];
  readonly items: readonly ChecklistItem[];
};
