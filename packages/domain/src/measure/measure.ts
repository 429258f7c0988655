/**
 * The measure list (制度措施清单): the rules, systems and long-term measures a school must
 * establish or improve ("建立问题隐患和制度措施'两个清单'", seeds 000, 001), each with an owner,
 * a due date, its status, the adopted document, and the hazards or supervision findings that
 * prompted it (举一反三). Pure rules, no I/O.
 *
 * Status: planned 计划制定 → in_progress 制定中 → established 已建立 → revised 已修订 (again
 * revised with each new version of the document). A planned measure may be established at
 * once; one in progress may go back to planned. An established or revised measure always has
 * its document and adoption date.
 */
import type { Role } from '../roles.js';

export const MEASURE_STATUSES = ['planned', 'in_progress', 'established', 'revised'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];
export const MEASURE_STATUS_LABELS: Record<MeasureStatus, string> = { planned: '计划制定', in_progress: '制定中', established: '已建立', revised: '已修订' };

export const MEASURE_KINDS = ['rule', 'system', 'long_term'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];
export const MEASURE_KIND_LABELS: Record<MeasureKind, string> = { rule: '制度', system: '机制', long_term: '长效措施' };

/** What prompted a measure: a ledger hazard, or a hazard a supervision visit issued as a finding (督查反馈). */
export const MEASURE_ORIGIN_KINDS = ['hazard', 'finding'] as const;
export type MeasureOriginKind = (typeof MEASURE_ORIGIN_KINDS)[number];
export const MEASURE_ORIGIN_KIND_LABELS: Record<MeasureOriginKind, string> = { hazard: '隐患', finding: '督查反馈' };

export const MEASURE_LIMITS = { title: 200, description: 4000, ownerName: 50, ownerDepartment: 100, note: 2000, origins: 20 } as const;

/** Statuses that count as done: the document is adopted. */
export const MEASURE_DONE: readonly MeasureStatus[] = ['established', 'revised'];
export const isMeasureDone = (s: MeasureStatus): boolean => MEASURE_DONE.includes(s);

const MOVES: Record<MeasureStatus, readonly MeasureStatus[]> = {
  planned: ['in_progress', 'established'],
  in_progress: ['planned', 'established'],
  established: ['revised'],
  revised: ['revised'],
};

/** The statuses a measure in `from` may move to. */
export function measureMoves(from: MeasureStatus): readonly MeasureStatus[] {
  return MOVES[from];
}

export function mayMoveMeasure(from: MeasureStatus, to: MeasureStatus): boolean {
  return MOVES[from].includes(to);
}

/** A move that needs the adopted document and its date: to established or revised. */
export const moveNeedsDocument = (to: MeasureStatus): boolean => isMeasureDone(to);

export type MeasureFieldIssue = { field: string; message: string };

export type MeasureInput = {
  title?: string | null | undefined;
  kind?: MeasureKind | null | undefined;
  ownerName?: string | null | undefined;
  ownerDepartment?: string | null | undefined;
  description?: string | null | undefined;
  dueOn?: string | null | undefined;
};

const blank = (s: string | null | undefined) => !s || s.trim().length === 0;

/**
 * Every problem of a measure's fields as `field: reason` issues (empty when it may be saved):
 * a title, a kind, an owner and a due date are required. A due date in the past is allowed
 * (a measure recorded late is simply overdue at once).
 */
export function measureInputIssues(m: MeasureInput): MeasureFieldIssue[] {
  const issues: MeasureFieldIssue[] = [];
  if (blank(m.title)) issues.push({ field: 'title', message: '请填写制度措施名称' });
  else if (m.title!.trim().length > MEASURE_LIMITS.title) issues.push({ field: 'title', message: `名称不能超过 ${MEASURE_LIMITS.title} 个字` });
  if (!m.kind) issues.push({ field: 'kind', message: '请选择类别（制度、机制或长效措施）' });
  if (blank(m.ownerName)) issues.push({ field: 'ownerName', message: '请填写责任人' });
  else if (m.ownerName!.trim().length > MEASURE_LIMITS.ownerName) issues.push({ field: 'ownerName', message: `责任人不能超过 ${MEASURE_LIMITS.ownerName} 个字` });
  if (!m.dueOn) issues.push({ field: 'dueOn', message: '请填写完成时限' });
  return issues;
}

export type MeasureMoveInput = { to: MeasureStatus; adoptedOn: string | null | undefined; documentFileId: string | null | undefined; note?: string | null };

/**
 * The problems of a status move: it must be allowed from the current status; establishing or
 * revising needs the adopted document and its adoption date, which cannot lie after today
 * (`today` is the Beijing calendar date) nor, for a revision, before the previous adoption.
 */
export function measureMoveIssues(m: { status: MeasureStatus; adoptedOn: string | null }, mv: MeasureMoveInput, today: string): MeasureFieldIssue[] {
  const issues: MeasureFieldIssue[] = [];
  if (!mayMoveMeasure(m.status, mv.to)) {
    issues.push({ field: 'to', message: `“${MEASURE_STATUS_LABELS[m.status]}”的制度措施不能改为“${MEASURE_STATUS_LABELS[mv.to]}”` });
    return issues;
  }
  if (moveNeedsDocument(mv.to)) {
    if (!mv.documentFileId) issues.push({ field: 'documentFileId', message: '请上传制度文件（印发的文件或会议纪要）' });
    if (!mv.adoptedOn) issues.push({ field: 'adoptedOn', message: '请填写印发（建立）日期' });
    else if (mv.adoptedOn > today) issues.push({ field: 'adoptedOn', message: '印发日期不能晚于今天' });
    else if (mv.to === 'revised' && m.adoptedOn && mv.adoptedOn < m.adoptedOn) issues.push({ field: 'adoptedOn', message: `修订日期不能早于上次印发日期（${m.adoptedOn}）` });
  } else if (mv.documentFileId || mv.adoptedOn) {
    issues.push({ field: mv.documentFileId ? 'documentFileId' : 'adoptedOn', message: '尚未建立的制度措施不填写印发日期和文件' });
  }
  return issues;
}

/** Overdue: its due date has passed (Beijing calendar days) and it is not yet established or revised. */
export function isMeasureOverdue(m: { status: MeasureStatus; dueOn: string }, today: string): boolean {
  return !isMeasureDone(m.status) && m.dueOn < today;
}

export type MeasureAction = 'edit' | 'move';

/** What the caller may do: the school's own admin edits and moves it; everyone else reads. */
export function measureAllowedActions(role: Role): MeasureAction[] {
  return role === 'school_admin' ? ['edit', 'move'] : [];
}

/** The title a measure proposed from a closed hazard starts with (举一反三). */
export function proposedMeasureTitle(hazardTitle: string): string {
  const t = hazardTitle.trim().replace(/[。；;，,\s]+$/u, '');
  return `${t}（举一反三）长效管理制度`.slice(0, MEASURE_LIMITS.title);
}
