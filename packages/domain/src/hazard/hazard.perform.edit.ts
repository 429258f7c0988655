/**
 * 修改 (edit): the fields given change, each checked like at report or registration. The due
 * date changes only by an approved extension; the five commitments only after registration;
 * lowering a major hazard to general is for the supervisors (or the school correcting its own report).
 */
import { codeField, failure, filesField, foundAtField, fundsField, milestonesField, optionalText, refuse, requiredText, type Errors } from './hazard.fields.js';
import { SCHOOL_SIDE, SUPERVISOR_ROLES } from './hazard.guard.js';
import { changedFields, majorControlErrors, onRecord, type ActionContext, type Mutable, type Performed, type Performer } from './hazard.perform.js';
import type { HazardAction } from './hazard.table.js';
import { isHazardDomain, isHazardGrade, isHazardSource, type Hazard } from './hazard.types.js';

/** The report's own fields (what, where, found when and by whom). */
function editReportFields(h: Hazard, next: Mutable<Hazard>, { i, e, now }: ActionContext): void {
  const given = (k: string): boolean => i[k] !== undefined;
  if (given('title')) next.title = requiredText(e, i.title, 'title', '隐患名称');
  if (given('description')) next.description = requiredText(e, i.description, 'description', '隐患描述');
  if (given('location')) next.location = optionalText(e, i.location, 'location', '位置') ?? '';
  if (given('pointId')) next.pointId = optionalText(e, i.pointId, 'pointId', '风险点');
  if (given('domain')) next.domain = codeField(e, i.domain, isHazardDomain, 'domain', '隐患类别') ?? h.domain;
  if (given('grade')) next.grade = codeField(e, i.grade, isHazardGrade, 'grade', '隐患等级') ?? h.grade;
  if (given('source')) next.source = codeField(e, i.source, isHazardSource, 'source', '发现方式') ?? h.source;
  if (given('foundAt')) next.foundAt = foundAtField(e, i.foundAt, now) ?? h.foundAt;
  if (given('foundBy')) next.foundBy = requiredText(e, i.foundBy, 'foundBy', '发现人');
  if (given('addPhotos')) next.photos = [...h.photos, ...filesField(e, i.addPhotos, 'addPhotos', '隐患照片')];
  if (i.dueDate !== undefined) {
    e.push({ field: 'dueDate', code: 'INVALID_INPUT', message: '整改时限只能通过延期申请修改' });
  }
}

/** The five commitments and the plan: only once registered. */
function editCommitments(h: Hazard, next: Mutable<Hazard>, { i, e }: ActionContext): void {
  const given = (k: string): boolean => i[k] !== undefined;
  const registered = h.registeredAt !== null;
  for (const k of ['owner', 'measures', 'fundsFen', 'contingencyPlan', 'addMilestones'] as const) {
    if (given(k) && !registered) e.push({ field: k, code: 'INVALID_INPUT', message: '登记前不能修改整改五落实和整改计划，请先登记' });
  }
  if (registered) {
    if (given('owner')) next.owner = requiredText(e, i.owner, 'owner', '整改责任人', 'COMMITMENTS_INCOMPLETE');
    if (given('measures')) next.measures = requiredText(e, i.measures, 'measures', '整改措施', 'COMMITMENTS_INCOMPLETE');
    if (given('fundsFen')) next.fundsFen = fundsField(e, i.fundsFen, 'fundsFen') ?? h.fundsFen;
    if (given('contingencyPlan')) {
      next.contingencyPlan = requiredText(e, i.contingencyPlan, 'contingencyPlan', '应急预案', 'COMMITMENTS_INCOMPLETE');
    }
    if (given('addMilestones')) next.plan = [...h.plan, ...milestonesField(e, i.addMilestones, 'addMilestones', next.foundAt, h.dueDate)];
  }
  if (i.interimControls !== undefined) next.interimControls = optionalText(e, i.interimControls, 'interimControls', '临时管控措施');
  if (i.watcher !== undefined) next.watcher = optionalText(e, i.watcher, 'watcher', '盯防人');
}

/** The rules between the edited fields (grade changes, major controls, found before due). */
function editRuleErrors(e: Errors, h: Hazard, next: Hazard, c: ActionContext): void {
  const registered = h.registeredAt !== null;
  if (h.grade === 'major' && next.grade === 'general') {
    const schoolCorrectingOwnReport =
      SCHOOL_SIDE.includes(c.actor.role) && h.state === 'reported' && SCHOOL_SIDE.includes(h.reportedBy.role);
    if (!SUPERVISOR_ROLES.includes(c.actor.role) && !schoolCorrectingOwnReport) {
      e.push({ field: 'grade', code: 'GRADE_LOWER_NOT_ALLOWED', message: '重大隐患降为一般隐患须由督查组或教育局认定' });
    }
  }
  if (next.grade === 'major' && h.fixedOnSpot && !registered && h.state === 'pending_verification') {
    e.push({ field: 'grade', code: 'ON_THE_SPOT_GENERAL_ONLY', message: '立行立改的隐患待验收期间不能改为重大隐患，请先退回' });
  }
  if (registered && next.grade === 'major') majorControlErrors(e, next.interimControls, next.watcher);
  if (registered && h.dueDate !== null && next.foundAt > h.dueDate) {
    e.push({ field: 'foundAt', code: 'DUE_BEFORE_FOUND', message: `发现日期不能晚于整改时限（${h.dueDate}）` });
  }
}

function edit(h: Hazard, c: ActionContext): Performed {
  const next: Mutable<Hazard> = { ...h };
  editReportFields(h, next, c);
  editCommitments(h, next, c);
  editRuleErrors(c.e, h, next, c);
  if (c.e.length > 0) return refuse(c.e);
  if (changedFields(h, next).length === 0) return failure('NOTHING_CHANGED', '没有修改任何内容');
  return { next, comment: null };
}

export const editPerformers = {
  edit: onRecord('edit', edit),
} satisfies Partial<Record<HazardAction, Performer>>;
